import { describe, expect, test } from 'vitest';
import {
  approved,
  decideMeeting,
  itemOutcome,
  minimumAgree,
  minimumPresent,
  mustRecuse,
  partyGroupDecisionSchema,
  quorumMet,
} from '../../domain/decision';
import type { Ballot, MeetingInput, Vote } from '../../domain/decision';

/** Members m1…mN; m1 is the secretary. Candidate p1 is vetted, p2 is not. */
function meeting(size: number, overrides: Partial<MeetingInput> = {}): MeetingInput {
  const memberIds = Array.from({ length: size }, (_, i) => `m${i + 1}`);
  return {
    members: memberIds.map((memberId) => ({ memberId, isSecretary: memberId === 'm1' })),
    attendance: memberIds,
    agenda: [
      { personId: 'p1', vetted: true },
      { personId: 'p2', vetted: false },
    ],
    relations: [],
    votes: [],
    ...overrides,
  };
}

/** Ballots for the attendees in the given order, secretary (m1) moved last; `votes` are read in that order. */
function ballots(attendance: readonly string[], ...votes: Vote[]): Ballot[] {
  const order = [...attendance.filter((m) => m !== 'm1'), ...attendance.filter((m) => m === 'm1')];
  return order.flatMap((memberId, i) => {
    const vote = votes[i];
    return vote === undefined ? [] : [{ memberId, vote }];
  });
}

