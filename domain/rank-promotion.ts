import { nulPath } from './text';
import { z } from 'zod';
import { memberSchema, relationSchema, type BatchStage } from './batch';
import type { PublicityWindow } from './calendar';
import { decideMeeting, partyGroupDecisionSchema, type ItemDecision, type Relation } from './decision';
import {
  assessmentGrades,
  assessmentSchema,
  careerDate,
  computeEligibility,
  disciplinaryEffectSchema,
  holdingPeriodSchema,
  type Eligibility,
} from './eligibility';
import type { ActorRef, RoleSignals } from './events';
import { isOneStepUp, isRank, ranks, type Rank } from './ranks';
import { hasRole, isPerson, orgStaff, type Actor, type Role } from './roles';
import { rulesetSchema, type RulesetFieldsAddedLater, type ScaledTimers } from './ruleset';
import {
  actorSchema,
  addMonths,
  commandSchemas,
  notification,
  objectionStanding,
  readySince,
  shanghaiDate,
  tooFarAhead,
  type CommandContext,
  type Effect,
  type EventDraft,
  type HoldView,
  type ObjectionView,
  type Refusal,
} from './selection';
import {
  applyCheck,
  authorizeCheck,
  checkKinds,
  checkResults,
  completedResult,
  initialVettingState,
  lastRecordedAt,
  type CheckKind,
  type CheckRecord,
  type VettingState,
} from './vetting';

// Pure and deterministic: imported by workflow code. No I/O, no clock, no randomness.
// 职级晋升 (domain.md §3, 《公务员职务与职级并行规定》(2019) art. 17–22), on the selection batch's command pattern.

// ---------- ruleset ----------

/**
 * The selection ruleset plus the rank-promotion [DESIGN] points (domain.md §3, §6).
 * - `requiredChecks`: the vetting a candidate needs before the decision. Default: the integrity opinion and the archive
 *   audit (domain.md §3); whether all of 凡提四必 applies to rank promotion is an open point, so add them here.
 * - `simplifiedInspection`: art. 20 lets 考察了解 be simplified for ranks without a quota ratio: no inspection report.
 * - `assessmentYear`, `missingAssessment`: see eligibilitySettingsSchema.
 */
export const rankRulesetSchema = rulesetSchema.extend({
  requiredChecks: z
    .array(z.enum(checkKinds))
    .max(checkKinds.length)
    .refine((kinds) => new Set(kinds).size === kinds.length, 'each check at most once')
    .default(['ARCHIVE_AUDIT', 'DISCIPLINE_OPINION']),
  simplifiedInspection: z.boolean().default(false),
  assessmentYear: z.enum(['held_at_year_end', 'any_part_of_year']).default('held_at_year_end'),
  missingAssessment: z.enum(['blocks', 'not_counted']).default('blocks'),
});
export type RankRuleset = z.output<typeof rankRulesetSchema>;
export const defaultRankRuleset: RankRuleset = rankRulesetSchema.parse({});
/** A rank ruleset as a batch keeps it: settings added later may be absent (domain/ruleset.ts StoredRuleset). */
export type StoredRankRuleset = Omit<RankRuleset, RulesetFieldsAddedLater> &
  Partial<Pick<RankRuleset, RulesetFieldsAddedLater>>;

// ---------- the batch plan ----------

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"');
const reason = z.string().trim().min(1).max(4000);
const isoDate = z.iso.date();

export const rankCandidateSchema = z.strictObject({
  personId: id,
  name: z.string().min(1).max(100),
  branchId: id,
  currentRank: z.enum(ranks),
  targetRank: z.enum(ranks),
  rankHistory: z.array(holdingPeriodSchema).max(50),
  assessments: z.array(assessmentSchema).max(60),
  disciplinaryEffects: z.array(disciplinaryEffectSchema).max(50).default([]),
});

export const rankBatchSchema = z
  .strictObject({
    id: id.optional(),
    title: z.string().min(1).max(200),
    year: z.number().int().min(2000).max(2100),
    orgUnit: z.string().min(1).max(100),
    /** Reference date of the eligibility computation; default: the day the batch starts (Asia/Shanghai). */
    asOf: careerDate.optional(),
    candidates: z.array(rankCandidateSchema).min(1).max(1000),
    /** 职数: promotions the batch may approve per target rank, where a quota applies. */
    quotas: z
      .array(z.strictObject({ rank: z.enum(ranks), seats: z.number().int().min(0).max(1000) }))
      .max(ranks.length)
      .default([]),
    partyGroup: z.array(memberSchema).min(3).max(50),
    relations: z.array(relationSchema).max(1000).default([]),
    ruleset: rankRulesetSchema.optional(),
  })
  .superRefine((batch, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const memberIds = new Set(batch.partyGroup.map((m) => m.memberId));
    const personIds = new Set(batch.candidates.map((c) => c.personId));
    duplicates(batch.candidates.map((c) => c.personId)).forEach((i) =>
      issue(['candidates', i, 'personId'], 'duplicate candidate'),
    );
    duplicates(batch.partyGroup.map((m) => m.memberId)).forEach((i) =>
      issue(['partyGroup', i, 'memberId'], 'duplicate member'),
    );
    duplicates(batch.quotas.map((q) => q.rank)).forEach((i) => issue(['quotas', i, 'rank'], 'duplicate rank'));
    if (batch.partyGroup.filter((m) => m.isSecretary).length !== 1)
      issue(['partyGroup'], 'exactly one member must be the secretary');
    batch.relations.forEach((r, i) => {
      if (!memberIds.has(r.memberId)) issue(['relations', i, 'memberId'], 'unknown party group member');
      if (!personIds.has(r.personId)) issue(['relations', i, 'personId'], 'unknown candidate');
    });
    batch.candidates.forEach((c, i) => {
      duplicates(c.assessments.map((a) => String(a.year))).forEach((j) =>
        issue(['candidates', i, 'assessments', j, 'year'], 'one assessment per year'),
      );
      c.rankHistory.forEach((p, j) => {
        if (p.to === undefined && isRank(p.holding) && p.holding !== c.currentRank)
          issue(['candidates', i, 'rankHistory', j], `the rank held now is currentRank (${c.currentRank})`);
      });
    });
  });

