import { and, eq } from 'drizzle-orm';
import type { BatchEvent } from '../domain/events';
import type { Eligibility } from '../domain/eligibility';
import type { ApproveInput, AssessmentInput, EvaluationInput, RankBatchStartedPayload } from '../domain/rank-promotion';
import { project, type Stamp, type Tx } from './projection';
import { batchesTable, rankCandidatesTable, rankChangesTable, rankEvaluationsTable } from './schema';

/**
 * Read model of a rank-promotion batch. The batch row is shared with selection batches (kind RANK_PROMOTION); the
 * facts both procedures share (checks, meetings, votes, objections, holds, public notices, notifications, stages)
 * go through the selection projector into the shared tables, so reports count them alike. The candidates, their
 * eligibility traces, the evaluation results and the rank changes have tables of their own.
 */
export async function projectRank(tx: Tx, batchId: string, event: BatchEvent) {
  const at = new Date(event.at);
  if (event.type === 'BATCH_STARTED') {
    await insertRankBatchPlan(tx, {
      ...(event.payload as RankBatchStartedPayload),
      createdBy: event.actor.id,
      createdAt: at,
    });
    await tx.update(batchesTable).set({ lastSeq: event.seq }).where(eq(batchesTable.id, batchId));
    return;
  }

  await project(tx, batchId, event);
  const p = (event.payload ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case 'EVALUATION_RECORDED': {
      const e = p as EvaluationInput;
      await tx
        .insert(rankEvaluationsTable)
        .values({
          batchId,
          personId: e.personId,
          method: e.method,
          heldOn: e.heldOn,
          participants: e.participants,
          favourable: e.favourable,
          note: e.note ?? null,
          recordedBy: event.actor.id,
          recordedAt: at,
        })
        .onConflictDoNothing();
      break;
    }
    case 'ASSESSMENT_RECORDED': {
      const { personId, eligibility: e } = p as AssessmentInput & { eligibility: Eligibility };
      await tx
        .update(rankCandidatesTable)
        .set({
          eligible: e.eligible,
          blockers: e.blockers,
          eligibilityTrace: e.trace,
          awaitingAssessmentYear: null,
          updatedAt: at,
        })
        .where(and(eq(rankCandidatesTable.batchId, batchId), eq(rankCandidatesTable.personId, personId)));
      break;
    }
    case 'RANK_APPROVED': {
      const a = p as ApproveInput & { fromRank: string; toRank: string; decisionDate: string };
      await tx
        .insert(rankChangesTable)
        .values({
          batchId,
          personId: a.personId,
          fromRank: a.fromRank,
          toRank: a.toRank,
          documentNo: a.documentNo!,
          approvedOn: a.approvedOn,
          authority: a.authority ?? null,
          decisionDate: a.decisionDate,
          recordedBy: event.actor.id,
          recordedAt: at,
        })
        .onConflictDoNothing();
      break;
    }
    default:
      break;
  }
  const { changes } = p as { changes?: { personId: string; state: string; exitReason?: string }[] };
  for (const c of changes ?? [])
    await tx
      .update(rankCandidatesTable)
      .set({ state: c.state, exitReason: c.exitReason ?? null, updatedAt: at })
      .where(and(eq(rankCandidatesTable.batchId, batchId), eq(rankCandidatesTable.personId, c.personId)));
}

/** What a rank batch's read model holds once it has started; the API writes it too, so rows already there stay. */
export type RankBatchPlanned = Pick<
  RankBatchStartedPayload,
  'kind' | 'workflowId' | 'plan' | 'ruleset' | 'eligibility'
>;

export async function insertRankBatchPlan(
  tx: Tx,
  { plan, ruleset, kind, workflowId, eligibility, createdBy, createdAt }: RankBatchPlanned & Stamp,
): Promise<void> {
  await tx
    .insert(batchesTable)
    .values({
      id: plan.id,
      kind,
      title: plan.title,
      year: plan.year,
      orgUnit: plan.orgUnit,
      stage: 'INSPECTING',
      workflowId,
      ruleset,
      plan,
      createdBy,
      createdAt,
      updatedAt: createdAt,
    })
    .onConflictDoNothing();
  await tx
    .insert(rankCandidatesTable)
    .values(
      plan.candidates.map((c, i) => {
        const e = eligibility[i]!;
        return {
          batchId: plan.id,
          personId: c.personId,
          name: c.name,
          branchId: c.branchId,
          currentRank: c.currentRank,
          targetRank: c.targetRank,
          eligible: e.eligible,
          blockers: e.blockers,
          eligibilityTrace: e.trace,
          state: e.eligible ? 'UNDER_INSPECTION' : awaiting(e) ? 'AWAITING_ASSESSMENT' : 'INELIGIBLE',
          exitReason: e.eligible || awaiting(e) ? null : e.blockers.map((b) => b.message).join('; '),
          awaitingAssessmentYear: e.awaitingAssessment ?? null,
          updatedAt: createdAt,
        };
      }),
    )
    .onConflictDoNothing();
}

const awaiting = (e: Eligibility) => e.awaitingAssessment !== undefined;
