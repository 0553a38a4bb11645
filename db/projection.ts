import { and, eq, sql } from 'drizzle-orm';
import type { BatchEvent } from '../domain/events';
import type { BatchStartedPayload } from '../domain/selection';
import type { Db } from './client';
import { chainHash, GENESIS_HASH } from './audit';
import type { PublicityWindow } from '../domain/calendar';
import type { ItemDecision } from '../domain/decision';
import type { DecisionInput, ObjectionInput, ResolveObjectionInput } from '../domain/selection';
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

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Who started a batch and when: its read model's created_by and created_at. */
export interface Stamp {
  createdBy: string;
  createdAt: Date;
}
export type Projector = (tx: Tx, streamId: string, event: BatchEvent) => Promise<void>;

export class OutOfOrderEventError extends Error {
  override name = 'OutOfOrderEventError';
}

/**
 * Appends one event to the audit chain of a stream (a batch, or one appointee's probation) and applies it to the
 * read model, in one transaction. Keyed by (stream, seq): a retried call finds the row and changes nothing.
 */
export async function applyEvent(
  db: Db,
  batchId: string,
  event: BatchEvent,
  projector: Projector = project,
): Promise<'applied' | 'duplicate'> {
  return db.transaction(async (tx) => {
    // Serialises writers of one batch, so the chain never forks.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${batchId}))`);
    const [existing] = await tx
      .select({ seq: auditEventsTable.seq })
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.batchId, batchId), eq(auditEventsTable.seq, event.seq)));
    if (existing) return 'duplicate';
    const prevHash = event.seq === 1 ? GENESIS_HASH : await previousHash(tx, batchId, event.seq);
    const record = {
      batchId,
      seq: event.seq,
      type: event.type,
      actorId: event.actor.id,
      actorRole: event.actor.role,
      actorChannel: event.actor.channel ?? null,
      at: new Date(event.at),
      rejected: event.rejected ?? false,
      payload: event.payload ?? {},
    };
    if (!record.rejected) await projector(tx, batchId, event);
    await tx.insert(auditEventsTable).values({ ...record, prevHash, hash: chainHash(prevHash, record) });
    if (event.type !== 'BATCH_STARTED') {
      await tx
        .update(batchesTable)
        .set({ lastSeq: event.seq, updatedAt: new Date(event.at) })
        .where(eq(batchesTable.id, batchId));
    }
    return 'applied';
  });
}

async function previousHash(tx: Tx, batchId: string, seq: number): Promise<string> {
  const [prev] = await tx
    .select({ hash: auditEventsTable.hash })
    .from(auditEventsTable)
    .where(and(eq(auditEventsTable.batchId, batchId), eq(auditEventsTable.seq, seq - 1)));
  // Retryable: the workflow persists in order, so the previous event is on its way.
  if (!prev) throw new OutOfOrderEventError(`event ${seq} of batch ${batchId} arrived before event ${seq - 1}`);
  return prev.hash;
}