export type RankBatchBody = z.input<typeof rankBatchSchema>;
export type RankBatchPlan = Omit<z.output<typeof rankBatchSchema>, 'ruleset' | 'asOf'> & { id: string; asOf: string };
export type RankCandidatePlan = RankBatchPlan['candidates'][number];

/** [REG art. 17] one step at a time: the 422 the API answers before anything starts. */
export function stepViolations(plan: { candidates: readonly { currentRank: Rank; targetRank: Rank }[] }) {
  return plan.candidates.flatMap((c, i) =>
    isOneStepUp(c.currentRank, c.targetRank)
      ? []
      : [{ path: `candidates.${i}.targetRank`, message: `${c.targetRank} is not one step above ${c.currentRank}` }],
  );
}

/**
 * Each candidate's eligibility on the batch's reference date. `awaitLastYearsAssessment` (the workflow passes
 * `patched(AWAITING_ASSESSMENT)`; default true): a candidate whose eligibility depends on last year's assessment, not
 * recorded yet, awaits it instead of being found ineligible.
 */
export function candidateEligibility(
  plan: RankBatchPlan,
  ruleset: StoredRankRuleset,
  { awaitLastYearsAssessment = true }: { awaitLastYearsAssessment?: boolean } = {},
): Eligibility[] {
  return plan.candidates.map((c) => eligibilityOf(c, plan.asOf, ruleset, awaitLastYearsAssessment));
}

/** The part of a candidate's personnel file that eligibility is computed from. */
export type RankCareer = Pick<RankCandidatePlan, 'currentRank' | 'targetRank' | 'rankHistory' | 'assessments'> & {
  disciplinaryEffects?: RankCandidatePlan['disciplinaryEffects'];
};

function eligibilityOf(c: RankCareer, asOf: string, ruleset: StoredRankRuleset, awaitLastYearsAssessment: boolean) {
  return computeEligibility({
    currentRank: c.currentRank,
    targetRank: c.targetRank,
    rankHistory: c.rankHistory,
    assessments: c.assessments,
    disciplinaryEffects: c.disciplinaryEffects ?? [],
    asOf,
    settings: { assessmentYear: ruleset.assessmentYear, missingAssessment: ruleset.missingAssessment },
    awaitLastYearsAssessment,
  });
}

// ---------- state ----------

export const rankCandidateStates = [
  'INELIGIBLE',
  'AWAITING_ASSESSMENT',
  'UNDER_INSPECTION',
  'VETTED',
  'APPROVED',
  'REJECTED',
  'DEFERRED',
  'IN_PUBLICITY',
  'ON_HOLD',
  'SUSPENDED',
  'READY_TO_APPROVE',
  'PROMOTED',
  'NOT_APPROVED',
  'WITHDRAWN',
  'VETOED',
  'DISQUALIFIED',
  'CANCELLED',
  'NOT_SELECTED',
] as const;
export type RankCandidateState = (typeof rankCandidateStates)[number];

/** Ended without promotion. INELIGIBLE candidates stay in the batch, marked, with the reasons. */
export const rankExitStates: readonly RankCandidateState[] = [
  'INELIGIBLE',
  'WITHDRAWN',
  'VETOED',
  'DISQUALIFIED',
  'CANCELLED',
  'NOT_SELECTED',
  'REJECTED',
  'NOT_APPROVED',
];
export const isRankExit = (s: RankCandidateState) => rankExitStates.includes(s);
export const isRankSettled = (s: RankCandidateState) => isRankExit(s) || s === 'PROMOTED';

/** 民主推荐 (recommendation) or 民主测评 (evaluation) results (art. 20). */
export interface EvaluationRecord {
  method: 'RECOMMENDATION' | 'EVALUATION';
  heldOn: string;
  participants: number;
  favourable: number;
  recordedBy: string;
  at: string;
  note?: string;
}

