import { z } from 'zod';
import { hasRole } from './roles';
import type { Actor, Role } from './roles';

// Pure and deterministic: imported by workflow code. No I/O, no clock, no randomness.

export const checkKinds = [
  'ARCHIVE_AUDIT',
  'PERSONAL_MATTERS',
  'DISCIPLINE_OPINION',
  'PETITION_CHECK',
  'BRANCH_OPINION',
  'INTEGRITY_CONCLUSION',
] as const;
export type CheckKind = (typeof checkKinds)[number];

/** Ordered from best to worst: the index is the severity. */
export const checkResults = ['clear', 'issues_not_affecting', 'affects_use'] as const;
export type CheckResult = (typeof checkResults)[number];

/** 凡提四必 (中办 2016 意见 on preventing 带病提拔). */
export const fourMusts = [
  'ARCHIVE_AUDIT',
  'PERSONAL_MATTERS',
  'DISCIPLINE_OPINION',
  'PETITION_CHECK',
] as const satisfies readonly CheckKind[];

/**
 * Who may record each check (domain.md §2.1). ORG_HEAD may do everything ORG_OFFICER may (§1).
 * INTEGRITY_CONCLUSION needs BOTH signatures: the party group secretary's and the discipline group's (条例 2019 art. 31).
 */
export const checkRoles: Record<CheckKind, Role[]> = {
  ARCHIVE_AUDIT: ['ORG_OFFICER', 'ORG_HEAD'],
  PERSONAL_MATTERS: ['ORG_OFFICER', 'ORG_HEAD'],
  DISCIPLINE_OPINION: ['DISCIPLINE_GROUP'],
  PETITION_CHECK: ['ORG_OFFICER', 'ORG_HEAD'],
  BRANCH_OPINION: ['BRANCH_SECRETARY'],
  INTEGRITY_CONCLUSION: ['PARTY_GROUP_SECRETARY', 'DISCIPLINE_GROUP'],
};

export const recordCheckSchema = z
  .strictObject({
    kind: z.enum(checkKinds),
    result: z.enum(checkResults),
    note: z.string().max(4000).optional(),
    reason: z.string().min(1).max(4000).optional(),
  })
  .superRefine((check, ctx) => {
    if (check.result === 'affects_use' && check.reason === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'a reason is required when the result is affects_use',
      });
  });
export type RecordCheckInput = z.output<typeof recordCheckSchema>;

export type VettingRefusalCode =
  | 'role.forbidden'
  | 'branch.not_own'
  | 'check.reason_required'
  | 'check.already_recorded'
  | 'signature.already_given'
  | 'signature.same_person'
  | 'vetting.closed';

export type Refusal = { ok: false; code: VettingRefusalCode; message: string };
export type AuthorizeResult = { ok: true } | Refusal;

export function authorizeCheck(input: {
  actor: Actor;
  kind: CheckKind;
  candidate: { branchId: string };
}): AuthorizeResult {
  const { actor, kind, candidate } = input;
  if (!hasRole(actor, ...checkRoles[kind]))
    return refuse('role.forbidden', `${kind} may only be recorded by ${checkRoles[kind].join(' or ')}`);
  if (kind === 'BRANCH_OPINION' && (actor.branchId === undefined || actor.branchId !== candidate.branchId))
    return refuse('branch.not_own', 'a branch secretary gives opinions only on candidates of their own branch');
  return { ok: true };
}

export interface CheckRecord {
  result: CheckResult;
  recordedBy: { actorId: string; role: Role };
  /** Server time, ISO 8601, supplied by the caller (workflow time or activity result). */
  at: string;
  note?: string;
  reason?: string;
}

export type IntegritySignatory = 'secretary' | 'discipline';

export interface IntegrityConclusionRecord {
  /** Set only once both signatures are given: the worse of the two results. */
  result?: CheckResult;
  /** Time of the second signature, once both are given. */
  at?: string;
  signatures: { secretary?: CheckRecord; discipline?: CheckRecord };
}

type SingleSignatureKind = Exclude<CheckKind, 'INTEGRITY_CONCLUSION'>;

/** Per-candidate vetting state; JSON-serializable so a workflow can hold it. An absent key means not yet recorded. */
export type VettingState = { [K in SingleSignatureKind]?: CheckRecord } & {
  INTEGRITY_CONCLUSION?: IntegrityConclusionRecord;
};

export const initialVettingState: VettingState = Object.freeze({});

export interface ApplyCheckInput {
  kind: CheckKind;
  result: CheckResult;
  actor: Actor;
  at: string;
  note?: string;
  reason?: string;
}

export type ApplyCheckResult = { ok: true; state: VettingState } | Refusal;

const signatoryRole: Record<IntegritySignatory, Role> = {
  secretary: 'PARTY_GROUP_SECRETARY',
  discipline: 'DISCIPLINE_GROUP',
};

