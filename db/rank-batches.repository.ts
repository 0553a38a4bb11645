import { asc, eq } from 'drizzle-orm';
import { rankBatchDetailSchema } from '../domain/views/rank-batches';
import { asView, type View } from '../domain/views/view';
import type { Db } from './client';
import { checkOf, createBatchesRepository, type Visibility } from './batches.repository';
import {
  batchesTable,
  rankCandidatesTable,
  rankChangesTable,
  rankEvaluationsTable,
  vettingChecksTable,
} from './schema';

/** A rank batch as the read model holds it: the detail the API answers with, but for the links the route adds. */
export const rankBatchRecordSchema = rankBatchDetailSchema.omit({ links: true });
export type RankBatchRecord = View<typeof rankBatchRecordSchema>;

export function createRankBatchesRepository({ db }: { db: Db }) {
  const batches = createBatchesRepository({ db });
  return {
    kind: batches.kind,

    /**
     * A rank batch with its candidates. Eligibility traces, blockers and opinions' notes are confidential (personnel
     * files, assessments, disciplinary records): other readers see whether a candidate is eligible, not why.
     */
    async get(
      id: string,
      visibility: Visibility = { confidential: false, votes: false },
    ): Promise<RankBatchRecord | undefined> {
      const shared = await batches.get(id, visibility);
      if (!shared || shared.kind !== 'RANK_PROMOTION') return undefined;
      const byBatch = <T extends { batchId: unknown }>(t: T) => eq(t.batchId as never, id);
      const [[planRow], candidates, checks, evaluations, changes] = await Promise.all([
        db.select({ plan: batchesTable.plan }).from(batchesTable).where(eq(batchesTable.id, id)),
        db
          .select()
          .from(rankCandidatesTable)
          .where(byBatch(rankCandidatesTable))
          .orderBy(asc(rankCandidatesTable.personId)),
        db
          .select()
          .from(vettingChecksTable)
          .where(byBatch(vettingChecksTable))
          .orderBy(asc(vettingChecksTable.recordedAt)),
        db.select().from(rankEvaluationsTable).where(byBatch(rankEvaluationsTable)),
        db.select().from(rankChangesTable).where(byBatch(rankChangesTable)),
      ]);
      const plan = (planRow?.plan ?? {}) as { asOf?: string; quotas?: { rank: string; seats: number }[] };
      const { positions: _positions, candidates: _none, ...rest } = shared;
      return asView(rankBatchRecordSchema)({
        ...rest,
        asOf: plan.asOf ?? null,
        quotas: plan.quotas ?? [],
        candidates: candidates.map(({ batchId: _b, blockers, eligibilityTrace, ...c }) => ({
          ...c,
          ...(visibility.confidential ? { blockers, eligibilityTrace } : {}),
          checks: checks.filter((k) => k.personId === c.personId).map((k) => checkOf(k, visibility)),
          evaluation:
            evaluations
              .filter((e) => e.personId === c.personId)
              .map(({ batchId: _bb, personId: _p, note, ...e }) => (visibility.confidential ? { ...e, note } : e))[0] ??
            null,
          rankChange:
            changes.filter((r) => r.personId === c.personId).map(({ batchId: _bb, personId: _p, ...r }) => r)[0] ??
            null,
        })),
      });
    },
  };
}
