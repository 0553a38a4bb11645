import { describe, expect, test } from 'vitest';
import { roles } from '../../domain/roles';
import type { Actor, Role } from '../../domain/roles';
import {
  applyCheck,
  authorizeCheck,
  checkKinds,
  fourMusts,
  initialVettingState,
  missingChecks,
  recordCheckSchema,
  vettingOutcome,
} from '../../domain/vetting';
import type { ApplyCheckInput, CheckKind, CheckResult, VettingState } from '../../domain/vetting';

const at = '2026-03-02T02:00:00.000Z';
const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({ id: `u-${role}`, roles: [role], ...extra });
const officer = actor('ORG_OFFICER');
const discipline = actor('DISCIPLINE_GROUP');
const secretary = actor('PARTY_GROUP_SECRETARY');
const branchSecretary = actor('BRANCH_SECRETARY', { branchId: 'b1' });

const recorderOf: Record<CheckKind, Actor> = {
  ARCHIVE_AUDIT: officer,
  PERSONAL_MATTERS: officer,
  DISCIPLINE_OPINION: discipline,
  PETITION_CHECK: officer,
  BRANCH_OPINION: branchSecretary,
  INTEGRITY_CONCLUSION: secretary,
};

function apply(state: VettingState, input: Partial<ApplyCheckInput> & { kind: CheckKind }): VettingState {
  const result = applyCheck(state, { result: 'clear', actor: recorderOf[input.kind], at, ...input });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.state;
}

function allClear(except: CheckKind[] = []): VettingState {
  let state = initialVettingState;
  for (const kind of checkKinds.filter((k) => !except.includes(k))) {
    state = apply(state, { kind });
    if (kind === 'INTEGRITY_CONCLUSION') state = apply(state, { kind, actor: discipline });
  }
  return state;
}

