import { describe, expect, test } from 'vitest';
import { officialYearsFromChineseDays } from '../../domain/calendar-data';
import {
  createTrainingSessionSchema,
  evaluationDue,
  evaluationRefusal,
  trainingEvaluationSchema,
} from '../../domain/training';

const years = officialYearsFromChineseDays([2024, 2025, 2026]);
const evaluation = (people: string[]) =>
  trainingEvaluationSchema.parse({
    teachingQualityScore: 90,
    learningTests: people.map((personId) => ({ personId, passed: true })),
  });

describe('domain/training', () => {
  describe('evaluationDue', () => {
    test.each([
      // Friday, no holiday: two working weeks later.
      ['2024-03-01', '2024-03-15'],
      // Over 国庆 2026 (10/1–10/7 off) with the make-up Saturday 10/10 counted.
      ['2026-09-30', '2026-10-20'],
      // Over 春节 2026 (2/15–2/23 off): 2/13, Sat 2/14, 2/24–2/27, Sat 2/28, 3/2, 3/3, 3/4.
      ['2026-02-12', '2026-03-04'],
    ])('when a session ends on %s, its evaluation is due on %s', (endsOn, due) => {
      expect(evaluationDue({ endsOn, evaluated: false }, years, endsOn).evaluationDueOn).toBe(due);
    });

    test('when unevaluated after the due day, it is overdue; on the due day or once evaluated, it is not', () => {
      const s = { endsOn: '2024-03-01', evaluated: false };
      expect(evaluationDue(s, years, '2024-03-15').evaluationOverdue).toBe(false);
      expect(evaluationDue(s, years, '2024-03-16').evaluationOverdue).toBe(true);
      expect(evaluationDue({ ...s, evaluated: true }, years, '2025-01-01').evaluationOverdue).toBe(false);
    });

    test('when the walk reaches a year without an official calendar, nothing is guessed', () => {
      expect(evaluationDue({ endsOn: '2026-12-28', evaluated: false }, years, '2027-03-01')).toEqual({
        evaluationDueOn: null,
        evaluationOverdue: null,
      });
    });
  });

  describe('evaluationRefusal', () => {
    const session = { endsOn: '2024-03-01', participants: ['a', 'b'] };
    test('when the session has not reached its last day, training.not_ended; from that day on, accepted', () => {
      expect(evaluationRefusal(session, evaluation(['a', 'b']), '2024-02-29')?.code).toBe('training.not_ended');
      expect(evaluationRefusal(session, evaluation(['a', 'b']), '2024-03-01')).toBeUndefined();
    });

    test('when a participant is missing or a stranger is named, each is listed', () => {
      expect(evaluationRefusal(session, evaluation(['a', 'x']), '2024-03-02')).toEqual({
        code: 'training.participants_mismatch',
        message: expect.any(String),
        errors: [
          { path: 'learningTests.1.personId', message: 'x is not a participant of this session' },
          { path: 'learningTests', message: 'no result for participant b' },
        ],
      });
    });
  });

  describe('createTrainingSessionSchema', () => {
    const body = {
      kind: 'INITIAL',
      title: '初任培训班',
      organiser: '市委组织部',
      startsOn: '2024-07-01',
      endsOn: '2024-07-12',
      hours: 96,
      participants: ['a'],
    };
    test.each([
      [{}, []],
      [{ hours: 7.5 }, []],
      [{ hours: 7.25 }, ['hours']],
      [{ endsOn: '2025-07-13' }, ['endsOn']],
      [{ kind: 'business' }, ['kind']],
      [{ participants: ['a', 'a'] }, ['participants.1']],
    ])('when %o, the issues are at %o', (overrides, paths) => {
      const result = createTrainingSessionSchema.safeParse({ ...body, ...overrides });
      expect(result.success ? [] : result.error.issues.map((i) => i.path.join('.'))).toEqual(paths);
    });
  });
});