export async function project(tx: Tx, batchId: string, event: BatchEvent) {
  const p = (event.payload ?? {}) as Record<string, unknown>;
  const at = new Date(event.at);
  switch (event.type) {
    case 'BATCH_STARTED': {
      const started = event.payload as BatchStartedPayload;
      await insertBatchPlan(tx, { ...started, createdBy: event.actor.id, createdAt: at });
      break;
    }
    case 'CHECK_RECORDED': {
      const c = p as { personId: string; kind: string; signer: string; result: string; note?: string; reason?: string };
      await tx
        .insert(vettingChecksTable)
        .values({
          batchId,
          personId: c.personId,
          kind: c.kind,
          signer: c.signer,
          result: c.result,
          note: c.note ?? null,
          reason: c.reason ?? null,
          actorId: event.actor.id,
          actorRole: event.actor.role,
          recordedAt: at,
        })
        .onConflictDoNothing();
      break;
    }
    case 'DECISION_RECORDED': {
      const { meeting, outcomes } = p as { meeting: DecisionInput & { members: number }; outcomes: ItemDecision[] };
      await tx
        .insert(meetingsTable)
        .values({
          batchId,
          meetingId: meeting.meetingId,
          heldOn: meeting.heldOn,
          members: meeting.members,
          attendance: meeting.attendance,
          minutesRef: meeting.minutesRef ?? null,
          recordedBy: event.actor.id,
          recordedAt: at,
        })
        .onConflictDoNothing();
      for (const o of outcomes)
        await tx
          .insert(decisionsTable)
          .values({ batchId, meetingId: meeting.meetingId, ...o })
          .onConflictDoNothing();
      const ballots = meeting.votes.flatMap((v) =>
        v.ballots.map((b, position) => ({
          batchId,
          meetingId: meeting.meetingId,
          personId: v.personId,
          ...b,
          position,
        })),
      );
      if (ballots.length > 0) await tx.insert(votesTable).values(ballots).onConflictDoNothing();
      break;
    }
    case 'OBJECTION_FILED': {
      const o = p as ObjectionInput & { objectionId: string; channel: string; receivedAt: string };
      await tx
        .insert(objectionsTable)
        .values({
          id: `${batchId}:${o.objectionId}`,
          batchId,
          personId: o.personId,
          channel: o.channel,
          reporterName: o.reporterName ?? null,
          reporterContact: o.reporterContact ?? null,
          content: o.content,
          receivedAt: new Date(o.receivedAt),
          registeredBy: o.channel === 'STAFF' ? event.actor.id : null,
          status: 'OPEN',
        })
        .onConflictDoNothing();
      break;
    }
    case 'OBJECTION_RESOLVED': {
      const r = p as ResolveObjectionInput & { suspendedUntil?: string };
      // The objection row shows the latest resolution; the history keeps each one (暂缓, then 不属实).
      await tx
        .insert(objectionResolutionsTable)
        .values({
          batchId,
          seq: event.seq,
          objectionId: `${batchId}:${r.objectionId}`,
          resolution: r.resolution,
          note: r.note ?? null,
          feedback: r.feedback ?? null,
          resolvedBy: event.actor.id,
          resolvedAt: at,
          suspendedUntil: r.suspendedUntil ? new Date(r.suspendedUntil) : null,
        })
        .onConflictDoNothing();
      await tx
        .update(objectionsTable)
        .set({
          status: r.resolution === 'unverifiable' ? 'SUSPENDED' : 'RESOLVED',
          resolution: r.resolution,
          resolutionNote: r.note,
          feedback: r.feedback ?? null,
          resolvedBy: event.actor.id,
          resolvedAt: at,
          suspendedUntil: r.suspendedUntil ? new Date(r.suspendedUntil) : null,
        })
        .where(eq(objectionsTable.id, `${batchId}:${r.objectionId}`));
      break;
    }
    case 'HOLD_PLACED': {
      const h = p as { holdId: string; personId?: string; reason: string };
      await tx
        .insert(holdsTable)
        .values({
          batchId,
          holdId: h.holdId,
          personId: h.personId ?? null,
          reason: h.reason,
          placedBy: event.actor.id,
          placedAt: at,
        })
        .onConflictDoNothing();
      break;
    }
    case 'HOLD_LIFTED': {
      const h = p as { holdId: string };
      await tx
        .update(holdsTable)
        .set({ liftedBy: event.actor.id, liftedAt: at })
        .where(and(eq(holdsTable.batchId, batchId), eq(holdsTable.holdId, h.holdId)));
      break;
    }
    case 'PUBLICITY_OPENED':
    case 'PUBLICITY_EXTENDED': {
      const { window } = p as { window: PublicityWindow & { windowNo: number; personIds: string[] } };
      const row = {
        personIds: window.personIds,
        startsOn: window.startsOn,
        endsOn: window.endsOn,
        endsAt: new Date(window.endsAt),
        workingDays: window.workingDays,
      };
      await tx
        .insert(publicityWindowsTable)
        .values({ batchId, windowNo: window.windowNo, ...row })
        .onConflictDoUpdate({
          target: [publicityWindowsTable.batchId, publicityWindowsTable.windowNo],
          set: { ...row, extendedBy: event.type === 'PUBLICITY_EXTENDED' ? event.actor.id : null },
        });
      await tx.update(batchesTable).set({ publicityEndsAt: row.endsAt }).where(eq(batchesTable.id, batchId));
      break;
    }
    case 'PUBLICITY_ENDED':
      await tx
        .update(publicityWindowsTable)
        .set({ closedAt: at })
        .where(and(eq(publicityWindowsTable.batchId, batchId), eq(publicityWindowsTable.windowNo, 1)));
      break;
    case 'APPOINTED': {
      const a = p as {
        personId: string;
        positionId: string;
        level: string;
        documentNo: string;
        noticeDate: string;
        decisionDate: string;
      };
      await tx
        .insert(appointmentsTable)
        .values({
          batchId,
          personId: a.personId,
          positionId: a.positionId,
          level: a.level,
          documentNo: a.documentNo,
          noticeDate: a.noticeDate,
          decisionDate: a.decisionDate,
          issuedBy: event.actor.id,
        })
        .onConflictDoNothing();
      break;
    }
    case 'APPOINTMENT_TALK': {
      const t = p as { personId: string; talkOn: string; talkBy: string };
      await tx
        .update(appointmentsTable)
        .set({ talkOn: t.talkOn, talkBy: t.talkBy })
        .where(and(eq(appointmentsTable.batchId, batchId), eq(appointmentsTable.personId, t.personId)));
      break;
    }
    case 'PROBATION_STARTED': {
      const pr = p as { personId: string; workflowId: string; startsOn: string; endsOn: string };
      await tx
        .insert(probationsTable)
        .values({ batchId, ...pr })
        .onConflictDoNothing();
      break;
    }
    case 'NOTIFICATION': {
      const n = p as { kind: string; recipients: string[]; personId?: string; message: string };
      await tx
        .insert(notificationsTable)
        .values({
          id: `${batchId}:${event.seq}`,
          batchId,
          personId: n.personId ?? null,
          kind: n.kind,
          recipientRole: n.recipients.join(','),
          message: n.message,
          createdAt: at,
        })
        .onConflictDoNothing();
      break;
    }
    case 'BATCH_CANCELLED':
      await tx
        .update(batchesTable)
        .set({ cancelReason: (p as { reason: string }).reason })
        .where(eq(batchesTable.id, batchId));
      break;
    case 'STAGE_CHANGED': {
      const s = p as { to: string };
      await tx
        .update(batchesTable)
        .set({ stage: s.to, ...(s.to === 'CLOSED' || s.to === 'CANCELLED' ? { closedAt: at } : {}) })
        .where(eq(batchesTable.id, batchId));
      break;
    }
    case 'WAITING': {
      const w = p as { waitingFor: string; calendarYear: number | null };
      await tx
        .update(batchesTable)
        .set({ waitingFor: w.waitingFor, waitingForCalendarYear: w.calendarYear })
        .where(eq(batchesTable.id, batchId));
      break;
    }
    default:
      break;
  }
  await tx.update(batchesTable).set({ lastSeq: event.seq, updatedAt: at }).where(eq(batchesTable.id, batchId));
  const { changes, waitingFor } = p as {
    changes?: { personId: string; state: string; exitReason?: string }[];
    waitingFor?: string;
  };
  for (const c of changes ?? [])
    await tx
      .update(candidatesTable)
      .set({ state: c.state, exitReason: c.exitReason ?? null, updatedAt: at })
      .where(and(eq(candidatesTable.batchId, batchId), eq(candidatesTable.personId, c.personId)));
  if (waitingFor && event.type !== 'WAITING')
    await tx.update(batchesTable).set({ waitingFor }).where(eq(batchesTable.id, batchId));
}