export interface RankCandidateView {
  personId: string;
  branchId: string;
  currentRank: Rank;
  targetRank: Rank;
  state: RankCandidateState;
  eligible: boolean;
  vetting: VettingState;
  /** 考察了解 report (not needed with `simplifiedInspection`). */
  inspection?: CheckRecord;
  evaluation?: EvaluationRecord;
  exitReason?: string;
  decision?: { meetingId: string; heldOn: string; outcome: ItemDecision['outcome'] };
  approval?: { approved: boolean; approvedOn: string; documentNo?: string; authority?: string };
  suspendedUntil?: string;
  /**
   * AWAITING_ASSESSMENT: the year whose annual assessment the office is to record (recordAssessment), and the file
   * eligibility is then computed again from.
   */
  awaitingAssessment?: { year: number; career: RankCareer };
}

export interface RankBatchState {
  id: string;
  kind: 'RANK_PROMOTION';
  stage: BatchStage;
  title: string;
  year: number;
  orgUnit: string;
  asOf: string;
  ruleset: StoredRankRuleset;
  quotas: { rank: Rank; seats: number }[];
  members: { memberId: string; isSecretary: boolean }[];
  relations: Relation[];
  candidates: RankCandidateView[];
  holds: HoldView[];
  objections: ObjectionView[];
  meetings: { meetingId: string; heldOn: string }[];
  publicity?: PublicityWindow & { windowNo: number; ended: boolean; personIds: string[] };
  waitingFor: string;
  waitingForCalendarYear?: number;
  cancelReason?: string;
  seq: number;
  requestIds: string[];
}

export interface RankPromotionBatchInput {
  plan: RankBatchPlan;
  ruleset: StoredRankRuleset;
  startedBy: ActorRef;
  /** ROLE_SIGNALS of the API that started the batch; absent (batches started before it existed): `accept`. */
  roleSignals?: RoleSignals;
}

export interface RankBatchStartedPayload {
  kind: 'RANK_PROMOTION';
  workflowId: string;
  plan: RankBatchPlan;
  ruleset: StoredRankRuleset;
  roleSignals?: RoleSignals;
  /** Set when the batch's timers are scaled (tests, drills, demos). */
  scaledTimers?: ScaledTimers;
  eligibility: ({ personId: string } & Eligibility)[];
}

export function initialRankState(
  { plan, ruleset }: RankPromotionBatchInput,
  eligibility: Eligibility[] = candidateEligibility(plan, ruleset),
): RankBatchState {
  const state: RankBatchState = {
    id: plan.id,
    kind: 'RANK_PROMOTION',
    stage: 'INSPECTING',
    title: plan.title,
    year: plan.year,
    orgUnit: plan.orgUnit,
    asOf: plan.asOf,
    ruleset,
    quotas: plan.quotas.map((q) => ({ rank: q.rank, seats: q.seats })),
    members: plan.partyGroup.map((m) => ({ memberId: m.memberId, isSecretary: m.isSecretary })),
    relations: plan.relations,
    candidates: plan.candidates.map((c, i): RankCandidateView => {
      const e = eligibility[i]!;
      const view: RankCandidateView = {
        personId: c.personId,
        branchId: c.branchId,
        currentRank: c.currentRank,
        targetRank: c.targetRank,
        eligible: e.eligible,
        state: 'UNDER_INSPECTION',
        vetting: initialVettingState,
      };
      if (e.awaitingAssessment !== undefined) {
        const { currentRank, targetRank, rankHistory, assessments, disciplinaryEffects } = c;
        view.state = 'AWAITING_ASSESSMENT';
        view.awaitingAssessment = {
          year: e.awaitingAssessment,
          career: { currentRank, targetRank, rankHistory, assessments, disciplinaryEffects },
        };
      } else if (!e.eligible) {
        view.state = 'INELIGIBLE';
        view.exitReason = e.blockers.map((b) => b.message).join('; ');
      }
      return view;
    }),
    holds: [],
    objections: [],
    meetings: [],
    waitingFor: '',
    seq: 0,
    requestIds: [],
  };
  state.waitingFor = describeRankWait(state);
  return state;
}

// ---------- commands ----------

/** The selection checks plus 考察了解 (INSPECTION), which rank promotion may simplify away. */
export const rankCheckKinds = [...checkKinds, 'INSPECTION'] as const;
export type RankCheckKind = (typeof rankCheckKinds)[number];

