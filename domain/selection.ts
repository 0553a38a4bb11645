import { z } from 'zod';
import type { BatchKind, BatchPlan, BatchStage, PositionLevel } from './batch';
import { addDays, type PublicityWindow } from './calendar';
import { decideMeeting, partyGroupDecisionSchema, type ItemDecision, type Relation } from './decision';
import type { ActorRef, RoleSignals } from './events';
import { hasRole, isPerson, orgStaff, roles, type Actor, type Role } from './roles';
import type { StoredRuleset } from './ruleset';
import { nulPath } from './text';
import {
  applyCheck,
  authorizeCheck,
  checkKinds,
  initialVettingState,
  lastRecordedAt,
  missingChecks,
  vettingOutcome,
  type VettingState,
} from './vetting';

export const candidateStates = [
  'NOMINATED',
  'UNDER_INSPECTION',
  'VETTED',
  'ON_AGENDA',
  'APPROVED',
  'REJECTED',
  'DEFERRED',
  'IN_PUBLICITY',
  'ON_HOLD',
  'SUSPENDED',
  'READY_TO_APPOINT',
  'APPOINTED',
  'ON_PROBATION',
  'CONFIRMED',
  'PROBATION_FAILED',
  'WITHDRAWN',
  'VETOED',
  'DISQUALIFIED',
  'CANCELLED',
  'NOT_SELECTED',
] as const;
export type CandidateState = (typeof candidateStates)[number];

/** Ended before appointment. REJECTED (vote threshold missed) ends the candidacy in this batch too. */
export const exitStates: readonly CandidateState[] = [
  'WITHDRAWN',
  'VETOED',
  'DISQUALIFIED',
  'CANCELLED',
  'NOT_SELECTED',
  'REJECTED',
];
const appointedStates: readonly CandidateState[] = ['APPOINTED', 'ON_PROBATION', 'CONFIRMED', 'PROBATION_FAILED'];
export const isExit = (s: CandidateState) => exitStates.includes(s);
export const isSettled = (s: CandidateState) => isExit(s) || appointedStates.includes(s);

// ---------- inputs (the same schemas validate API bodies and signal payloads) ----------

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"');
const reason = z.string().trim().min(1).max(4000);
const isoDate = z.iso.date();

export const actorSchema = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().max(100).optional(),
  roles: z.array(z.enum(roles)).max(7),
  branchId: z.string().min(1).max(64).optional(),
  memberId: z.string().min(1).max(64).optional(),
  personId: z.string().min(1).max(64).optional(),
});

