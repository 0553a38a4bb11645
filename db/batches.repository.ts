import { and, asc, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { scaledTimers } from '../domain/ruleset';
import { verifyChain } from './audit';
import {
  appointmentsTable,
  auditEventsTable,
  batchesTable,
  candidatesTable,
  decisionsTable,
  holdsTable,
  meetingsTable,
  notificationsTable,
  objectionResolutionsTable,
  objectionsTable,
  positionsTable,
  probationsTable,
  publicityWindowsTable,
  vettingChecksTable,
  votesTable,
} from './schema';

/** What a reader may see beyond the procedure's public facts (domain.md §1). */
export interface Visibility {
  /** Opinions' notes and reasons, objections' contents and reporters. */
  confidential: boolean;
  /** Individual ballots of the party group. */
  votes: boolean;
}

export interface BatchListFilter {
  stage?: string;
  kind?: string;
  year?: number;
  orgUnit?: string;
  cursor?: { createdAt: Date; id: string };
  limit: number;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export function createBatchesRepository({ db }: { db: Db }) {
  return {
    async get(id: string, visibility: Visibility = { confidential: false, votes: false }) {
      function readTables(tx: Tx) {
        const byBatch = <T extends { batchId: unknown }>(t: T) => eq(t.batchId as never, id);
        return Promise.all([
          tx.select().from(positionsTable).where(byBatch(positionsTable)).orderBy(asc(positionsTable.id)),
          tx.select().from(candidatesTable).where(byBatch(candidatesTable)).orderBy(asc(candidatesTable.personId)),
          tx
            .select()
            .from(vettingChecksTable)
            .where(byBatch(vettingChecksTable))
            .orderBy(asc(vettingChecksTable.recordedAt)),
          tx.select().from(meetingsTable).where(byBatch(meetingsTable)).orderBy(asc(meetingsTable.heldOn)),
          tx.select().from(decisionsTable).where(byBatch(decisionsTable)),
          visibility.votes
            ? tx.select().from(votesTable).where(byBatch(votesTable)).orderBy(asc(votesTable.position))
            : Promise.resolve([]),
          tx
            .select()
            .from(publicityWindowsTable)
            .where(byBatch(publicityWindowsTable))
            .orderBy(asc(publicityWindowsTable.windowNo)),
          tx.select().from(objectionsTable).where(byBatch(objectionsTable)).orderBy(asc(objectionsTable.receivedAt)),
          tx
            .select()
            .from(objectionResolutionsTable)
            .where(byBatch(objectionResolutionsTable))
            .orderBy(asc(objectionResolutionsTable.seq)),
          tx.select().from(holdsTable).where(byBatch(holdsTable)).orderBy(asc(holdsTable.placedAt)),
          tx.select().from(appointmentsTable).where(byBatch(appointmentsTable)),
          tx.select().from(probationsTable).where(byBatch(probationsTable)),
          visibility.confidential
            ? tx
                .select()
                .from(notificationsTable)
                .where(byBatch(notificationsTable))
                .orderBy(asc(notificationsTable.createdAt))
            : Promise.resolve([]),
        ]);
      }
      // One snapshot (the projection writes several tables per event), and one connection: postgres.js pipelines
      // the queries of a transaction instead of taking twelve connections from the pool for one read.
      const rows = await db.transaction(
        async (tx) => {
          const [batch] = await tx.select().from(batchesTable).where(eq(batchesTable.id, id));
          if (!batch) return undefined;
          return { batch, tables: await readTables(tx) };
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
      if (!rows) return undefined;
      const { batch } = rows;
      const [
        positions,
        candidates,
        checks,
        meetings,
        decisions,
        votes,
        windows,
        objections,
        resolutions,
        holds,
        appointments,
        probations,
        notifications,
      ] = rows.tables;
      const { plan: _plan, ...row } = batch;
      const strip = <T extends { batchId: string }>({ batchId: _b, ...rest }: T) => rest;
      return {
        ...row,
        scaledTimers: scaledTimers(row.ruleset as { timerScale?: unknown }),
        positions: positions.map(strip),
        candidates: candidates.map((c) => ({
          ...strip(c),
          checks: checks
            .filter((k) => k.personId === c.personId)
            .map(({ batchId: _b, personId: _p, note, reason, ...k }) =>
              visibility.confidential ? { ...k, note, reason } : k,
            ),
          appointment: appointments.filter((a) => a.personId === c.personId).map(strip)[0] ?? null,
          probation: probations.filter((p) => p.personId === c.personId).map(strip)[0] ?? null,
        })),
        meetings: meetings.map((mt) => ({
          ...strip(mt),
          decisions: decisions
            .filter((d) => d.meetingId === mt.meetingId)
            .map(({ batchId: _b, meetingId: _m, ...d }) => d),
          ...(visibility.votes
            ? {
                votes: votes
                  .filter((v) => v.meetingId === mt.meetingId)
                  .map(({ batchId: _b, meetingId: _m, ...v }) => v),
              }
            : {}),
        })),
        publicity: windows.map(strip),
        objections: objections.map(
          ({ batchId: _b, id: _id, content, reporterName, reporterContact, feedback, resolutionNote, ...o }) => ({
            objectionId: _id.slice(id.length + 1),
            ...o,
            ...(visibility.confidential ? { content, reporterName, reporterContact, feedback, resolutionNote } : {}),
            // Every resolution it received, in order (暂缓 and what came after).
            resolutions: resolutions
              .filter((r) => r.objectionId === _id)
              .map(({ batchId: _rb, seq: _s, objectionId: _o, note, feedback: told, ...r }) =>
                visibility.confidential ? { ...r, note, feedback: told } : r,
              ),
          }),
        ),
        holds: holds.map(strip),
        ...(visibility.confidential ? { notifications: notifications.map(strip) } : {}),
      };
    },

    async exists(id: string) {
      const rows = await db.select({ id: batchesTable.id }).from(batchesTable).where(eq(batchesTable.id, id));
      return rows.length > 0;
    },

    /** The kind of a batch, or undefined when there is no such batch. */
    async kind(id: string): Promise<string | undefined> {
      const [row] = await db.select({ kind: batchesTable.kind }).from(batchesTable).where(eq(batchesTable.id, id));
      return row?.kind;
    },

    /** Newest first, keyset-paginated on (created_at, id) so pages stay stable while batches are added. */
    async list({ stage, kind, year, orgUnit, cursor, limit }: BatchListFilter) {
      const where: SQL[] = [];
      if (stage) where.push(eq(batchesTable.stage, stage));
      if (kind) where.push(eq(batchesTable.kind, kind));
      if (year) where.push(eq(batchesTable.year, year));
      if (orgUnit) where.push(eq(batchesTable.orgUnit, orgUnit));
      if (cursor) {
        where.push(
          or(
            lt(batchesTable.createdAt, cursor.createdAt),
            and(eq(batchesTable.createdAt, cursor.createdAt), lt(batchesTable.id, cursor.id)),
          )!,
        );
      }
      const rows = await db
        .select({
          id: batchesTable.id,
          kind: batchesTable.kind,
          title: batchesTable.title,
          year: batchesTable.year,
          orgUnit: batchesTable.orgUnit,
          stage: batchesTable.stage,
          workflowId: batchesTable.workflowId,
          createdAt: batchesTable.createdAt,
          updatedAt: batchesTable.updatedAt,
        })
        .from(batchesTable)
        .where(and(...where))
        .orderBy(desc(batchesTable.createdAt), desc(batchesTable.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page,
        next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : undefined,
      };
    },

    /** The trail and its verification; undefined when there is no such batch. */
    async audit(id: string) {
      const [batch] = await db
        .select({ ruleset: batchesTable.ruleset })
        .from(batchesTable)
        .where(eq(batchesTable.id, id));
      if (!batch) return undefined;
      const rows = await db
        .select()
        .from(auditEventsTable)
        .where(eq(auditEventsTable.batchId, id))
        .orderBy(asc(auditEventsTable.seq));
      return {
        chain: verifyChain(rows),
        scaledTimers: scaledTimers(batch.ruleset as { timerScale?: unknown }),
        // A signal's actor is whatever its sender declared: say so beside the channel.
        events: rows.map((r) => ({ ...r, actorDeclared: r.actorChannel === 'SIGNAL' })),
      };
    },
  };
}

export type BatchesRepository = ReturnType<typeof createBatchesRepository>;