describe('vetting', () => {
  describe('fourMusts', () => {
    test('when listing 凡提四必, it is archive, personal matters, discipline opinion and petitions', () => {
      expect([...fourMusts]).toEqual(['ARCHIVE_AUDIT', 'PERSONAL_MATTERS', 'DISCIPLINE_OPINION', 'PETITION_CHECK']);
    });
  });

  describe('authorizeCheck', () => {
    const allowedRoles: Record<CheckKind, Role[]> = {
      ARCHIVE_AUDIT: ['ORG_OFFICER', 'ORG_HEAD'],
      PERSONAL_MATTERS: ['ORG_OFFICER', 'ORG_HEAD'],
      DISCIPLINE_OPINION: ['DISCIPLINE_GROUP'],
      PETITION_CHECK: ['ORG_OFFICER', 'ORG_HEAD'],
      BRANCH_OPINION: ['BRANCH_SECRETARY'],
      INTEGRITY_CONCLUSION: ['PARTY_GROUP_SECRETARY', 'DISCIPLINE_GROUP'],
    };
    const cases = checkKinds.flatMap((kind) =>
      roles.map((role) => ({ kind, role, allowed: allowedRoles[kind].includes(role) })),
    );

    test.each(cases)('when a $role records $kind, allowed is $allowed', ({ kind, role, allowed }) => {
      const result = authorizeCheck({ actor: actor(role, { branchId: 'b1' }), kind, candidate: { branchId: 'b1' } });
      expect(result).toEqual(allowed ? { ok: true } : expect.objectContaining({ ok: false, code: 'role.forbidden' }));
    });

    test.each([
      { case: 'of their own branch', branchId: 'b1', expected: { ok: true } },
      { case: 'of another branch', branchId: 'b2', expected: expect.objectContaining({ code: 'branch.not_own' }) },
      { case: 'and has no branch', branchId: undefined, expected: expect.objectContaining({ code: 'branch.not_own' }) },
    ])(
      'when a branch secretary gives an opinion on a candidate $case, the result is $expected',
      ({ branchId, expected }) => {
        const secretaryOfB = actor('BRANCH_SECRETARY', branchId === undefined ? {} : { branchId: 'b1' });
        const candidate = { branchId: branchId ?? 'b1' };
        expect(authorizeCheck({ actor: secretaryOfB, kind: 'BRANCH_OPINION', candidate })).toEqual(expected);
      },
    );

    test('when an ORG_OFFICER of another branch records an archive audit, the branch does not matter', () => {
      const result = authorizeCheck({
        actor: actor('ORG_OFFICER', { branchId: 'b9' }),
        kind: 'ARCHIVE_AUDIT',
        candidate: { branchId: 'b1' },
      });
      expect(result).toEqual({ ok: true });
    });
  });

  describe('recordCheckSchema', () => {
    test.each([
      { case: 'a clear result', payload: { kind: 'ARCHIVE_AUDIT', result: 'clear' }, path: null },
      {
        case: 'issues with a note',
        payload: { kind: 'PETITION_CHECK', result: 'issues_not_affecting', note: 'n' },
        path: null,
      },
      {
        case: 'affects_use with a reason',
        payload: { kind: 'DISCIPLINE_OPINION', result: 'affects_use', reason: 'r' },
        path: null,
      },
      {
        case: 'affects_use without a reason',
        payload: { kind: 'DISCIPLINE_OPINION', result: 'affects_use' },
        path: 'reason',
      },
      {
        case: 'an empty reason',
        payload: { kind: 'DISCIPLINE_OPINION', result: 'affects_use', reason: '' },
        path: 'reason',
      },
      {
        case: 'a note over 4000 characters',
        payload: { kind: 'ARCHIVE_AUDIT', result: 'clear', note: 'x'.repeat(4001) },
        path: 'note',
      },
      { case: 'an unknown kind', payload: { kind: 'HEALTH_CHECK', result: 'clear' }, path: 'kind' },
      { case: 'an unknown result', payload: { kind: 'ARCHIVE_AUDIT', result: 'fine' }, path: 'result' },
      { case: 'an unknown key', payload: { kind: 'ARCHIVE_AUDIT', result: 'clear', actorId: 'u1' }, path: '' },
    ])('when the payload has $case, the issue path is $path', ({ payload, path }) => {
      const parsed = recordCheckSchema.safeParse(payload);
      if (path === null) expect(parsed.success).toBe(true);
      else expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(path);
    });
  });

  describe('applyCheck', () => {
    test.each(checkKinds.filter((k) => k !== 'INTEGRITY_CONCLUSION'))(
      'when %s is recorded, the record keeps result, actor, role and time',
      (kind) => {
        const state = apply(initialVettingState, { kind, result: 'issues_not_affecting', note: 'seen' });
        expect(state[kind as Exclude<CheckKind, 'INTEGRITY_CONCLUSION'>]).toEqual({
          result: 'issues_not_affecting',
          recordedBy: { actorId: recorderOf[kind].id, role: recorderOf[kind].roles[0] },
          at,
          note: 'seen',
        });
      },
    );

    test('when a check is recorded, the previous state is left unchanged', () => {
      const before = apply(initialVettingState, { kind: 'ARCHIVE_AUDIT' });
      const snapshot = structuredClone(before);
      apply(before, { kind: 'PETITION_CHECK' });
      expect(before).toEqual(snapshot);
    });

    test.each<{ case: string; state: () => VettingState; input: ApplyCheckInput; code: string }>([
      {
        case: 'the same check is recorded twice',
        state: () => apply(initialVettingState, { kind: 'ARCHIVE_AUDIT' }),
        input: { kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer, at },
        code: 'check.already_recorded',
      },
      {
        case: 'an ORG_OFFICER gives the discipline opinion',
        state: () => initialVettingState,
        input: { kind: 'DISCIPLINE_OPINION', result: 'clear', actor: officer, at },
        code: 'role.forbidden',
      },
      {
        case: 'an AUDITOR records a petition check',
        state: () => initialVettingState,
        input: { kind: 'PETITION_CHECK', result: 'clear', actor: actor('AUDITOR'), at },
        code: 'role.forbidden',
      },
      {
        case: 'affects_use comes without a reason',
        state: () => initialVettingState,
        input: { kind: 'PETITION_CHECK', result: 'affects_use', actor: officer, at },
        code: 'check.reason_required',
      },
      {
        case: 'the secretary signs the integrity conclusion twice',
        state: () => apply(initialVettingState, { kind: 'INTEGRITY_CONCLUSION' }),
        input: { kind: 'INTEGRITY_CONCLUSION', result: 'clear', actor: secretary, at },
        code: 'signature.already_given',
      },
      {
        case: 'the discipline group signs the integrity conclusion twice',
        state: () => apply(initialVettingState, { kind: 'INTEGRITY_CONCLUSION', actor: discipline }),
        input: { kind: 'INTEGRITY_CONCLUSION', result: 'clear', actor: discipline, at },
        code: 'signature.already_given',
      },
      {
        case: 'one person holding both roles signs the integrity conclusion twice',
        state: () =>
          apply(initialVettingState, {
            kind: 'INTEGRITY_CONCLUSION',
            actor: { id: 'both', roles: ['PARTY_GROUP_SECRETARY', 'DISCIPLINE_GROUP'] },
          }),
        input: {
          kind: 'INTEGRITY_CONCLUSION',
          result: 'clear',
          actor: { id: 'both', roles: ['PARTY_GROUP_SECRETARY', 'DISCIPLINE_GROUP'] },
          at,
        },
        code: 'signature.same_person',
      },
      {
        case: 'the integrity conclusion is signed a third time',
        state: () => allClear(),
        input: { kind: 'INTEGRITY_CONCLUSION', result: 'clear', actor: discipline, at },
        code: 'check.already_recorded',
      },
      {
        case: 'a check comes after the candidacy ended',
        state: () => apply(initialVettingState, { kind: 'DISCIPLINE_OPINION', result: 'affects_use', reason: 'r' }),
        input: { kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer, at },
        code: 'vetting.closed',
      },
    ])('when $case, it is refused with $code', ({ state, input, code }) => {
      expect(applyCheck(state(), input)).toEqual({ ok: false, code, message: expect.any(String) });
    });

    test.each([
      { first: secretary, second: discipline },
      { first: discipline, second: secretary },
    ])(
      'when $first.roles.0 signs first and $second.roles.0 second, the conclusion is complete',
      ({ first, second }) => {
        const once = apply(initialVettingState, { kind: 'INTEGRITY_CONCLUSION', actor: first });
        expect(once.INTEGRITY_CONCLUSION?.result).toBeUndefined();
        expect(missingChecks(once)).toContain('INTEGRITY_CONCLUSION');
        const twice = apply(once, { kind: 'INTEGRITY_CONCLUSION', actor: second, at: '2026-03-03T02:00:00.000Z' });
        expect(twice.INTEGRITY_CONCLUSION).toMatchObject({
          result: 'clear',
          at: '2026-03-03T02:00:00.000Z',
          signatures: {
            secretary: { recordedBy: { actorId: secretary.id, role: 'PARTY_GROUP_SECRETARY' } },
            discipline: { recordedBy: { actorId: discipline.id, role: 'DISCIPLINE_GROUP' } },
          },
        });
        expect(missingChecks(twice)).not.toContain('INTEGRITY_CONCLUSION');
      },
    );

    test.each<{ secretarys: CheckResult; disciplines: CheckResult; expected: CheckResult }>([
      { secretarys: 'clear', disciplines: 'clear', expected: 'clear' },
      { secretarys: 'clear', disciplines: 'issues_not_affecting', expected: 'issues_not_affecting' },
      { secretarys: 'issues_not_affecting', disciplines: 'clear', expected: 'issues_not_affecting' },
      { secretarys: 'affects_use', disciplines: 'clear', expected: 'affects_use' },
      { secretarys: 'issues_not_affecting', disciplines: 'affects_use', expected: 'affects_use' },
    ])(
      'when the secretary signs $secretarys and the discipline group $disciplines, the conclusion is $expected',
      ({ secretarys, disciplines, expected }) => {
        const reason = 'r';
        const once = apply(initialVettingState, {
          kind: 'INTEGRITY_CONCLUSION',
          actor: secretary,
          result: secretarys,
          reason,
        });
        const twice = apply(once, { kind: 'INTEGRITY_CONCLUSION', actor: discipline, result: disciplines, reason });
        expect(twice.INTEGRITY_CONCLUSION?.result).toBe(expected);
      },
    );
  });

  describe('vettingOutcome', () => {
    test('when nothing is recorded, it is INCOMPLETE and all six checks are missing', () => {
      expect(vettingOutcome(initialVettingState)).toBe('INCOMPLETE');
      expect(missingChecks(initialVettingState)).toEqual([...checkKinds]);
    });

    test('when all six checks are complete with both signatures, it is VETTED', () => {
      const state = allClear();
      expect(vettingOutcome(state)).toBe('VETTED');
      expect(missingChecks(state)).toEqual([]);
    });

    test('when the integrity conclusion has only one signature, it is INCOMPLETE', () => {
      const state = apply(allClear(['INTEGRITY_CONCLUSION']), { kind: 'INTEGRITY_CONCLUSION', actor: discipline });
      expect(vettingOutcome(state)).toBe('INCOMPLETE');
      expect(missingChecks(state)).toEqual(['INTEGRITY_CONCLUSION']);
    });

    test.each(checkKinds.filter((k) => k !== 'INTEGRITY_CONCLUSION'))(
      'when only %s is missing, it is INCOMPLETE and that check is missing',
      (kind) => {
        const state = allClear([kind]);
        expect(vettingOutcome(state)).toBe('INCOMPLETE');
        expect(missingChecks(state)).toEqual([kind]);
      },
    );

    test.each<{ kind: CheckKind; exit: string }>([
      { kind: 'DISCIPLINE_OPINION', exit: 'VETOED' },
      { kind: 'ARCHIVE_AUDIT', exit: 'DISQUALIFIED' },
      { kind: 'PERSONAL_MATTERS', exit: 'DISQUALIFIED' },
      { kind: 'PETITION_CHECK', exit: 'DISQUALIFIED' },
      { kind: 'BRANCH_OPINION', exit: 'DISQUALIFIED' },
    ])('when $kind affects use, the candidacy ends $exit', ({ kind, exit }) => {
      const state = apply(initialVettingState, { kind, result: 'affects_use', reason: 'serious problem' });
      expect(vettingOutcome(state)).toEqual({ exit, kind });
    });

    test('when one integrity signature affects use, the candidacy ends DISQUALIFIED only once both have signed', () => {
      const once = apply(initialVettingState, {
        kind: 'INTEGRITY_CONCLUSION',
        actor: discipline,
        result: 'affects_use',
        reason: 'r',
      });
      expect(vettingOutcome(once)).toBe('INCOMPLETE');
      const twice = apply(once, { kind: 'INTEGRITY_CONCLUSION', actor: secretary });
      expect(vettingOutcome(twice)).toEqual({ exit: 'DISQUALIFIED', kind: 'INTEGRITY_CONCLUSION' });
    });

    test('when the discipline opinion and another check both affect use, the discipline veto prevails', () => {
      const state: VettingState = {
        ARCHIVE_AUDIT: { result: 'affects_use', recordedBy: { actorId: 'o', role: 'ORG_OFFICER' }, at, reason: 'r' },
        DISCIPLINE_OPINION: {
          result: 'affects_use',
          recordedBy: { actorId: 'd', role: 'DISCIPLINE_GROUP' },
          at,
          reason: 'r',
        },
      };
      expect(vettingOutcome(state)).toEqual({ exit: 'VETOED', kind: 'DISCIPLINE_OPINION' });
    });

    test('when checks show issues not affecting use, it is still VETTED', () => {
      let state = initialVettingState;
      for (const kind of checkKinds) state = apply(state, { kind, result: 'issues_not_affecting' });
      state = apply(state, { kind: 'INTEGRITY_CONCLUSION', actor: discipline, result: 'issues_not_affecting' });
      expect(vettingOutcome(state)).toBe('VETTED');
    });
  });
});
