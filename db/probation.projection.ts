import { and, eq } from 'drizzle-orm';
import type { BatchEvent } from '../domain/events';
import type { ProbationInput, ProbationOutcomeInput } from '../domain/probation';
import type { Tx } from './projection';
import { appointmentsTable, candidatesTable, notificationsTable, probationsTable } from './schema';

export async function projectProbation(tx: Tx, streamId: string, event: BatchEvent) {
  const p = event.payload as ProbationInput &
    Partial<ProbationOutcomeInput> & { kind?: string; recipients?: string[]; message?: string };
  const at = new Date(event.at);
  switch (event.type) {
    case 'PROBATION_CONCLUDED': {
      await tx
        .update(probationsTable)
        .set({
          outcome: p.outcome!,
          decidedOn: p.decidedOn ?? null,
          decidedBy: event.actor.id,
          decidedAt: at,
          reason: p.reason ?? null,
        })
        .where(and(eq(probationsTable.batchId, p.batchId), eq(probationsTable.personId, p.personId)));
      await tx
        .update(candidatesTable)
        .set({ state: p.outcome!, updatedAt: at })
        .where(and(eq(candidatesTable.batchId, p.batchId), eq(candidatesTable.personId, p.personId)));
      return;
    }
    case 'APPOINTMENT_TALK': {
      const t = p as unknown as { talkOn: string; talkBy: string };
      await tx
        .update(appointmentsTable)
        .set({ talkOn: t.talkOn, talkBy: t.talkBy })
        .where(and(eq(appointmentsTable.batchId, p.batchId), eq(appointmentsTable.personId, p.personId)));
      return;
    }
    case 'NOTIFICATION':
      await tx
        .insert(notificationsTable)
        .values({
          id: `${streamId}:${event.seq}`,
          batchId: p.batchId,
          personId: p.personId,
          kind: p.kind ?? 'NOTICE',
          recipientRole: (p.recipients ?? []).join(','),
          message: p.message ?? '',
          createdAt: at,
        })
        .onConflictDoNothing();
      return;
    default:
      return;
  }
}