export const rankCommandSchemas = {
  recordCheck: z.strictObject({
    personId: id,
    kind: z.enum(rankCheckKinds),
    result: z.enum(checkResults),
    note: z.string().max(4000).optional(),
    reason: reason.optional(),
  }),
  recordEvaluation: z
    .strictObject({
      personId: id,
      method: z.enum(['RECOMMENDATION', 'EVALUATION']),
      heldOn: isoDate,
      participants: z.number().int().min(1).max(100_000),
      favourable: z.number().int().min(0).max(100_000),
      note: z.string().max(4000).optional(),
    })
    .refine((e) => e.favourable <= e.participants, { path: ['favourable'], message: 'more than the participants' }),
  /** The annual assessment an AWAITING_ASSESSMENT candidate waits for (年度考核), recorded by the org office. */
  recordAssessment: z.strictObject({
    personId: id,
    year: z.number().int().min(1950).max(2100),
    grade: z.enum(assessmentGrades),
    note: z.string().max(4000).optional(),
  }),
  recordDecision: partyGroupDecisionSchema,
  fileObjection: commandSchemas.fileObjection,
  resolveObjection: commandSchemas.resolveObjection,
  withdraw: commandSchemas.withdraw,
  disqualify: commandSchemas.disqualify,
  placeHold: commandSchemas.placeHold,
  liftHold: commandSchemas.liftHold,
  extendPublicity: commandSchemas.extendPublicity,
  cancel: commandSchemas.cancel,
  /** Approval by the competent authority (按照管理权限审批), recorded by ORG_HEAD with its document number. */
  approve: z
    .strictObject({
      personId: id,
      approved: z.boolean().default(true),
      documentNo: z.string().trim().min(1).max(100).optional(),
      approvedOn: isoDate,
      authority: z.string().trim().min(1).max(200).optional(),
      reason: reason.optional(),
    })
    .superRefine((a, ctx) => {
      if (a.approved && !a.documentNo)
        ctx.addIssue({ code: 'custom', path: ['documentNo'], message: 'an approval needs its document number' });
      if (!a.approved && !a.reason)
        ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a refusal needs a reason' });
    }),
} as const;

export type RankCommandName = keyof typeof rankCommandSchemas;
export type RankCommandInput<N extends RankCommandName> = z.output<(typeof rankCommandSchemas)[N]>;
export type RankCheckInput = RankCommandInput<'recordCheck'>;
export type EvaluationInput = RankCommandInput<'recordEvaluation'>;
export type ApproveInput = RankCommandInput<'approve'>;
export type AssessmentInput = RankCommandInput<'recordAssessment'>;

const refuse = (code: string, message: string, errors?: Refusal['errors']): Refusal => ({
  code,
  message,
  ...(errors ? { errors } : {}),
});
const isRefusal = (v: unknown): v is Refusal => typeof v === 'object' && v !== null && 'code' in v && 'message' in v;
const findCandidate = (state: RankBatchState, personId: string) =>
  state.candidates.find((c) => c.personId === personId);
export const isRankHeld = (state: RankBatchState, personId: string) =>
  state.holds.some((h) => h.personId === undefined || h.personId === personId);
const openObjections = (state: RankBatchState, personId: string) =>
  state.objections.filter((o) => o.personId === personId && o.status !== 'RESOLVED');

function candidateOr(state: RankBatchState, personId: string): RankCandidateView | Refusal {
  return findCandidate(state, personId) ?? refuse('candidate.not_found', `candidate ${personId} is not in this batch`);
}

function needRole(actor: Actor | undefined, allowed: Role[], what: string): Refusal | undefined {
  if (!actor || !hasRole(actor, ...allowed))
    return refuse('role.forbidden', `${what} needs one of ${allowed.join(', ')}`);
  return undefined;
}

function batchOpen(state: RankBatchState): Refusal | undefined {
  if (state.stage === 'CLOSED' || state.stage === 'CANCELLED')
    return refuse('batch.closed', `batch ${state.id} is ${state.stage}`);
  return undefined;
}

function stillRunning(state: RankBatchState, personId: string): Refusal | undefined {
  const c = candidateOr(state, personId);
  if (isRefusal(c)) return c;
  if (isRankSettled(c.state)) return refuse('candidate.wrong_state', `candidate ${personId} is already ${c.state}`);
  return undefined;
}

const underInspection = (c: RankCandidateView) =>
  c.state === 'UNDER_INSPECTION'
    ? undefined
    : refuse('candidate.wrong_state', `candidate ${c.personId} is ${c.state}, not UNDER_INSPECTION`);

/** What a candidate still needs before the decision meeting, in procedure order. */
export function missingSteps(c: RankCandidateView, ruleset: StoredRankRuleset): string[] {
  return [
    ...(c.evaluation ? [] : ['EVALUATION']),
    ...(ruleset.simplifiedInspection || c.inspection ? [] : ['INSPECTION']),
    ...ruleset.requiredChecks.filter((k) => completedResult(c.vetting, k) === undefined),
  ];
}

type RankVettingOutcome = 'INCOMPLETE' | 'VETTED' | { exit: 'VETOED' | 'DISQUALIFIED'; kind: RankCheckKind };

/** Like the selection vetting: the integrity opinion vetoes, any other `affects_use` disqualifies. */
export function rankVettingOutcome(c: RankCandidateView, ruleset: StoredRankRuleset): RankVettingOutcome {
  if (c.vetting.DISCIPLINE_OPINION?.result === 'affects_use') return { exit: 'VETOED', kind: 'DISCIPLINE_OPINION' };
  const failed: RankCheckKind | undefined =
    checkKinds.find((k) => completedResult(c.vetting, k) === 'affects_use') ??
    (c.inspection?.result === 'affects_use' ? 'INSPECTION' : undefined);
  if (failed) return { exit: 'DISQUALIFIED', kind: failed };
  return missingSteps(c, ruleset).length === 0 ? 'VETTED' : 'INCOMPLETE';
}

