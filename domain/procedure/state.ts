import type { BatchKind, BatchStage } from '../batch';
import type { PublicityWindow } from '../calendar';
import type { ItemDecision, Relation } from '../decision';
import type { StoredRuleset } from '../ruleset';
import type { ResolveObjectionInput } from './messages';
import { refuse, type Refusal } from './refusal';

/** From the decision to the end of the public notice, in the order every kind lists its states. */
export const decisionAndNoticeStates = [
  'APPROVED',
  'REJECTED',
  'DEFERRED',
  'IN_PUBLICITY',
  'ON_HOLD',
  'SUSPENDED',
] as const;
/** Ways out of a batch every kind has; REJECTED (vote threshold missed) ends a candidacy too. */
export const exitedStates = ['WITHDRAWN', 'VETOED', 'DISQUALIFIED', 'CANCELLED', 'NOT_SELECTED'] as const;

/** The states the shared stages put a candidate in; each kind's state union holds all of them. */
export const sharedCandidateStates = [
  'UNDER_INSPECTION',
  'VETTED',
  ...decisionAndNoticeStates,
  ...exitedStates,
] as const;
export type SharedCandidateState = (typeof sharedCandidateStates)[number];

/** What the shared stages read and write of a candidate; a kind's candidate view adds its own steps. */
export interface ProcedureCandidate<S extends string = string> {
  personId: string;
  branchId: string;
  state: S;
  exitReason?: string;
  decision?: { meetingId: string; heldOn: string; outcome: ItemDecision['outcome'] };
  suspendedUntil?: string;
}

export interface ObjectionView {
  objectionId: string;
  personId: string;
  channel: 'PUBLIC' | 'STAFF';
  named: boolean;
  status: 'OPEN' | 'SUSPENDED' | 'RESOLVED';
  resolution?: ResolveObjectionInput['resolution'];
  /** While SUSPENDED (resolved `unverifiable`): the end of its 暂缓 period. */
  suspendedUntil?: string;
}

export interface HoldView {
  holdId: string;
  personId?: string;
  reason: string;
  placedBy: string;
  placedAt: string;
}

export type PublicityState = PublicityWindow & { windowNo: number; ended: boolean; personIds: string[] };

/** What every batch holds, whatever its kind. */
export interface ProcedureState<C extends ProcedureCandidate = ProcedureCandidate> {
  id: string;
  kind: BatchKind;
  stage: BatchStage;
  title: string;
  year: number;
  orgUnit: string;
  ruleset: StoredRuleset;
  members: { memberId: string; isSecretary: boolean }[];
  relations: Relation[];
  candidates: C[];
  holds: HoldView[];
  objections: ObjectionView[];
  meetings: { meetingId: string; heldOn: string }[];
  publicity?: PublicityState;
  /** One line: what the batch waits for (also the workflow's current details in the Temporal UI). */
  waitingFor: string;
  waitingForCalendarYear?: number;
  cancelReason?: string;
  /** Sequence number of the last recorded event. */
  seq: number;
  /** Recently applied message ids: a redelivered signal or update is applied once. */
  requestIds: string[];
}

/** What every kind's new batch starts with besides its own: its party group and relations, nothing recorded yet. */
export function procedureStart(plan: {
  partyGroup: readonly { memberId: string; isSecretary: boolean }[];
  relations: Relation[];
}): Pick<ProcedureState, 'members' | 'relations' | 'holds' | 'objections' | 'meetings' | 'seq' | 'requestIds'> {
  return {
    members: plan.partyGroup.map((m) => ({ memberId: m.memberId, isSecretary: m.isSecretary })),
    relations: plan.relations,
    holds: [],
    objections: [],
    meetings: [],
    seq: 0,
    requestIds: [],
  };
}

export interface EventDraft {
  type: string;
  payload: Record<string, unknown>;
}

export interface Effect {
  events: EventDraft[];
  result?: { objectionId?: string; holdId?: string };
}

export function notification(
  kind: string,
  recipients: string[],
  personId: string | undefined,
  message: string,
): EventDraft {
  return { type: 'NOTIFICATION', payload: { kind, recipients, message, ...(personId ? { personId } : {}) } };
}

export const findCandidate = <C extends ProcedureCandidate>(state: { candidates: C[] }, personId: string) =>
  state.candidates.find((c) => c.personId === personId);

export function candidateOr<C extends ProcedureCandidate>(state: { candidates: C[] }, personId: string): C | Refusal {
  return findCandidate(state, personId) ?? refuse('candidate.not_found', `candidate ${personId} is not in this batch`);
}

export const isHeld = (state: Pick<ProcedureState, 'holds'>, personId: string) =>
  state.holds.some((h) => h.personId === undefined || h.personId === personId);

export const openObjections = (state: Pick<ProcedureState, 'objections'>, personId: string) =>
  state.objections.filter((o) => o.personId === personId && o.status !== 'RESOLVED');

export function batchOpen(state: Pick<ProcedureState, 'id' | 'stage'>): Refusal | undefined {
  if (state.stage === 'CLOSED' || state.stage === 'CANCELLED')
    return refuse('batch.closed', `batch ${state.id} is ${state.stage}`);
  return undefined;
}

export type ObjectionStanding = { state: 'SUSPENDED'; until: string } | { state: 'ON_HOLD' } | { state: 'CLEAR' };

/**
 * A candidate's standing from every objection on them not yet resolved (domain.md §2.3): SUSPENDED (暂缓) until the
 * latest end among those resolved `unverifiable`, ON_HOLD while any other is open, CLEAR when none is left.
 */
export function objectionStanding(objections: readonly ObjectionView[], personId: string): ObjectionStanding {
  const unresolved = objections.filter((o) => o.personId === personId && o.status !== 'RESOLVED');
  const until = unresolved
    .filter((o) => o.status === 'SUSPENDED')
    .map((o) => o.suspendedUntil)
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
  if (until !== undefined) return { state: 'SUSPENDED', until };
  return unresolved.length > 0 ? { state: 'ON_HOLD' } : { state: 'CLEAR' };
}

export const snapshot = (state: Pick<ProcedureState, 'candidates'>) =>
  new Map(state.candidates.map((c) => [c.personId, c.state]));

/** Adds the candidates whose state changed to the last event, so the read model follows the workflow exactly. */
export function attachChanges(
  state: Pick<ProcedureState, 'candidates'>,
  before: Map<string, string>,
  events: EventDraft[],
) {
  const changes = state.candidates
    .filter((c) => before.get(c.personId) !== c.state)
    .map((c) => ({ personId: c.personId, state: c.state, ...(c.exitReason ? { exitReason: c.exitReason } : {}) }));
  const last = events.at(-1);
  if (changes.length > 0 && last) last.payload.changes = changes;
}