/**
 * The batch, its positions and candidates as planned. Written by the API right after the workflow starts (so the
 * caller can read the batch at once) and again by the workflow's first event: whichever comes second changes nothing.
 */
export async function insertBatchPlan(tx: Tx | Db, b: BatchStartedPayload & Stamp): Promise<void> {
  const { plan } = b;
  await tx
    .insert(batchesTable)
    .values({
      id: plan.id,
      kind: b.kind,
      title: plan.title,
      year: plan.year,
      orgUnit: plan.orgUnit,
      stage: 'INSPECTING',
      workflowId: b.workflowId,
      ruleset: b.ruleset,
      plan,
      createdBy: b.createdBy,
      createdAt: b.createdAt,
      updatedAt: b.createdAt,
    })
    .onConflictDoNothing();
  await tx
    .insert(positionsTable)
    .values(plan.positions.map((p) => ({ batchId: plan.id, ...p })))
    .onConflictDoNothing();
  await tx
    .insert(candidatesTable)
    .values(
      plan.candidates.map((c) => ({
        batchId: plan.id,
        personId: c.personId,
        name: c.name,
        branchId: c.branchId,
        positionId: c.positionId,
        state: 'UNDER_INSPECTION',
        updatedAt: b.createdAt,
      })),
    )
    .onConflictDoNothing();
}