function settleVetting(state: RankBatchState, c: RankCandidateView, why?: string) {
  const outcome = rankVettingOutcome(c, state.ruleset);
  if (outcome === 'VETTED') c.state = 'VETTED';
  else if (typeof outcome === 'object') {
    c.state = outcome.exit;
    c.exitReason = `${outcome.kind}: ${why ?? 'affects use'}`;
  }
}

type Handler<N extends RankCommandName> = {
  check(
    state: RankBatchState,
    input: RankCommandInput<N>,
    actor: Actor | undefined,
    ctx: CommandContext,
  ): Refusal | undefined;
  apply(state: RankBatchState, input: RankCommandInput<N>, actor: Actor | undefined, ctx: CommandContext): Effect;
};

const handlers: { [N in RankCommandName]: Handler<N> } = {
  recordCheck: {
    check(state, input, actor) {
      const closed = batchOpen(state);
      if (closed) return closed;
      const c = candidateOr(state, input.personId);
      if (isRefusal(c)) return c;
      if (!actor) return refuse('role.forbidden', 'a vetting check needs an identified actor');
      if (input.kind === 'INSPECTION') {
        const denied = needRole(actor, orgStaff, 'recording the inspection (考察了解)');
        if (denied) return denied;
        if (state.ruleset.simplifiedInspection)
          return refuse('check.not_required', 'this batch follows the simplified procedure: no inspection report');
        const wrong = underInspection(c);
        if (wrong) return wrong;
        if (c.inspection) return refuse('check.already_recorded', 'INSPECTION has already been recorded');
        if (input.result === 'affects_use' && !input.reason)
          return refuse('check.reason_required', 'a reason is required when the result is affects_use');
        return undefined;
      }
      if (!state.ruleset.requiredChecks.includes(input.kind))
        return refuse(
          'check.not_required',
          `${input.kind} is not part of this batch's vetting (${state.ruleset.requiredChecks.join(', ')})`,
        );
      const auth = authorizeCheck({ actor, kind: input.kind, candidate: c });
      if (!auth.ok) return refuse(auth.code, auth.message);
      const wrong = underInspection(c);
      if (wrong) return wrong;
      const applied = applyCheck(c.vetting, { ...input, kind: input.kind, actor, at: '1970-01-01T00:00:00.000Z' });
      return applied.ok ? undefined : refuse(applied.code, applied.message);
    },
    apply(state, input, actor, { now }) {
      const c = findCandidate(state, input.personId)!;
      let signer: 'single' | 'secretary' | 'discipline' = 'single';
      if (input.kind === 'INSPECTION') {
        const role = actor!.roles.find((r) => orgStaff.includes(r))!;
        c.inspection = {
          result: input.result,
          recordedBy: { actorId: actor!.id, role },
          at: now,
          ...(input.note === undefined ? {} : { note: input.note }),
          ...(input.reason === undefined ? {} : { reason: input.reason }),
        };
      } else {
        const kind: CheckKind = input.kind;
        const before = c.vetting.INTEGRITY_CONCLUSION?.signatures.secretary;
        const applied = applyCheck(c.vetting, { ...input, kind, actor: actor!, at: now });
        if (!applied.ok) throw new Error(applied.code);
        c.vetting = applied.state;
        if (kind === 'INTEGRITY_CONCLUSION')
          signer =
            before === undefined && c.vetting.INTEGRITY_CONCLUSION?.signatures.secretary !== undefined
              ? 'secretary'
              : 'discipline';
      }
      settleVetting(state, c, input.reason);
      return { events: [{ type: 'CHECK_RECORDED', payload: { ...input, signer } }] };
    },
  },

  recordEvaluation: {
    check(state, input, actor) {
      const denied = needRole(actor, orgStaff, 'recording 民主推荐 / 民主测评 results') ?? batchOpen(state);
      if (denied) return denied;
      const c = candidateOr(state, input.personId);
      if (isRefusal(c)) return c;
      const wrong = underInspection(c);
      if (wrong) return wrong;
      if (c.evaluation) return refuse('evaluation.already_recorded', `results for ${c.personId} are already recorded`);
      return undefined;
    },
    apply(state, input, actor, { now }) {
      const c = findCandidate(state, input.personId)!;
      c.evaluation = {
        method: input.method,
        heldOn: input.heldOn,
        participants: input.participants,
        favourable: input.favourable,
        recordedBy: actor!.id,
        at: now,
        ...(input.note === undefined ? {} : { note: input.note }),
      };
      settleVetting(state, c);
      return { events: [{ type: 'EVALUATION_RECORDED', payload: { ...input } }] };
    },
  },

  recordAssessment: {
    check(state, input, actor) {
      const denied = needRole(actor, orgStaff, 'recording an annual assessment') ?? batchOpen(state);
      if (denied) return denied;
      const c = candidateOr(state, input.personId);
      if (isRefusal(c)) return c;
      if (c.state !== 'AWAITING_ASSESSMENT' || !c.awaitingAssessment)
        return refuse('candidate.wrong_state', `candidate ${c.personId} is ${c.state}, not AWAITING_ASSESSMENT`);
      const { year } = c.awaitingAssessment;
      if (input.year !== year)
        return refuse('assessment.not_awaited', `candidate ${c.personId} awaits the ${year} assessment`, [
          { path: 'year', message: `must be ${year}, the year awaited` },
        ]);
      return undefined;
    },
    apply(state, input) {
      const c = findCandidate(state, input.personId)!;
      const { career } = c.awaitingAssessment!;
      const assessments = [...career.assessments, { year: input.year, grade: input.grade }];
      const e = eligibilityOf({ ...career, assessments }, state.asOf, state.ruleset, false);
      delete c.awaitingAssessment;
      c.eligible = e.eligible;
      if (e.eligible) c.state = 'UNDER_INSPECTION';
      else {
        c.state = 'INELIGIBLE';
        c.exitReason = e.blockers.map((b) => b.message).join('; ');
      }
      return { events: [{ type: 'ASSESSMENT_RECORDED', payload: { ...input, eligibility: e } }] };
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
      // 职数: never more approvals for a rank than its quota.
      for (const q of state.quotas) {
        const already = state.candidates.filter(
          (c) => c.targetRank === q.rank && !isRankExit(c.state) && c.decision?.outcome === 'APPROVED',
        ).length;
        const now = decided.outcomes.filter(
          (o) => o.outcome === 'APPROVED' && findCandidate(state, o.personId)?.targetRank === q.rank,
        ).length;
        if (already + now > q.seats)
          return refuse('quota.exceeded', `more promotions to ${q.rank} approved than its quota of ${q.seats}`);
      }
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
      if (c.state === 'IN_PUBLICITY' || c.state === 'READY_TO_APPROVE') c.state = 'ON_HOLD';
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
        return refuse('objection.already_suspended', 'the promotion is already suspended; the party group must decide');
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
        if (!isRankSettled(c.state)) {
          c.state = 'CANCELLED';
          c.exitReason = `objection ${o.objectionId} upheld`;
        }
      } else if (deriveSuspension) {
        if (!isRankSettled(c.state)) {
          const standing = objectionStanding(state.objections, c.personId);
          if (standing.state === 'CLEAR') c.state = state.publicity?.ended ? 'READY_TO_APPROVE' : 'IN_PUBLICITY';
          else c.state = standing.state;
          if (standing.state === 'SUSPENDED') c.suspendedUntil = standing.until;
          else delete c.suspendedUntil;
        }
      } else if (input.resolution === 'unverifiable') {
        // Before the correction: the latest unverifiable resolution's date, kept when that objection was cleared.
        if (!isRankExit(c.state)) {
          c.state = 'SUSPENDED';
          c.suspendedUntil = suspendedUntil;
        }
      } else if (!isRankSettled(c.state) && openObjections(state, c.personId).length === 0) {
        c.state = state.publicity?.ended ? 'READY_TO_APPROVE' : 'IN_PUBLICITY';
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
    // The new window needs the calendar (an activity): the workflow computes it, then calls applyRankPublicity.
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
        if (!isRankSettled(c.state)) {
          c.state = 'NOT_SELECTED';
          c.exitReason = `batch cancelled: ${input.reason}`;
        }
      state.cancelReason = input.reason;
      const from = state.stage;
      state.stage = 'CANCELLED';
      state.waitingFor = describeRankWait(state);
      return {
        events: [
          { type: 'BATCH_CANCELLED', payload: { ...input } },
          { type: 'STAGE_CHANGED', payload: { from, to: 'CANCELLED' } },
        ],
      };
    },
  },

  approve: {
    check(state, input, actor, ctx) {
      const denied = needRole(actor, ['ORG_HEAD'], 'recording the approval (审批)') ?? batchOpen(state);
      if (denied) return denied;
      const c = candidateOr(state, input.personId);
      if (isRefusal(c)) return c;
      if (isRankHeld(state, c.personId))
        return refuse('candidate.on_hold', `candidate ${c.personId} is held by the discipline group`);
      if (openObjections(state, c.personId).length > 0)
        return refuse('objection.open', `candidate ${c.personId} has an open objection`);
      if (c.state !== 'READY_TO_APPROVE')
        return refuse('candidate.wrong_state', `candidate ${c.personId} is ${c.state}, not READY_TO_APPROVE`);
      if (state.publicity && input.approvedOn <= state.publicity.endsOn)
        return refuse('approval.before_publicity_end', `the approval date must be after ${state.publicity.endsOn}`, [
          { path: 'approvedOn', message: `must be after the public notice ends (${state.publicity.endsOn})` },
        ]);
      return tooFarAhead(state, ctx, input.approvedOn, 'approval.too_far_ahead', 'approvedOn');
    },
    apply(state, input) {
      const c = findCandidate(state, input.personId)!;
      const decisionDate = c.decision!.heldOn;
      c.approval = {
        approved: input.approved,
        approvedOn: input.approvedOn,
        ...(input.documentNo ? { documentNo: input.documentNo } : {}),
        ...(input.authority ? { authority: input.authority } : {}),
      };
      if (!input.approved) {
        c.state = 'NOT_APPROVED';
        c.exitReason = `not approved by the competent authority: ${input.reason}`;
        return { events: [{ type: 'RANK_NOT_APPROVED', payload: { ...input, decisionDate } }] };
      }
      c.state = 'PROMOTED';
      return {
        events: [
          {
            type: 'RANK_APPROVED',
            payload: { ...input, fromRank: c.currentRank, toRank: c.targetRank, decisionDate },
          },
        ],
      };
    },
  },
};