export const commandSchemas = {
  recordCheck: z.strictObject({
    personId: id,
    kind: z.enum(checkKinds),
    result: z.enum(['clear', 'issues_not_affecting', 'affects_use']),
    note: z.string().max(4000).optional(),
    reason: reason.optional(),
  }),
  recordDecision: partyGroupDecisionSchema,
  fileObjection: z.strictObject({
    objectionId: id.optional(),
    personId: id,
    content: z.string().trim().min(1).max(8000),
    reporterName: z.string().trim().min(1).max(100).optional(),
    reporterContact: z.string().trim().min(1).max(200).optional(),
  }),
  resolveObjection: z.strictObject({
    objectionId: id,
    resolution: z.enum(['unfounded', 'minor', 'upheld', 'unverifiable']),
    note: reason,
    feedback: z.string().trim().min(1).max(4000).optional(),
  }),
  withdraw: z.strictObject({
    personId: id,
    reason,
    initiator: z.enum(['CANDIDATE', 'ORG_HEAD']).default('ORG_HEAD'),
  }),
  disqualify: z.strictObject({ personId: id, reason }),
  placeHold: z.strictObject({ holdId: id.optional(), personId: id.optional(), reason }),
  liftHold: z.strictObject({ holdId: id, reason: reason.optional() }),
  appoint: z.strictObject({ personId: id, documentNo: z.string().trim().min(1).max(100), noticeDate: isoDate }),
  extendPublicity: z.strictObject({ workingDays: z.number().int().min(6).max(60), reason }),
  cancel: z.strictObject({ reason }),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandInput<N extends CommandName> = z.output<(typeof commandSchemas)[N]>;
export type RecordCheckInput = CommandInput<'recordCheck'>;
export type DecisionInput = CommandInput<'recordDecision'>;
export type ObjectionInput = CommandInput<'fileObjection'>;
export type ResolveObjectionInput = CommandInput<'resolveObjection'>;
export type WithdrawInput = CommandInput<'withdraw'>;
export type DisqualifyInput = CommandInput<'disqualify'>;
export type HoldInput = CommandInput<'placeHold'>;
export type LiftHoldInput = CommandInput<'liftHold'>;
export type AppointInput = CommandInput<'appoint'>;
export type ExtendPublicityInput = CommandInput<'extendPublicity'>;
export type CancelInput = CommandInput<'cancel'>;

/**
 * Every message carries who acts. The API fills `actor` from the token; an operator sending a signal from the
 * Temporal UI or CLI declares it (Temporal's own access control decides who may signal). An absent actor or empty
 * roles is the public (objections only). `requestId` makes a redelivered message a no-op.
 */
export type SignalEnvelope<T> = T & { actor?: Actor; requestId?: string };

export interface Refusal {
  code: string;
  message: string;
  errors?: { path: string; message: string }[];
}

/**
 * Under ROLE_SIGNALS=refuse a signal may only carry what the public may do (an objection, no roles); any other
 * signal is refused before its content is looked at, so the refusal never depends on a declared identity.
 */
export function signalChannelRefusal(
  policy: RoleSignals | undefined,
  command: string,
  declaredActor: unknown,
): Refusal | undefined {
  if (policy !== 'refuse') return undefined;
  const roles = (declaredActor as { roles?: unknown } | undefined)?.roles;
  const publicObjection =
    command === 'fileObjection' &&
    (declaredActor === undefined || roles === undefined || (Array.isArray(roles) && roles.length === 0));
  if (publicObjection) return undefined;
  return refuse(
    'channel.disabled',
    'this deployment takes role-bearing steps only through the API (ROLE_SIGNALS=refuse); by signal only public objections and calendarUpdated',
  );
}

/** The declared actor of a signal, if it is a valid one (for the audit trail of a refused signal). */
export function declaredActor(raw: unknown): Actor | undefined {
  const parsed = actorSchema.safeParse(raw);
  return parsed.success ? (parsed.data as Actor) : undefined;
}

export type CommandResult = { seq: number; objectionId?: string; holdId?: string };

/**
 * What a command is checked and applied against besides the batch: the time, and the corrections made while batches
 * were running. The workflow passes its own (deterministic) time and, for each correction, `patched(<name>)`: a batch
 * that started before a correction keeps the behaviour it started with. An absent correction applies.
 */
export interface CommandContext {
  /** ISO 8601 instant; "today" is its date in Asia/Shanghai. */
  now: string;
  /** Patch `meeting-dates-bounded`: a meeting may not be dated after today nor before its candidates were ready. */
  boundDates?: boolean;
  /** Patch `suspension-from-open-objections`: a candidate's 暂缓 follows all their unresolved objections. */
  deriveSuspension?: boolean;
}

// ---------- state ----------

export interface SelectionBatchInput {
  plan: BatchPlan;
  ruleset: StoredRuleset;
  startedBy: ActorRef;
  /** ROLE_SIGNALS of the API that started the batch; absent (batches started before it existed): `accept`. */
  roleSignals?: RoleSignals;
  /** Set when a run continues the one before it (continue-as-new): where that run stood. */
  carry?: SelectionBatchCarry;
  /** A run continues as new once its history holds this many events (default 10,000; tests set fewer). */
  continueAsNewAfterEvents?: number;
}

/** What a batch's run hands to the next one when its history grows long: the state and its watchers' progress. */
export interface SelectionBatchCarry {
  state: BatchState;
  /** The day the opinions were requested (the first run's start). */
  opinionsRequestedOn: string;
  opinionsReminded: boolean;
  /** The deadline being waited for, not yet escalated. */
  opinionsDue?: { end: string; endsAt: string };
  /** `personId@suspendedUntil` of the suspensions whose expiry has been notified. */
  suspensionsNotified: string[];
}

export interface BatchStartedPayload {
  kind: BatchKind;
  workflowId: string;
  plan: BatchPlan;
  ruleset: StoredRuleset;
}

export interface CandidateView {
  personId: string;
  positionId: string;
  branchId: string;
  state: CandidateState;
  vetting: VettingState;
  exitReason?: string;
  decision?: { meetingId: string; heldOn: string; outcome: ItemDecision['outcome'] };
  appointment?: { documentNo: string; noticeDate: string; decisionDate: string };
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

export interface BatchState {
  id: string;
  kind: BatchKind;
  stage: BatchStage;
  title: string;
  year: number;
  orgUnit: string;
  ruleset: StoredRuleset;
  positions: { id: string; level: PositionLevel; seats: number }[];
  members: { memberId: string; isSecretary: boolean }[];
  relations: Relation[];
  candidates: CandidateView[];
  holds: HoldView[];
  objections: ObjectionView[];
  meetings: { meetingId: string; heldOn: string }[];
  publicity?: PublicityWindow & { windowNo: number; ended: boolean; personIds: string[] };
  /** One line: what the batch waits for (also the workflow's current details in the Temporal UI). */
  waitingFor: string;
  waitingForCalendarYear?: number;
  /** The current deadline for outstanding opinions (5 working days after the request, then each escalation). */
  opinionsDueOn?: string;
  cancelReason?: string;
  /** Sequence number of the last recorded event. */
  seq: number;
  /** Recently applied message ids: a redelivered signal or update is applied once. */
  requestIds: string[];
}

export function initialState({ plan, ruleset }: SelectionBatchInput): BatchState {
  return {
    id: plan.id,
    kind: 'SELECTION',
    stage: 'INSPECTING',
    title: plan.title,
    year: plan.year,
    orgUnit: plan.orgUnit,
    ruleset,
    positions: plan.positions.map((p) => ({ id: p.id, level: p.level, seats: p.seats })),
    members: plan.partyGroup.map((m) => ({ memberId: m.memberId, isSecretary: m.isSecretary })),
    relations: plan.relations,
    candidates: plan.candidates.map((c) => ({
      personId: c.personId,
      positionId: c.positionId,
      branchId: c.branchId,
      state: 'UNDER_INSPECTION',
      vetting: initialVettingState,
    })),
    holds: [],
    objections: [],
    meetings: [],
    waitingFor: 'vetting of every candidate (凡提四必, branch and integrity opinions)',
    seq: 0,
    requestIds: [],
  };
}

export const batchWorkflowId = (batchId: string) => `batch-${batchId}`;
export const probationWorkflowId = (batchId: string, personId: string) => `probation-${batchId}-${personId}`;

// ---------- commands ----------

export interface EventDraft {
  type: string;
  payload: Record<string, unknown>;
}

export interface Effect {
  events: EventDraft[];
  result?: Omit<CommandResult, 'seq'>;
}

const refuse = (code: string, message: string, errors?: Refusal['errors']): Refusal => ({
  code,
  message,
  ...(errors ? { errors } : {}),
});

const findCandidate = (state: BatchState, personId: string) => state.candidates.find((c) => c.personId === personId);
export const isHeld = (state: BatchState, personId: string) =>
  state.holds.some((h) => h.personId === undefined || h.personId === personId);
const openObjections = (state: BatchState, personId: string) =>
  state.objections.filter((o) => o.personId === personId && o.status !== 'RESOLVED');

function candidateOr(state: BatchState, personId: string): CandidateView | Refusal {
  return findCandidate(state, personId) ?? refuse('candidate.not_found', `candidate ${personId} is not in this batch`);
}
const isRefusal = (v: unknown): v is Refusal => typeof v === 'object' && v !== null && 'code' in v && 'message' in v;

function needRole(actor: Actor | undefined, allowed: Role[], what: string): Refusal | undefined {
  if (!actor || !hasRole(actor, ...allowed))
    return refuse('role.forbidden', `${what} needs one of ${allowed.join(', ')}`);
  return undefined;
}

function batchOpen(state: BatchState): Refusal | undefined {
  if (state.stage === 'CLOSED' || state.stage === 'CANCELLED')
    return refuse('batch.closed', `batch ${state.id} is ${state.stage}`);
  return undefined;
}

type Handler<N extends CommandName> = {
  /** Pure and synchronous: runs in update validators and before applying a signal. */
  check(state: BatchState, input: CommandInput<N>, actor: Actor | undefined, ctx: CommandContext): Refusal | undefined;
  /** Mutates state; returns the events to persist. Only called after `check` passed. */
  apply(state: BatchState, input: CommandInput<N>, actor: Actor | undefined, ctx: CommandContext): Effect;
};

const handlers: { [N in CommandName]: Handler<N> } = {
  recordCheck: {
    check(state, input, actor) {
      const closed = batchOpen(state);
      if (closed) return closed;
      const c = candidateOr(state, input.personId);
      if (isRefusal(c)) return c;
      if (!actor) return refuse('role.forbidden', 'a vetting check needs an identified actor');
      const auth = authorizeCheck({ actor, kind: input.kind, candidate: c });
      if (!auth.ok) return refuse(auth.code, auth.message);
      if (c.state !== 'UNDER_INSPECTION')
        return refuse('candidate.wrong_state', `candidate ${c.personId} is ${c.state}, not UNDER_INSPECTION`);
      const applied = applyCheck(c.vetting, { ...input, actor, at: '1970-01-01T00:00:00.000Z' });
      return applied.ok ? undefined : refuse(applied.code, applied.message);
    },
    apply(state, input, actor, { now }) {
      const c = findCandidate(state, input.personId)!;
      const before = c.vetting;
      const applied = applyCheck(c.vetting, { ...input, actor: actor!, at: now });
      if (!applied.ok) throw new Error(applied.code);
      c.vetting = applied.state;
      const outcome = vettingOutcome(c.vetting);
      if (outcome === 'VETTED') c.state = 'VETTED';
      else if (typeof outcome === 'object') {
        c.state = outcome.exit;
        c.exitReason = `${outcome.kind}: ${input.reason ?? 'affects use'}`;
      }
      const signer = input.kind === 'INTEGRITY_CONCLUSION' ? newSignature(before, c.vetting) : 'single';
      return { events: [{ type: 'CHECK_RECORDED', payload: { ...input, signer } }] };
    },
  },

  recordDecision: {
    check(state, input, actor, ctx) {
      const denied = needRole(actor, ['PARTY_GROUP_SECRETARY'], 'recording a party group decision') ?? batchOpen(state);
      if (denied) return denied;
      if (state.meetings.some((m) => m.meetingId === input.meetingId))
        return refuse('meeting.already_recorded', `meeting ${input.meetingId} is already recorded`);
      const decided = decide(state, input, ctx);
      if (!decided.ok) {
        const [first] = decided.violations;
        return refuse(
          first?.code ?? 'meeting.invalid',
          decided.violations.map((v) => v.message).join('; '),
          decided.violations.map((v) => ({ path: (v.path ?? []).join('.'), message: `${v.code}: ${v.message}` })),
        );
      }
      const approvedPerPosition = new Map<string, number>();
      for (const c of state.candidates)
        if (!isExit(c.state) && c.decision?.outcome === 'APPROVED')
          approvedPerPosition.set(c.positionId, (approvedPerPosition.get(c.positionId) ?? 0) + 1);
      for (const o of decided.outcomes.filter((o) => o.outcome === 'APPROVED')) {
        const c = findCandidate(state, o.personId)!;
        approvedPerPosition.set(c.positionId, (approvedPerPosition.get(c.positionId) ?? 0) + 1);
      }
      for (const p of state.positions)
        if ((approvedPerPosition.get(p.id) ?? 0) > p.seats)
          return refuse('position.seats_exceeded', `more candidates approved for ${p.id} than its ${p.seats} seat(s)`);
      return undefined;
    },
    apply(state, input, _actor, ctx) {
      const decided = decide(state, input, ctx);
      if (!decided.ok) throw new Error('decision re-validation failed');
      state.meetings.push({ meetingId: input.meetingId, heldOn: input.heldOn });
      for (const o of decided.outcomes) {
        const c = findCandidate(state, o.personId)!;
        c.decision = { meetingId: input.meetingId, heldOn: input.heldOn, outcome: o.outcome };
        c.state = o.outcome;
        if (o.outcome === 'REJECTED') c.exitReason = `party group meeting ${input.meetingId}: threshold not reached`;
      }
      return {
        events: [
          {
            type: 'DECISION_RECORDED',
            payload: { meeting: { ...input, members: state.members.length }, outcomes: decided.outcomes },
          },
        ],
      };
    },
  },

  fileObjection: {
    check(state, input, actor) {
      if (actor && actor.roles.length > 0) {
        const denied = needRole(actor, orgStaff, 'registering an objection');
        if (denied) return denied;
      }
      const closed = batchOpen(state);
      if (closed) return closed;
      const c = candidateOr(state, input.personId);
      if (isRefusal(c)) return c;
      if (!state.publicity || state.publicity.ended || !state.publicity.personIds.includes(c.personId))
        return refuse('publicity.not_open', `no public notice is open for candidate ${c.personId}`);
      if (input.objectionId && state.objections.some((o) => o.objectionId === input.objectionId))
        return refuse('objection.duplicate', `objection ${input.objectionId} already exists`);
      return undefined;
    },
    apply(state, input, actor, { now }) {
      const objectionId = input.objectionId ?? `obj-${state.seq + 1}`;
      const staff = Boolean(actor && actor.roles.length > 0);
      state.objections.push({
        objectionId,
        personId: input.personId,
        channel: staff ? 'STAFF' : 'PUBLIC',
        named: Boolean(input.reporterName),
        status: 'OPEN',
      });
      const c = findCandidate(state, input.personId)!;
      if (c.state === 'IN_PUBLICITY' || c.state === 'READY_TO_APPOINT') c.state = 'ON_HOLD';
      return {
        events: [
          {
            type: 'OBJECTION_FILED',
            payload: { ...input, objectionId, channel: staff ? 'STAFF' : 'PUBLIC', receivedAt: now },
          },
        ],
        result: { objectionId },
      };
    },
  },

  resolveObjection: {
    check(state, input, actor) {
      const denied = needRole(actor, ['ORG_HEAD'], 'resolving an objection') ?? batchOpen(state);
      if (denied) return denied;
      const o = state.objections.find((x) => x.objectionId === input.objectionId);
      if (!o) return refuse('objection.not_found', `objection ${input.objectionId} does not exist`);
      if (o.status === 'RESOLVED')
        return refuse('objection.already_resolved', `objection ${o.objectionId} is resolved`);
      if (o.status === 'SUSPENDED' && input.resolution === 'unverifiable')
        return refuse(
          'objection.already_suspended',
          'the appointment is already suspended; the party group must decide',
        );
      if (o.named && !input.feedback)
        return refuse('objection.feedback_required', 'a named reporter must receive feedback', [
          { path: 'feedback', message: 'required for a named reporter' },
        ]);
      return undefined;
    },
    apply(state, input, _actor, { now, deriveSuspension = true }) {
      const o = state.objections.find((x) => x.objectionId === input.objectionId)!;
      const c = findCandidate(state, o.personId)!;
      let suspendedUntil: string | undefined;
      o.resolution = input.resolution;
      if (input.resolution === 'unverifiable') {
        o.status = 'SUSPENDED';
        suspendedUntil = addMonths(now, state.ruleset.suspensionMonths);
        o.suspendedUntil = suspendedUntil;
      } else {
        o.status = 'RESOLVED';
        delete o.suspendedUntil;
      }
      if (input.resolution === 'upheld') {
        if (!isSettled(c.state)) {
          c.state = 'CANCELLED';
          c.exitReason = `objection ${o.objectionId} upheld`;
        }
      } else if (deriveSuspension) {
        if (!isSettled(c.state)) {
          const standing = objectionStanding(state.objections, c.personId);
          if (standing.state === 'CLEAR') c.state = state.publicity?.ended ? 'READY_TO_APPOINT' : 'IN_PUBLICITY';
          else c.state = standing.state;
          if (standing.state === 'SUSPENDED') c.suspendedUntil = standing.until;
          else delete c.suspendedUntil;
        }
      } else if (input.resolution === 'unverifiable') {
        // Before the correction: the candidate took the date of the latest unverifiable resolution, and kept it
        // when that objection was resolved while another stayed open.
        if (!isExit(c.state)) {
          c.state = 'SUSPENDED';
          c.suspendedUntil = suspendedUntil;
        }
      } else if (!isSettled(c.state) && openObjections(state, c.personId).length === 0) {
        c.state = state.publicity?.ended ? 'READY_TO_APPOINT' : 'IN_PUBLICITY';
        delete c.suspendedUntil;
      }
      const events: EventDraft[] = [
        {
          type: 'OBJECTION_RESOLVED',
          payload: { ...input, personId: o.personId, ...(suspendedUntil ? { suspendedUntil } : {}) },
        },
      ];
      if (input.resolution === 'minor')
        events.push(
          notification(
            'REMINDER_TO_CADRE',
            ['ORG_OFFICER'],
            o.personId,
            'objection found minor shortcomings: remind the cadre (提醒)',
          ),
        );
      return { events };
    },
  },

  withdraw: {
    check(state, input, actor) {
      const denied = isPerson(actor, input.personId)
        ? undefined
        : input.initiator === 'CANDIDATE'
          ? needRole(actor, orgStaff, "recording a candidate's own withdrawal")
          : needRole(actor, ['ORG_HEAD'], 'withdrawing a candidacy');
      return denied ?? batchOpen(state) ?? stillRunning(state, input.personId);
    },
    apply(state, input, actor) {
      const c = findCandidate(state, input.personId)!;
      c.state = 'WITHDRAWN';
      c.exitReason = input.reason;
      const initiator = isPerson(actor, input.personId) ? 'CANDIDATE' : input.initiator;
      return { events: [{ type: 'WITHDRAWN', payload: { ...input, initiator } }] };
    },
  },

  disqualify: {
    check(state, input, actor) {
      return (
        needRole(actor, ['ORG_HEAD'], 'disqualifying a candidate') ??
        batchOpen(state) ??
        stillRunning(state, input.personId)
      );
    },
    apply(state, input) {
      const c = findCandidate(state, input.personId)!;
      c.state = 'DISQUALIFIED';
      c.exitReason = input.reason;
      return { events: [{ type: 'DISQUALIFIED', payload: { ...input } }] };
    },
  },

  placeHold: {
    check(state, input, actor) {
      const denied = needRole(actor, ['DISCIPLINE_GROUP'], 'placing a hold') ?? batchOpen(state);
      if (denied) return denied;
      if (input.personId) {
        const c = candidateOr(state, input.personId);
        if (isRefusal(c)) return c;
      }
      if (input.holdId && state.holds.some((h) => h.holdId === input.holdId))
        return refuse('hold.duplicate', `hold ${input.holdId} already exists`);
      return undefined;
    },
    apply(state, input, actor, { now }) {
      const holdId = input.holdId ?? `hold-${state.seq + 1}`;
      state.holds.push({
        holdId,
        reason: input.reason,
        placedBy: actor!.id,
        placedAt: now,
        ...(input.personId ? { personId: input.personId } : {}),
      });
      return { events: [{ type: 'HOLD_PLACED', payload: { ...input, holdId } }], result: { holdId } };
    },
  },

  liftHold: {
    check(state, input, actor) {
      const denied = needRole(actor, ['DISCIPLINE_GROUP'], 'lifting a hold') ?? batchOpen(state);
      if (denied) return denied;
      if (!state.holds.some((h) => h.holdId === input.holdId))
        return refuse('hold.not_found', `no active hold ${input.holdId}`);
      return undefined;
    },
    apply(state, input) {
      state.holds = state.holds.filter((h) => h.holdId !== input.holdId);
      return { events: [{ type: 'HOLD_LIFTED', payload: { ...input } }] };
    },
  },

  appoint: {
    check(state, input, actor, ctx) {
      const denied = needRole(actor, orgStaff, 'issuing an appointment notice') ?? batchOpen(state);
      if (denied) return denied;
      const c = candidateOr(state, input.personId);
      if (isRefusal(c)) return c;
      if (isHeld(state, c.personId))
        return refuse('candidate.on_hold', `candidate ${c.personId} is held by the discipline group`);
      if (openObjections(state, c.personId).length > 0)
        return refuse('objection.open', `candidate ${c.personId} has an open objection`);
      if (c.state !== 'READY_TO_APPOINT')
        return refuse('candidate.wrong_state', `candidate ${c.personId} is ${c.state}, not READY_TO_APPOINT`);
      if (state.publicity && input.noticeDate <= state.publicity.endsOn)
        return refuse('appointment.before_publicity_end', `the notice date must be after ${state.publicity.endsOn}`, [
          { path: 'noticeDate', message: `must be after the public notice ends (${state.publicity.endsOn})` },
        ]);
      return tooFarAhead(state, ctx, input.noticeDate, 'appointment.too_far_ahead', 'noticeDate');
    },
    apply(state, input) {
      const c = findCandidate(state, input.personId)!;
      const position = state.positions.find((p) => p.id === c.positionId)!;
      const decisionDate = c.decision!.heldOn;
      c.state = 'APPOINTED';
      c.appointment = { documentNo: input.documentNo, noticeDate: input.noticeDate, decisionDate };
      return {
        events: [
          {
            type: 'APPOINTED',
            payload: { ...input, positionId: c.positionId, level: position.level, decisionDate },
          },
        ],
      };
    },
  },

  extendPublicity: {
    check(state, input, actor) {
      const denied = needRole(actor, orgStaff, 'extending the public notice') ?? batchOpen(state);
      if (denied) return denied;
      if (!state.publicity || state.publicity.ended) return refuse('publicity.not_open', 'no public notice is running');
      if (input.workingDays <= state.publicity.workingDays)
        return refuse(
          'publicity.never_shorter',
          `the notice already runs ${state.publicity.workingDays} working days`,
          [{ path: 'workingDays', message: `must be more than ${state.publicity.workingDays}` }],
        );
      return undefined;
    },
    // The new window needs the calendar (an activity): the workflow computes it, then calls applyPublicity.
    apply() {
      return { events: [] };
    },
  },

  cancel: {
    check(state, _input, actor) {
      return needRole(actor, ['ORG_HEAD'], 'cancelling a batch') ?? batchOpen(state);
    },
    apply(state, input) {
      for (const c of state.candidates)
        if (!isSettled(c.state)) {
          c.state = 'NOT_SELECTED';
          c.exitReason = `batch cancelled: ${input.reason}`;
        }
      state.cancelReason = input.reason;
      const from = state.stage;
      state.stage = 'CANCELLED';
      state.waitingFor = 'nothing: the batch is cancelled';
      return {
        events: [
          { type: 'BATCH_CANCELLED', payload: { ...input } },
          { type: 'STAGE_CHANGED', payload: { from, to: 'CANCELLED' } },
        ],
      };
    },
  },
};

function newSignature(before: VettingState, after: VettingState): 'secretary' | 'discipline' {
  return before.INTEGRITY_CONCLUSION?.signatures.secretary === undefined &&
    after.INTEGRITY_CONCLUSION?.signatures.secretary !== undefined
    ? 'secretary'
    : 'discipline';
}

function stillRunning(state: BatchState, personId: string): Refusal | undefined {
  const c = candidateOr(state, personId);
  if (isRefusal(c)) return c;
  if (isSettled(c.state)) return refuse('candidate.wrong_state', `candidate ${personId} is already ${c.state}`);
  return undefined;
}

function decide(state: BatchState, input: DecisionInput, ctx: CommandContext) {
  return decideMeeting({
    members: state.members,
    attendance: input.attendance,
    agenda: state.candidates
      .filter((c) => !isExit(c.state))
      .map((c) => ({
        personId: c.personId,
        vetted: (c.state === 'VETTED' || c.state === 'DEFERRED') && !isHeld(state, c.personId),
        ...readySince(lastRecordedAt(c.vetting), c.decision?.heldOn),
      })),
    relations: state.relations,
    votes: input.votes,
    deferIfDivergent: state.ruleset.deferIfDivergent,
    ...(ctx.boundDates === false ? {} : { dates: { heldOn: input.heldOn, today: shanghaiDate(ctx.now) } }),
    settings: { recusedCountsAsAbsent: state.ruleset.recusedCountsAsAbsent },
  });
}

/** The day a candidate was ready for a meeting: their last vetting step, or the meeting that deferred them. */
export function readySince(
  lastStepAt: string | undefined,
  deferredOn: string | undefined,
): { readyOn?: { date: string; after: 'vetting' | 'meeting' } } {
  const vetted = lastStepAt === undefined ? undefined : shanghaiDate(lastStepAt);
  if (deferredOn !== undefined && (vetted === undefined || deferredOn >= vetted))
    return { readyOn: { date: deferredOn, after: 'meeting' } };
  return vetted === undefined ? {} : { readyOn: { date: vetted, after: 'vetting' } };
}

/**
 * [DESIGN] `ruleset.appointmentMaxDaysAhead`: an appointment notice (a rank approval) dated more than that many days
 * after today is refused. A batch whose stored ruleset has no such setting (started before it) has no upper bound.
 */
export function tooFarAhead(
  state: { ruleset: { appointmentMaxDaysAhead?: number } },
  ctx: CommandContext,
  date: string,
  code: string,
  path: string,
): Refusal | undefined {
  const days = state.ruleset.appointmentMaxDaysAhead;
  if (days === undefined) return undefined;
  const latest = addDays(shanghaiDate(ctx.now), days);
  if (date <= latest) return undefined;
  return refuse(code, `${path} ${date} is more than ${days} days after today`, [
    { path, message: `must be on or before ${latest} (${days} days after today)` },
  ]);
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

export function notification(
  kind: string,
  recipients: string[],
  personId: string | undefined,
  message: string,
): EventDraft {
  return { type: 'NOTIFICATION', payload: { kind, recipients, message, ...(personId ? { personId } : {}) } };
}

/** Validates a message against the batch; a refusal names the field or the rule. */
export function checkCommand<N extends CommandName>(
  state: BatchState,
  name: N,
  raw: unknown,
  ctx: CommandContext,
): { ok: true; input: CommandInput<N>; actor: Actor | undefined } | { ok: false; refusal: Refusal } {
  const nul = nulPath(raw);
  if (nul !== undefined)
    return {
      ok: false,
      refusal: refuse('message.invalid', 'text may not contain U+0000', [{ path: nul, message: 'contains U+0000' }]),
    };
  const envelope = (typeof raw === 'object' && raw !== null ? raw : {}) as { actor?: unknown; requestId?: unknown };
  const { actor: rawActor, requestId: _requestId, ...body } = envelope as Record<string, unknown>;
  const actorParsed = rawActor === undefined ? undefined : actorSchema.safeParse(rawActor);
  if (actorParsed && !actorParsed.success)
    return { ok: false, refusal: refuse('message.invalid', 'actor is not valid', issues(actorParsed.error, 'actor')) };
  const parsed = commandSchemas[name].safeParse(body);
  if (!parsed.success)
    return { ok: false, refusal: refuse('message.invalid', 'the message is not valid', issues(parsed.error)) };
  const actor = actorParsed?.data as Actor | undefined;
  const refusal = (handlers[name] as Handler<N>).check(state, parsed.data as CommandInput<N>, actor, ctx);
  return refusal ? { ok: false, refusal } : { ok: true, input: parsed.data as CommandInput<N>, actor };
}

export function applyCommand<N extends CommandName>(
  state: BatchState,
  name: N,
  input: CommandInput<N>,
  actor: Actor | undefined,
  ctx: CommandContext,
): Effect {
  const before = new Map(state.candidates.map((c) => [c.personId, c.state]));
  const effect = (handlers[name] as Handler<N>).apply(state, input, actor, ctx);
  attachChanges(state, before, effect.events);
  return effect;
}

/** Adds the candidates whose state changed to the last event, so the read model follows the workflow exactly. */
export function attachChanges(state: BatchState, before: Map<string, CandidateState>, events: EventDraft[]) {
  const changes = state.candidates
    .filter((c) => before.get(c.personId) !== c.state)
    .map((c) => ({ personId: c.personId, state: c.state, ...(c.exitReason ? { exitReason: c.exitReason } : {}) }));
  const last = events.at(-1);
  if (changes.length > 0 && last) last.payload.changes = changes;
}

function issues(error: z.ZodError, prefix?: string) {
  return error.issues.map((i) => ({
    path:
      [prefix, ...i.path.map(String)].filter(Boolean).join('.') ||
      (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''),
    message: i.message,
  }));
}

// ---------- the procedure's own transitions ----------

/** Candidates whose opinions are still awaited, with the checks they miss (for reminders and PendingOpinions). */
export function pendingOpinions(state: BatchState): { personId: string; missing: string[] }[] {
  return state.candidates
    .filter((c) => c.state === 'UNDER_INSPECTION')
    .map((c) => ({ personId: c.personId, missing: missingChecks(c.vetting) }))
    .filter((p) => p.missing.length > 0);
}

export type NextStep =
  { kind: 'none' } | { kind: 'openPublicity'; personIds: string[] } | { kind: 'stage'; to: BatchStage };

/** What the batch does next on its own: advance its stage, or open the public notice. */
export function nextStep(state: BatchState): NextStep {
  const active = state.candidates.filter((c) => !isExit(c.state));
  const all = (pred: (c: CandidateView) => boolean) => active.every(pred);
  // A held candidate cannot move forward, and the batch moves only when all its candidates can (domain.md §2.1, §2.5).
  const held = active.some((c) => !isSettled(c.state) && isHeld(state, c.personId));
  if (held && active.length > 0) return { kind: 'none' };
  switch (state.stage) {
    case 'INSPECTING':
      if (active.length === 0) return { kind: 'stage', to: 'CLOSED' };
      return all((c) => c.state !== 'UNDER_INSPECTION') ? { kind: 'stage', to: 'DECIDING' } : { kind: 'none' };
    case 'DECIDING': {
      if (active.length === 0) return { kind: 'stage', to: 'CLOSED' };
      if (!all((c) => c.state === 'APPROVED' || isSettled(c.state))) return { kind: 'none' };
      const approved = active.filter((c) => c.state === 'APPROVED').map((c) => c.personId);
      return approved.length > 0 ? { kind: 'openPublicity', personIds: approved } : { kind: 'stage', to: 'CLOSED' };
    }
    case 'PUBLICITY':
      if (!state.publicity?.ended) return { kind: 'none' };
      return all((c) => c.state === 'READY_TO_APPOINT' || isSettled(c.state))
        ? { kind: 'stage', to: 'APPOINTING' }
        : { kind: 'none' };
    case 'APPOINTING':
      return all((c) => isSettled(c.state)) ? { kind: 'stage', to: 'CLOSED' } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

export function changeStage(state: BatchState, to: BatchStage): EventDraft[] {
  const before = new Map(state.candidates.map((c) => [c.personId, c.state]));
  const from = state.stage;
  state.stage = to;
  state.waitingFor = describeWait(state);
  const events: EventDraft[] = [{ type: 'STAGE_CHANGED', payload: { from, to, waitingFor: state.waitingFor } }];
  attachChanges(state, before, events);
  return events;
}

export function applyPublicity(state: BatchState, window: PublicityWindow, personIds: string[]): EventDraft[] {
  const before = new Map(state.candidates.map((c) => [c.personId, c.state]));
  const extended = Boolean(state.publicity);
  state.publicity = { ...window, windowNo: 1, ended: false, personIds };
  const events: EventDraft[] = [];
  if (!extended) {
    for (const c of state.candidates)
      if (personIds.includes(c.personId) && c.state === 'APPROVED') c.state = 'IN_PUBLICITY';
    state.stage = 'PUBLICITY';
    events.push({ type: 'STAGE_CHANGED', payload: { from: 'DECIDING', to: 'PUBLICITY' } });
  }
  state.waitingFor = describeWait(state);
  delete state.waitingForCalendarYear;
  events.push({
    type: extended ? 'PUBLICITY_EXTENDED' : 'PUBLICITY_OPENED',
    payload: { window: { ...window, windowNo: 1, personIds }, waitingFor: state.waitingFor },
  });
  attachChanges(state, before, events);
  return events;
}

export function endPublicity(state: BatchState): EventDraft[] {
  if (!state.publicity) return [];
  const before = new Map(state.candidates.map((c) => [c.personId, c.state]));
  state.publicity.ended = true;
  for (const c of state.candidates) if (c.state === 'IN_PUBLICITY') c.state = 'READY_TO_APPOINT';
  state.waitingFor = describeWait(state);
  const events: EventDraft[] = [{ type: 'PUBLICITY_ENDED', payload: { windowNo: 1, waitingFor: state.waitingFor } }];
  attachChanges(state, before, events);
  return events;
}

export function startProbation(state: BatchState, personId: string, workflowId: string, endsOn: string): EventDraft[] {
  const c = findCandidate(state, personId)!;
  const before = new Map(state.candidates.map((x) => [x.personId, x.state]));
  c.state = 'ON_PROBATION';
  const events: EventDraft[] = [
    { type: 'PROBATION_STARTED', payload: { personId, workflowId, startsOn: c.appointment!.noticeDate, endsOn } },
  ];
  attachChanges(state, before, events);
  return events;
}

export function waitForCalendar(state: BatchState, year: number): EventDraft[] {
  state.waitingForCalendarYear = year;
  state.waitingFor = `CALENDAR_NOT_PUBLISHED: the official holiday schedule for ${year} (PUT /api/v1/calendar/years/${year})`;
  return [{ type: 'WAITING', payload: { waitingFor: state.waitingFor, calendarYear: year } }];
}

export function describeWait(state: BatchState): string {
  const open = state.stage !== 'CLOSED' && state.stage !== 'CANCELLED';
  if (open && state.holds.length > 0) return `the discipline group to lift ${state.holds.length} hold(s)`;
  switch (state.stage) {
    case 'INSPECTING': {
      const pending = pendingOpinions(state);
      const due = state.opinionsDueOn ? `, opinions due ${state.opinionsDueOn}` : '';
      return `vetting: ${pending.length} candidate(s) with checks outstanding${due}`;
    }
    case 'DECIDING':
      return 'party group decision (讨论决定) on the vetted candidates';
    case 'PUBLICITY': {
      const p = state.publicity;
      if (!p) return 'opening the public notice';
      if (!p.ended) return `public notice (任前公示) until ${p.endsOn} 24:00`;
      return 'open objections to be resolved';
    }
    case 'APPOINTING':
      return 'appointment notices (任职通知)';
    case 'CLOSED':
      return 'nothing: the batch is closed';
    case 'CANCELLED':
      return 'nothing: the batch is cancelled';
  }
}

/**
 * Same day of month N months later in the Asia/Shanghai calendar (clamped to the month's last day), same time of
 * day; ISO instant in, ISO instant out. Shanghai has no daylight saving, so a fixed +8 h shift is exact.
 */
export function addMonths(instant: string, months: number): string {
  const SHIFT = 8 * 3600_000;
  const d = new Date(Date.parse(instant) + SHIFT);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    year,
    month,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
  return new Date(shifted - SHIFT).toISOString();
}

/** The calendar date in Asia/Shanghai (UTC+8, no daylight saving) of an instant. */
export function shanghaiDate(instant: string): string {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