const firstN = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`);
const repeat = (vote: Vote, n: number): Vote[] => Array.from({ length: n }, () => vote);
const tally = (agree: number, disagree: number, defer = 0): Vote[] => [
  ...repeat('DEFER', defer),
  ...repeat('DISAGREE', disagree),
  ...repeat('AGREE', agree),
];

describe('decision', () => {
  describe('quorumMet', () => {
    test.each([
      { members: 5, present: 4, met: true },
      { members: 5, present: 3, met: false },
      { members: 7, present: 5, met: true },
      { members: 7, present: 4, met: false },
      { members: 9, present: 6, met: true },
      { members: 9, present: 5, met: false },
      { members: 6, present: 4, met: true },
      { members: 0, present: 0, met: false },
    ])('when $present of $members attend, quorum met is $met', ({ members, present, met }) => {
      expect(quorumMet(present, members)).toBe(met);
    });
  });

  describe('approved', () => {
    test.each([
      { members: 5, agree: 3, ok: true },
      { members: 5, agree: 2, ok: false },
      { members: 7, agree: 4, ok: true },
      { members: 7, agree: 3, ok: false },
      { members: 9, agree: 5, ok: true },
      { members: 9, agree: 4, ok: false },
      { members: 8, agree: 4, ok: false },
      { members: 8, agree: 5, ok: true },
    ])('when $agree of $members members agree, approved is $ok', ({ members, agree, ok }) => {
      expect(approved(agree, members)).toBe(ok);
    });
  });

  describe('minimumPresent and minimumAgree', () => {
    test.each([
      { members: 5, present: 4, agree: 3 },
      { members: 7, present: 5, agree: 4 },
      { members: 9, present: 6, agree: 5 },
      { members: 3, present: 2, agree: 2 },
      { members: 6, present: 4, agree: 4 },
      { members: 8, present: 6, agree: 5 },
    ])('when the party group has $members members, ≥$present must attend and ≥$agree agree', (row) => {
      expect(minimumPresent(row.members)).toBe(row.present);
      expect(minimumAgree(row.members)).toBe(row.agree);
      expect(quorumMet(row.present, row.members) && !quorumMet(row.present - 1, row.members)).toBe(true);
      expect(approved(row.agree, row.members) && !approved(row.agree - 1, row.members)).toBe(true);
    });
  });

  describe('mustRecuse', () => {
    const relations = [{ memberId: 'm2', personId: 'p1', kind: 'SPOUSE' as const }];
    test.each([
      { memberId: 'm2', personId: 'p1', recuse: true },
      { memberId: 'm2', personId: 'p2', recuse: false },
      { memberId: 'm3', personId: 'p1', recuse: false },
    ])('when $memberId is considered for $personId, recuse is $recuse', ({ memberId, personId, recuse }) => {
      expect(mustRecuse(memberId, personId, relations)).toBe(recuse);
    });
  });

  describe('itemOutcome', () => {
    test.each([
      { members: 7, agree: 4, disagree: 3, defer: 0, divergent: false, outcome: 'APPROVED' },
      { members: 7, agree: 3, disagree: 4, defer: 0, divergent: false, outcome: 'REJECTED' },
      { members: 7, agree: 3, disagree: 2, defer: 0, divergent: false, outcome: 'REJECTED' },
      { members: 7, agree: 3, disagree: 2, defer: 0, divergent: true, outcome: 'DEFERRED' },
      { members: 7, agree: 1, disagree: 4, defer: 0, divergent: true, outcome: 'REJECTED' },
      { members: 7, agree: 1, disagree: 1, defer: 3, divergent: false, outcome: 'DEFERRED' },
      { members: 7, agree: 2, disagree: 1, defer: 2, divergent: false, outcome: 'REJECTED' },
      { members: 9, agree: 5, disagree: 0, defer: 4, divergent: false, outcome: 'APPROVED' },
    ])(
      'when $agree agree, $disagree disagree and $defer defer of $members (deferIfDivergent $divergent), it is $outcome',
      ({ divergent, outcome, ...counts }) => {
        expect(itemOutcome({ ...counts, deferIfDivergent: divergent })).toBe(outcome);
      },
    );
  });

  describe('decideMeeting', () => {
    test.each([
      { members: 5, present: 4, agree: 3, outcome: 'APPROVED' },
      { members: 5, present: 4, agree: 2, outcome: 'REJECTED' },
      { members: 5, present: 5, agree: 2, outcome: 'REJECTED' },
      { members: 7, present: 5, agree: 4, outcome: 'APPROVED' },
      { members: 7, present: 5, agree: 3, outcome: 'REJECTED' },
      { members: 7, present: 7, agree: 3, outcome: 'REJECTED' },
      { members: 9, present: 6, agree: 5, outcome: 'APPROVED' },
      { members: 9, present: 6, agree: 4, outcome: 'REJECTED' },
      { members: 9, present: 9, agree: 4, outcome: 'REJECTED' },
    ])(
      'when $present of $members attend and $agree agree (the rest disagree), the item is $outcome',
      ({ members, present, agree, outcome }) => {
        const attendance = firstN(present);
        const votes = [{ personId: 'p1', ballots: ballots(attendance, ...tally(agree, present - agree)) }];
        expect(decideMeeting(meeting(members, { attendance, votes }))).toEqual({
          ok: true,
          outcomes: [{ personId: 'p1', outcome, agree, disagree: present - agree, defer: 0, present, recused: [] }],
        });
      },
    );

    test.each([
      { members: 5, present: 3 },
      { members: 7, present: 4 },
      { members: 9, present: 5 },
    ])(
      'when only $present of $members attend, the meeting decides nothing (quorum.not_met)',
      ({ members, present }) => {
        const attendance = firstN(present);
        const votes = [{ personId: 'p1', ballots: ballots(attendance, ...repeat('AGREE', present)) }];
        expect(decideMeeting(meeting(members, { attendance, votes }))).toEqual({
          ok: false,
          violations: [{ code: 'quorum.not_met', message: expect.any(String), path: ['attendance'] }],
        });
      },
    );

    describe('recusal', () => {
      const relations = [{ memberId: 'm3', personId: 'p1', kind: 'LINEAL' as const }];
      const attendance = firstN(5);
      const others = attendance.filter((m) => m !== 'm3');
      const votes = [{ personId: 'p1', ballots: ballots(others, ...repeat('AGREE', 4)) }];

      test('when 5 of 7 attend and one must recuse, the item loses its quorum (quorum.not_met_for_item)', () => {
        expect(decideMeeting(meeting(7, { attendance, relations, votes }))).toEqual({
          ok: false,
          violations: [{ code: 'quorum.not_met_for_item', message: expect.any(String), path: ['votes', 0] }],
        });
      });

      test('when recused members do not count as absent, the same item is APPROVED with 4 of 7', () => {
        const result = decideMeeting(
          meeting(7, { attendance, relations, votes, settings: { recusedCountsAsAbsent: false } }),
        );
        expect(result).toEqual({
          ok: true,
          outcomes: [
            { personId: 'p1', outcome: 'APPROVED', agree: 4, disagree: 0, defer: 0, present: 5, recused: ['m3'] },
          ],
        });
      });

      test.each([
        { members: 8, agree: 4, outcome: 'REJECTED' },
        { members: 8, agree: 5, outcome: 'APPROVED' },
        { members: 6, agree: 3, outcome: 'REJECTED' },
        { members: 6, agree: 4, outcome: 'APPROVED' },
      ])(
        'when all $members attend, one recuses and $agree agree, the recused member still counts in the threshold: $outcome',
        ({ members, agree, outcome }) => {
          const voters = firstN(members).filter((m) => m !== 'm3');
          const input = meeting(members, {
            relations,
            votes: [{ personId: 'p1', ballots: ballots(voters, ...tally(agree, voters.length - agree)) }],
          });
          expect(decideMeeting(input)).toMatchObject({
            ok: true,
            outcomes: [{ outcome, agree, present: members - 1, recused: ['m3'] }],
          });
        },
      );

      test('when the recused member votes anyway, the ballot is refused (recusal.required)', () => {
        const input = meeting(7, {
          relations,
          votes: [{ personId: 'p1', ballots: ballots(firstN(7), ...repeat('AGREE', 7)) }],
        });
        expect(decideMeeting(input)).toEqual({
          ok: false,
          violations: [{ code: 'recusal.required', message: expect.any(String), path: ['votes', 0, 'ballots', 1] }],
        });
      });

      test('when the secretary must recuse, the last other member closes the item', () => {
        const input = meeting(5, {
          relations: [{ memberId: 'm1', personId: 'p1', kind: 'SELF' }],
          votes: [{ personId: 'p1', ballots: ballots(firstN(5).slice(1), ...repeat('AGREE', 4)) }],
        });
        expect(decideMeeting(input)).toMatchObject({ ok: true, outcomes: [{ outcome: 'APPROVED', recused: ['m1'] }] });
      });

      test('when a relative is absent, nobody is listed as recused', () => {
        const input = meeting(7, {
          attendance: ['m1', 'm2', 'm4', 'm5', 'm6'],
          relations,
          votes: [{ personId: 'p1', ballots: ballots(['m1', 'm2', 'm4', 'm5', 'm6'], ...repeat('AGREE', 5)) }],
        });
        expect(decideMeeting(input)).toMatchObject({ ok: true, outcomes: [{ present: 5, recused: [] }] });
      });
    });

    test('when opinions diverge and deferIfDivergent is set, the item is DEFERRED', () => {
      const votes = [{ personId: 'p1', ballots: ballots(firstN(7), ...tally(3, 3, 1)) }];
      expect(decideMeeting(meeting(7, { votes }))).toMatchObject({ ok: true, outcomes: [{ outcome: 'REJECTED' }] });
      expect(decideMeeting(meeting(7, { votes, deferIfDivergent: true }))).toMatchObject({
        ok: true,
        outcomes: [{ outcome: 'DEFERRED', agree: 3, disagree: 3, defer: 1 }],
      });
    });

    describe('meeting date', () => {
      const ready = (date: string, after: 'vetting' | 'meeting' = 'vetting') => ({ date, after });
      const dated = (heldOn: string, readyOn?: { date: string; after: 'vetting' | 'meeting' }) =>
        meeting(5, {
          agenda: [{ personId: 'p1', vetted: true, ...(readyOn ? { readyOn } : {}) }],
          votes: [{ personId: 'p1', ballots: ballots(firstN(5), ...repeat('AGREE', 5)) }],
          dates: { heldOn, today: '2026-12-01' },
        });
      test.each([
        { case: 'today, after the last vetting step', input: dated('2026-12-01', ready('2026-11-30')), code: null },
        { case: 'the day of the last vetting step', input: dated('2026-11-30', ready('2026-11-30')), code: null },
        { case: 'tomorrow', input: dated('2026-12-02', ready('2026-11-30')), code: 'meeting.in_future' },
        {
          case: 'the day before the last vetting step',
          input: dated('2026-11-29', ready('2026-11-30')),
          code: 'meeting.before_vetting',
        },
        {
          case: 'before the meeting that deferred the candidate',
          input: dated('2026-11-20', ready('2026-11-25', 'meeting')),
          code: 'meeting.before_previous_meeting',
        },
        { case: 'in the past, no step recorded', input: dated('2020-01-01'), code: null },
      ])('when the meeting is dated $case, the code is $code', ({ input, code }) => {
        const decided = decideMeeting(input);
        if (code === null) expect(decided).toMatchObject({ ok: true, outcomes: [{ outcome: 'APPROVED' }] });
        else
          expect(decided).toEqual({ ok: false, violations: [{ code, message: expect.any(String), path: ['heldOn'] }] });
      });

      test('when no dates are given (a batch started before the check), any date is accepted', () => {
        const { dates: _d, ...undated } = dated('2030-01-01', ready('2031-01-01'));
        expect(decideMeeting(undated)).toMatchObject({ ok: true });
      });
    });

    test('when most members state 缓议, the item is DEFERRED', () => {
      const votes = [{ personId: 'p1', ballots: ballots(firstN(7), ...tally(2, 1, 4)) }];
      expect(decideMeeting(meeting(7, { votes }))).toMatchObject({ ok: true, outcomes: [{ outcome: 'DEFERRED' }] });
    });

    test('when several items are voted, each gets its own outcome in the given order', () => {
      const input = meeting(5, {
        agenda: [
          { personId: 'p1', vetted: true },
          { personId: 'p3', vetted: true },
        ],
        votes: [
          { personId: 'p3', ballots: ballots(firstN(5), ...tally(2, 3)) },
          { personId: 'p1', ballots: ballots(firstN(5), ...tally(5, 0)) },
        ],
      });
      expect(decideMeeting(input)).toMatchObject({
        ok: true,
        outcomes: [
          { personId: 'p3', outcome: 'REJECTED' },
          { personId: 'p1', outcome: 'APPROVED' },
        ],
      });
    });

    const five = firstN(5);
    const allAgree = (personId = 'p1') => ({ personId, ballots: ballots(five, ...repeat('AGREE', 5)) });
    test.each<{ case: string; input: MeetingInput; code: string; path: (string | number)[] }>([
      {
        case: 'an item is a candidate not yet vetted',
        input: meeting(5, { votes: [allAgree('p2')] }),
        code: 'vetting.incomplete',
        path: ['votes', 0, 'personId'],
      },
      {
        case: 'an item is nominated ad hoc',
        input: meeting(5, { votes: [allAgree('p9')] }),
        code: 'agenda.unknown_candidate',
        path: ['votes', 0, 'personId'],
      },
      {
        case: 'an item is voted twice',
        input: meeting(5, { votes: [allAgree(), allAgree()] }),
        code: 'agenda.duplicate_item',
        path: ['votes', 1, 'personId'],
      },
      {
        case: 'the secretary does not state last',
        input: meeting(5, {
          votes: [
            {
              personId: 'p1',
              ballots: ['m2', 'm1', 'm3', 'm4', 'm5'].map((memberId) => ({ memberId, vote: 'AGREE' as const })),
            },
          ],
        }),
        code: 'secretary.not_last',
        path: ['votes', 0, 'ballots', 1],
      },
      {
        case: 'a present member has no ballot',
        input: meeting(5, { votes: [{ personId: 'p1', ballots: ballots(five, ...repeat('AGREE', 5)).slice(1) }] }),
        code: 'ballot.missing',
        path: ['votes', 0, 'ballots'],
      },
      {
        case: 'a member votes twice',
        input: meeting(5, {
          votes: [{ personId: 'p1', ballots: [{ memberId: 'm2', vote: 'AGREE' }, ...allAgree().ballots] }],
        }),
        code: 'ballot.duplicate',
        path: ['votes', 0, 'ballots', 1],
      },
      {
        case: 'an absent member votes',
        input: meeting(5, {
          attendance: firstN(4),
          votes: [{ personId: 'p1', ballots: ballots(five, ...repeat('AGREE', 5)) }],
        }),
        code: 'ballot.not_present',
        path: ['votes', 0, 'ballots', 3],
      },
      {
        case: 'a non-member votes',
        input: meeting(5, {
          votes: [{ personId: 'p1', ballots: [{ memberId: 'x1', vote: 'AGREE' }, ...allAgree().ballots] }],
        }),
        code: 'ballot.unknown_member',
        path: ['votes', 0, 'ballots', 0],
      },
      {
        case: 'a non-member is listed as attending',
        input: meeting(5, { attendance: [...five, 'x1'], votes: [allAgree()] }),
        code: 'attendance.unknown_member',
        path: ['attendance', 5],
      },
      {
        case: 'a member is listed twice as attending',
        input: meeting(5, { attendance: [...five, 'm2'], votes: [allAgree()] }),
        code: 'attendance.duplicate',
        path: ['attendance', 5],
      },
      {
        case: 'attendance is below two thirds',
        input: meeting(5, {
          attendance: firstN(3),
          votes: [{ personId: 'p1', ballots: ballots(firstN(3), ...repeat('AGREE', 3)) }],
        }),
        code: 'quorum.not_met',
        path: ['attendance'],
      },
      {
        case: 'a recusal leaves the item below two thirds',
        input: meeting(5, {
          attendance: firstN(4),
          relations: [{ memberId: 'm2', personId: 'p1', kind: 'COLLATERAL' }],
          votes: [{ personId: 'p1', ballots: ballots(['m1', 'm3', 'm4'], ...repeat('AGREE', 3)) }],
        }),
        code: 'quorum.not_met_for_item',
        path: ['votes', 0],
      },
      {
        case: 'a recused member votes',
        input: meeting(5, { relations: [{ memberId: 'm5', personId: 'p1', kind: 'IN_LAW' }], votes: [allAgree()] }),
        code: 'recusal.required',
        path: ['votes', 0, 'ballots', 3],
      },
    ])('when $case, the record is refused with $code', ({ input, code, path }) => {
      expect(decideMeeting(input)).toEqual({
        ok: false,
        violations: [{ code, message: expect.any(String), path }],
      });
    });

    test('when several rules are broken, every violation is listed', () => {
      const input = meeting(5, {
        votes: [
          allAgree('p2'),
          {
            personId: 'p1',
            ballots: ['m1', 'm2', 'm3', 'm4'].map((memberId) => ({ memberId, vote: 'AGREE' as const })),
          },
        ],
      });
      const result = decideMeeting(input);
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.violations.map((v) => v.code)).toEqual([
          'vetting.incomplete',
          'secretary.not_last',
          'ballot.missing',
        ]);
    });
  });

  describe('partyGroupDecisionSchema', () => {
    const valid = {
      meetingId: 'pg-2026-03',
      heldOn: '2026-03-10',
      attendance: ['m1', 'm2'],
      votes: [{ personId: 'p1', ballots: [{ memberId: 'm2', vote: 'AGREE' }] }],
    };
    test.each([
      { case: 'a complete record', payload: valid, path: null },
      { case: 'minutes reference', payload: { ...valid, minutesRef: '党组会纪要〔2026〕3号' }, path: null },
      { case: 'a date that is not YYYY-MM-DD', payload: { ...valid, heldOn: '2026-3-10' }, path: 'heldOn' },
      { case: 'an impossible date', payload: { ...valid, heldOn: '2026-02-30' }, path: 'heldOn' },
      {
        case: 'an unknown vote',
        payload: { ...valid, votes: [{ personId: 'p1', ballots: [{ memberId: 'm2', vote: 'ABSTAIN' }] }] },
        path: 'votes.0.ballots.0.vote',
      },
      { case: 'no votes', payload: { ...valid, votes: [] }, path: 'votes' },
      { case: 'no attendance', payload: { ...valid, attendance: [] }, path: 'attendance' },
      { case: 'an unknown key', payload: { ...valid, approvedBy: 'm1' }, path: '' },
      {
        case: 'an unknown key in a ballot',
        payload: { ...valid, votes: [{ personId: 'p1', ballots: [{ memberId: 'm2', vote: 'AGREE', weight: 2 }] }] },
        path: 'votes.0.ballots.0',
      },
    ])('when the payload has $case, the issue path is $path', ({ payload, path }) => {
      const parsed = partyGroupDecisionSchema.safeParse(payload);
      if (path === null) expect(parsed.success).toBe(true);
      else expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(path);
    });
  });
});