function decide(state: RankBatchState, input: RankCommandInput<'recordDecision'>, ctx: CommandContext) {
  return decideMeeting({
    members: state.members,
    attendance: input.attendance,
    agenda: state.candidates
      .filter((c) => !isRankExit(c.state))
      .map((c) => ({
        personId: c.personId,
        vetted: (c.state === 'VETTED' || c.state === 'DEFERRED') && !isRankHeld(state, c.personId),
        ...readySince(lastStepAt(c), c.decision?.heldOn),
      })),
    relations: state.relations,
    votes: input.votes,
    deferIfDivergent: state.ruleset.deferIfDivergent,
    ...(ctx.boundDates === false ? {} : { dates: { heldOn: input.heldOn, today: shanghaiDate(ctx.now) } }),
    settings: { recusedCountsAsAbsent: state.ruleset.recusedCountsAsAbsent },
  });
}

/** When the last step before the decision was recorded: a check, the inspection or the evaluation results. */
function lastStepAt(c: RankCandidateView): string | undefined {
  return [lastRecordedAt(c.vetting), c.inspection?.at, c.evaluation?.at]
    .filter((at): at is string => at !== undefined)
    .sort()
    .at(-1);
}

/** Validates a message against the batch; a refusal names the field or the rule. */
export function checkRankCommand<N extends RankCommandName>(
  state: RankBatchState,
  name: N,
  raw: unknown,
  ctx: CommandContext,
): { ok: true; input: RankCommandInput<N>; actor: Actor | undefined } | { ok: false; refusal: Refusal } {
  const nul = nulPath(raw);
  if (nul !== undefined)
    return {
      ok: false,
      refusal: refuse('message.invalid', 'text may not contain U+0000', [{ path: nul, message: 'contains U+0000' }]),
    };
  const envelope = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const { actor: rawActor, requestId: _requestId, ...body } = envelope;
  const actorParsed = rawActor === undefined ? undefined : actorSchema.safeParse(rawActor);
  if (actorParsed && !actorParsed.success)
    return { ok: false, refusal: refuse('message.invalid', 'actor is not valid', issues(actorParsed.error, 'actor')) };
  const parsed = rankCommandSchemas[name].safeParse(body);
  if (!parsed.success)
    return { ok: false, refusal: refuse('message.invalid', 'the message is not valid', issues(parsed.error)) };
  const actor = actorParsed?.data as Actor | undefined;
  const input = parsed.data as RankCommandInput<N>;
  const refusal = (handlers[name] as Handler<N>).check(state, input, actor, ctx);
  return refusal ? { ok: false, refusal } : { ok: true, input, actor };
}