/**
 * Records one check. Rules ([DESIGN] where the regulation is silent):
 * - a check is recorded once; a correction is not an overwrite (`check.already_recorded`);
 * - the integrity conclusion takes two signatures in either order, each once (`signature.already_given`), from two
 *   different people (`signature.same_person`); its result is the worse of the two;
 * - once any completed check is `affects_use` the candidacy has ended and nothing more is recorded (`vetting.closed`).
 * Only the role is checked here; the branch rule needs the candidate, so callers run `authorizeCheck` first.
 */
export function applyCheck(state: VettingState, input: ApplyCheckInput): ApplyCheckResult {
  const { kind, result, actor, at, note, reason } = input;
  const allowed = checkRoles[kind];
  const role = allowed.find((r) => actor.roles.includes(r));
  if (role === undefined) return refuse('role.forbidden', `${kind} may only be recorded by ${allowed.join(' or ')}`);
  if (result === 'affects_use' && (reason === undefined || reason.length === 0))
    return refuse('check.reason_required', 'a reason is required when the result is affects_use');
  if (typeof vettingOutcome(state) === 'object')
    return refuse('vetting.closed', 'the candidacy has already ended: an earlier check affects use');

  const details = { result, at, ...(note === undefined ? {} : { note }), ...(reason === undefined ? {} : { reason }) };

  if (kind !== 'INTEGRITY_CONCLUSION') {
    if (state[kind] !== undefined) return refuse('check.already_recorded', `${kind} has already been recorded`);
    return { ok: true, state: { ...state, [kind]: { ...details, recordedBy: { actorId: actor.id, role } } } };
  }

  const conclusion = state.INTEGRITY_CONCLUSION ?? { signatures: {} };
  if (conclusion.result !== undefined)
    return refuse('check.already_recorded', 'INTEGRITY_CONCLUSION has already been signed by both');
  const held = (['secretary', 'discipline'] as const).filter((s) => actor.roles.includes(signatoryRole[s]));
  const slot = held.find((s) => conclusion.signatures[s] === undefined);
  if (slot === undefined)
    return refuse(
      'signature.already_given',
      `the ${held.join(' / ')} signature on INTEGRITY_CONCLUSION is already given`,
    );
  const other = conclusion.signatures[slot === 'secretary' ? 'discipline' : 'secretary'];
  if (other?.recordedBy.actorId === actor.id)
    return refuse('signature.same_person', 'the two INTEGRITY_CONCLUSION signatures must come from two people');

  const signature: CheckRecord = { ...details, recordedBy: { actorId: actor.id, role: signatoryRole[slot] } };
  const signatures = { ...conclusion.signatures, [slot]: signature };
  const next: IntegrityConclusionRecord =
    other === undefined ? { signatures } : { result: worse(other.result, result), at, signatures };
  return { ok: true, state: { ...state, INTEGRITY_CONCLUSION: next } };
}

export type VettingOutcome = 'INCOMPLETE' | 'VETTED' | { exit: 'VETOED' | 'DISQUALIFIED'; kind: CheckKind };

/**
 * Any completed `affects_use` ends the candidacy: VETOED for the discipline opinion (which takes precedence),
 * DISQUALIFIED otherwise. VETTED only when all six checks are complete.
 */
export function vettingOutcome(state: VettingState): VettingOutcome {
  if (state.DISCIPLINE_OPINION?.result === 'affects_use') return { exit: 'VETOED', kind: 'DISCIPLINE_OPINION' };
  const failed = checkKinds.find((kind) => completedResult(state, kind) === 'affects_use');
  if (failed !== undefined) return { exit: 'DISQUALIFIED', kind: failed };
  return missingChecks(state).length === 0 ? 'VETTED' : 'INCOMPLETE';
}

/** Checks not yet complete, in procedure order (the integrity conclusion is complete only with both signatures). */
export function missingChecks(state: VettingState): CheckKind[] {
  return checkKinds.filter((kind) => completedResult(state, kind) === undefined);
}

export function completedResult(state: VettingState, kind: CheckKind): CheckResult | undefined {
  return kind === 'INTEGRITY_CONCLUSION' ? state.INTEGRITY_CONCLUSION?.result : state[kind]?.result;
}

/** The latest time any check or signature was recorded (ISO instants compare as strings), if any. */
export function lastRecordedAt(state: VettingState): string | undefined {
  const { INTEGRITY_CONCLUSION: conclusion, ...single } = state;
  const times = [
    ...Object.values(single).map((r) => r?.at),
    conclusion?.signatures.secretary?.at,
    conclusion?.signatures.discipline?.at,
  ].filter((at): at is string => at !== undefined);
  return times.sort().at(-1);
}

function worse(a: CheckResult, b: CheckResult): CheckResult {
  return checkResults.indexOf(a) >= checkResults.indexOf(b) ? a : b;
}

function refuse(code: VettingRefusalCode, message: string): Refusal {
  return { ok: false, code, message };
}
