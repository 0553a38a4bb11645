import { z } from 'zod';
import { endStepRefusal } from '../procedure/end-step';
import { assessmentGrades } from '../eligibility';
import { commandRunner, type Handler } from '../procedure/handler';
import {
  idSchema as id,
  isoDateSchema as isoDate,
  reasonSchema as reason,
  sharedCommandSchemas,
} from '../procedure/messages';
import { isRefusal, needRole, refuse } from '../procedure/refusal';
import { sharedCommands } from '../procedure/shared-commands';
import { batchOpen, candidateOr, findCandidate } from '../procedure/state';
import { orgStaff } from '../roles';
import { applyCheck, authorizeCheck, checkKinds, checkResults, completedResult, type CheckKind } from '../vetting';
import { eligibilityOf, type StoredRankRuleset } from './plan';
import { missingSteps, rankSpec } from './spec';
import type { RankBatchState, RankCandidateView } from './state';

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
  ...sharedCommandSchemas,
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
type RankHandler<N extends RankCommandName> = Handler<RankBatchState, RankCommandInput<N>>;

const underInspection = (c: RankCandidateView) =>
  c.state === 'UNDER_INSPECTION'
    ? undefined
    : refuse('candidate.wrong_state', `candidate ${c.personId} is ${c.state}, not UNDER_INSPECTION`);

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

const recordCheck: RankHandler<'recordCheck'> = {
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
};

const recordEvaluation: RankHandler<'recordEvaluation'> = {
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
};

const recordAssessment: RankHandler<'recordAssessment'> = {
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
};

const approve: RankHandler<'approve'> = {
  check(state, input, actor, ctx) {
    const denied = needRole(actor, ['ORG_HEAD'], 'recording the approval (审批)') ?? batchOpen(state);
    if (denied) return denied;
    return endStepRefusal(rankSpec, state, ctx, input.personId, {
      code: 'approval',
      date: input.approvedOn,
      path: 'approvedOn',
      what: 'approval date',
    });
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
};

export const rankCommands = commandRunner(rankCommandSchemas, {
  recordCheck,
  recordEvaluation,
  recordAssessment,
  ...sharedCommands(rankSpec),
  approve,
});