export function applyRankCommand<N extends RankCommandName>(
  state: RankBatchState,
  name: N,
  input: RankCommandInput<N>,
  actor: Actor | undefined,
  ctx: CommandContext,
): Effect {
  const before = snapshot(state);
  const effect = (handlers[name] as Handler<N>).apply(state, input, actor, ctx);
  attachRankChanges(state, before, effect.events);
  return effect;
}

const snapshot = (state: RankBatchState) => new Map(state.candidates.map((c) => [c.personId, c.state]));

/** Adds the candidates whose state changed to the last event, so the read model follows the workflow exactly. */
function attachRankChanges(state: RankBatchState, before: Map<string, RankCandidateState>, events: EventDraft[]) {
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

/** Candidates whose steps are still awaited (for reminders and PendingOpinions). */
export function pendingRankSteps(state: RankBatchState): { personId: string; missing: string[] }[] {
  return state.candidates
    .filter((c) => c.state === 'UNDER_INSPECTION' || c.state === 'AWAITING_ASSESSMENT')
    .map((c) => ({
      personId: c.personId,
      missing: c.awaitingAssessment
        ? [`ASSESSMENT_${c.awaitingAssessment.year}`, ...missingSteps(c, state.ruleset)]
        : missingSteps(c, state.ruleset),
    }))
    .filter((p) => p.missing.length > 0);
}

export type RankNextStep =
  { kind: 'none' } | { kind: 'openPublicity'; personIds: string[] } | { kind: 'stage'; to: BatchStage };

/**
 * What the batch does next on its own. Stages as in selection; APPOINTING is the wait for the competent authority's
 * approval (审批), which records the rank change.
 */
export function nextRankStep(state: RankBatchState): RankNextStep {
  const active = state.candidates.filter((c) => !isRankExit(c.state));
  const all = (pred: (c: RankCandidateView) => boolean) => active.every(pred);
  switch (state.stage) {
    case 'INSPECTING':
      if (active.length === 0) return { kind: 'stage', to: 'CLOSED' };
      return all((c) => c.state !== 'UNDER_INSPECTION' && c.state !== 'AWAITING_ASSESSMENT')
        ? { kind: 'stage', to: 'DECIDING' }
        : { kind: 'none' };
    case 'DECIDING': {
      if (active.length === 0) return { kind: 'stage', to: 'CLOSED' };
      if (!all((c) => c.state === 'APPROVED' || isRankSettled(c.state))) return { kind: 'none' };
      const approved = active.filter((c) => c.state === 'APPROVED').map((c) => c.personId);
      return approved.length > 0 ? { kind: 'openPublicity', personIds: approved } : { kind: 'stage', to: 'CLOSED' };
    }
    case 'PUBLICITY':
      if (!state.publicity?.ended) return { kind: 'none' };
      return all((c) => c.state === 'READY_TO_APPROVE' || isRankSettled(c.state))
        ? { kind: 'stage', to: 'APPOINTING' }
        : { kind: 'none' };
    case 'APPOINTING':
      return all((c) => isRankSettled(c.state)) ? { kind: 'stage', to: 'CLOSED' } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

export function changeRankStage(state: RankBatchState, to: BatchStage): EventDraft[] {
  const before = snapshot(state);
  const from = state.stage;
  state.stage = to;
  state.waitingFor = describeRankWait(state);
  const events: EventDraft[] = [{ type: 'STAGE_CHANGED', payload: { from, to, waitingFor: state.waitingFor } }];
  attachRankChanges(state, before, events);
  return events;
}

/** [REG art. 20] 公示 of at least 5 working days, never skipped; an extension replaces the window. */
export function applyRankPublicity(state: RankBatchState, window: PublicityWindow, personIds: string[]): EventDraft[] {
  const before = snapshot(state);
  const extended = Boolean(state.publicity);
  state.publicity = { ...window, windowNo: 1, ended: false, personIds };
  const events: EventDraft[] = [];
  if (!extended) {
    for (const c of state.candidates)
      if (personIds.includes(c.personId) && c.state === 'APPROVED') c.state = 'IN_PUBLICITY';
    state.stage = 'PUBLICITY';
    events.push({ type: 'STAGE_CHANGED', payload: { from: 'DECIDING', to: 'PUBLICITY' } });
  }
  state.waitingFor = describeRankWait(state);
  delete state.waitingForCalendarYear;
  events.push({
    type: extended ? 'PUBLICITY_EXTENDED' : 'PUBLICITY_OPENED',
    payload: { window: { ...window, windowNo: 1, personIds }, waitingFor: state.waitingFor },
  });
  attachRankChanges(state, before, events);
  return events;
}

export function endRankPublicity(state: RankBatchState): EventDraft[] {
  if (!state.publicity) return [];
  const before = snapshot(state);
  state.publicity.ended = true;
  for (const c of state.candidates) if (c.state === 'IN_PUBLICITY') c.state = 'READY_TO_APPROVE';
  state.waitingFor = describeRankWait(state);
  const events: EventDraft[] = [{ type: 'PUBLICITY_ENDED', payload: { windowNo: 1, waitingFor: state.waitingFor } }];
  attachRankChanges(state, before, events);
  return events;
}

export function waitForRankCalendar(state: RankBatchState, year: number): EventDraft[] {
  state.waitingForCalendarYear = year;
  state.waitingFor = `CALENDAR_NOT_PUBLISHED: the official holiday schedule for ${year} (PUT /api/v1/calendar/years/${year})`;
  return [{ type: 'WAITING', payload: { waitingFor: state.waitingFor, calendarYear: year } }];
}

export function describeRankWait(state: RankBatchState): string {
  switch (state.stage) {
    case 'INSPECTING': {
      const years = [
        ...new Set(state.candidates.flatMap((c) => (c.awaitingAssessment ? [c.awaitingAssessment.year] : []))),
      ];
      const awaiting = state.candidates.filter((c) => c.state === 'AWAITING_ASSESSMENT').length;
      const assessments =
        awaiting > 0 ? `; ${awaiting} candidate(s) awaiting the ${years.join(', ')} annual assessment` : '';
      return `recommendation / evaluation and vetting: ${pendingRankSteps(state).length} candidate(s) with steps outstanding${assessments}`;
    }
    case 'DECIDING':
      return 'party group decision (集体讨论决定) on the vetted candidates';
    case 'PUBLICITY': {
      const p = state.publicity;
      if (!p) return 'opening the public notice';
      if (!p.ended) return `public notice (公示) until ${p.endsOn} 24:00`;
      return 'open objections to be resolved';
    }
    case 'APPOINTING':
      return 'approval by the competent authority (审批) with its document number';
    case 'CLOSED':
      return 'nothing: the batch is closed';
    case 'CANCELLED':
      return 'nothing: the batch is cancelled';
  }
}

function duplicates(values: string[]): number[] {
  const seen = new Set<string>();
  return values.flatMap((v, i) => (seen.has(v) ? [i] : (seen.add(v), [])));
}
