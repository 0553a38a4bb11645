import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { BatchKind } from '../domain/batch';
import type { InboxFacts, InboxSection } from '../domain/inbox';
import type { Db } from './client';
import {
  appointmentsTable,
  batchesTable,
  candidatesTable,
  holdsTable,
  notificationsTable,
  objectionsTable,
  probationsTable,
  rankCandidatesTable,
  vettingChecksTable,
} from './schema';

const ended = ['CLOSED', 'CANCELLED'];
const kindOf = (k: string) => k as BatchKind;
const nameOrNone = (name: string | null) => (name === null ? {} : { name });

/** The open facts of the read model an inbox is built from (domain/inbox.ts), only the sections asked for. */
export function createInboxRepository({ db }: { db: Db }) {
  /** A candidate's name, whichever kind of batch they are in. */
  const candidateName = sql<string | null>`coalesce(${candidatesTable.name}, ${rankCandidatesTable.name})`;
  /** Joins both candidate tables on (batch, person): one of them holds the candidate. */
  const nameJoins = (batchId: AnyPgColumn, personId: AnyPgColumn) =>
    [
      [candidatesTable, and(eq(candidatesTable.batchId, batchId), eq(candidatesTable.personId, personId))],
      [rankCandidatesTable, and(eq(rankCandidatesTable.batchId, batchId), eq(rankCandidatesTable.personId, personId))],
    ] as const;

  async function vetting(): Promise<InboxFacts['vetting']> {
    const candidates = await db
      .select({
        batchId: candidatesTable.batchId,
        personId: candidatesTable.personId,
        name: candidatesTable.name,
        branchId: candidatesTable.branchId,
      })
      .from(candidatesTable)
      .innerJoin(batchesTable, eq(batchesTable.id, candidatesTable.batchId))
      .where(
        and(
          eq(batchesTable.kind, 'SELECTION'),
          eq(batchesTable.stage, 'INSPECTING'),
          eq(candidatesTable.state, 'UNDER_INSPECTION'),
        ),
      )
      .orderBy(candidatesTable.batchId, candidatesTable.personId);
    if (candidates.length === 0) return [];
    const batchIds = [...new Set(candidates.map((c) => c.batchId))];
    const [checks, overdue] = await Promise.all([
      db
        .select({
          batchId: vettingChecksTable.batchId,
          personId: vettingChecksTable.personId,
          kind: vettingChecksTable.kind,
          signer: vettingChecksTable.signer,
        })
        .from(vettingChecksTable)
        .where(inArray(vettingChecksTable.batchId, batchIds)),
      db
        .selectDistinct({ batchId: notificationsTable.batchId })
        .from(notificationsTable)
        .where(and(inArray(notificationsTable.batchId, batchIds), eq(notificationsTable.kind, 'OPINION_OVERDUE'))),
    ]);
    const overdueBatches = new Set(overdue.map((o) => o.batchId));
    // Grouped once: a scan of every check per candidate grows with the square of the open batches.
    const recorded = new Map<string, { kind: string; signer: string }[]>();
    for (const { batchId, personId, kind, signer } of checks) {
      const key = `${batchId}\u0000${personId}`;
      const list = recorded.get(key) ?? [];
      if (list.length === 0) recorded.set(key, list);
      list.push({ kind, signer });
    }
    return candidates.map((c) => ({
      ...c,
      batchKind: 'SELECTION' as const,
      recorded: recorded.get(`${c.batchId}\u0000${c.personId}`) ?? [],
      overdue: overdueBatches.has(c.batchId),
    }));
  }

  async function deciding(): Promise<InboxFacts['deciding']> {
    const rows = await db
      .select({ batchId: batchesTable.id, batchKind: batchesTable.kind })
      .from(batchesTable)
      .where(eq(batchesTable.stage, 'DECIDING'))
      .orderBy(batchesTable.createdAt, batchesTable.id);
    return rows.map((r) => ({ ...r, batchKind: kindOf(r.batchKind) }));
  }

  async function readyToAppoint(): Promise<InboxFacts['readyToAppoint']> {
    const rows = await db
      .select({ batchId: candidatesTable.batchId, personId: candidatesTable.personId, name: candidatesTable.name })
      .from(candidatesTable)
      .innerJoin(batchesTable, eq(batchesTable.id, candidatesTable.batchId))
      .where(and(eq(candidatesTable.state, 'READY_TO_APPOINT'), notInArray(batchesTable.stage, ended)))
      .orderBy(candidatesTable.batchId, candidatesTable.personId);
    return rows.map((r) => ({ ...r, batchKind: 'SELECTION' as const }));
  }

  async function talks(): Promise<InboxFacts['talks']> {
    const rows = await db
      .select({ batchId: appointmentsTable.batchId, personId: appointmentsTable.personId, name: candidatesTable.name })
      .from(appointmentsTable)
      .innerJoin(...nameJoins(appointmentsTable.batchId, appointmentsTable.personId)[0])
      .where(isNull(appointmentsTable.talkOn))
      .orderBy(appointmentsTable.batchId, appointmentsTable.personId);
    return rows.map((r) => ({ ...r, batchKind: 'SELECTION' as const }));
  }

  async function probations(): Promise<InboxFacts['probations']> {
    const rows = await db
      .select({
        batchId: probationsTable.batchId,
        personId: probationsTable.personId,
        name: candidatesTable.name,
        endsOn: probationsTable.endsOn,
      })
      .from(probationsTable)
      .innerJoin(...nameJoins(probationsTable.batchId, probationsTable.personId)[0])
      .where(isNull(probationsTable.outcome))
      .orderBy(probationsTable.endsOn, probationsTable.batchId, probationsTable.personId);
    return rows.map((r) => ({ ...r, batchKind: 'SELECTION' as const }));
  }

  async function objections(status: 'OPEN' | 'SUSPENDED') {
    const [candidates, rank] = nameJoins(objectionsTable.batchId, objectionsTable.personId);
    return db
      .select({
        batchId: objectionsTable.batchId,
        batchKind: batchesTable.kind,
        personId: objectionsTable.personId,
        name: candidateName,
        objectionId: objectionsTable.id,
        suspendedUntil: objectionsTable.suspendedUntil,
      })
      .from(objectionsTable)
      .innerJoin(batchesTable, eq(batchesTable.id, objectionsTable.batchId))
      .leftJoin(candidates[0], candidates[1])
      .leftJoin(rank[0], rank[1])
      .where(and(eq(objectionsTable.status, status), notInArray(batchesTable.stage, ended)))
      .orderBy(objectionsTable.receivedAt, objectionsTable.id);
  }

  async function holds(): Promise<InboxFacts['holds']> {
    const [candidates, rank] = nameJoins(holdsTable.batchId, holdsTable.personId);
    const rows = await db
      .select({
        batchId: holdsTable.batchId,
        batchKind: batchesTable.kind,
        holdId: holdsTable.holdId,
        personId: holdsTable.personId,
        name: candidateName,
      })
      .from(holdsTable)
      .innerJoin(batchesTable, eq(batchesTable.id, holdsTable.batchId))
      .leftJoin(candidates[0], candidates[1])
      .leftJoin(rank[0], rank[1])
      .where(and(isNull(holdsTable.liftedAt), notInArray(batchesTable.stage, ended)))
      .orderBy(holdsTable.placedAt, holdsTable.holdId);
    return rows.map(({ personId, name, batchKind, ...h }) => ({
      ...h,
      batchKind: kindOf(batchKind),
      ...(personId === null ? {} : { personId }),
      ...nameOrNone(name),
    }));
  }

  return {
    async facts(sections: Set<InboxSection>): Promise<Partial<InboxFacts>> {
      const facts: Partial<InboxFacts> = {};
      if (sections.has('vetting')) facts.vetting = await vetting();
      if (sections.has('deciding')) facts.deciding = await deciding();
      if (sections.has('readyToAppoint')) facts.readyToAppoint = await readyToAppoint();
      if (sections.has('talks')) facts.talks = await talks();
      if (sections.has('probations')) facts.probations = await probations();
      if (sections.has('openObjections'))
        facts.openObjections = (await objections('OPEN')).map(({ suspendedUntil: _s, name, batchKind, ...o }) => ({
          ...o,
          batchKind: kindOf(batchKind),
          ...nameOrNone(name),
        }));
      if (sections.has('suspensions'))
        facts.suspensions = (await objections('SUSPENDED')).flatMap(({ suspendedUntil, name, batchKind, ...o }) =>
          suspendedUntil === null
            ? []
            : [{ ...o, batchKind: kindOf(batchKind), ...nameOrNone(name), until: suspendedUntil.toISOString() }],
        );
      if (sections.has('holds')) facts.holds = await holds();
      return facts;
    },
  };
}
