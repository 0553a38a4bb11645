import { z } from 'zod';
import { channels } from '../events';
import { instant, scaledTimersSchema } from './common';
import { named } from './view';

export const auditTrailSchema = named(
  'AuditTrail',
  z.object({
    chain: z.looseObject({
      verified: z.boolean(),
      length: z.int(),
      brokenAt: z.int().optional().describe('first sequence number whose hash does not match'),
    }),
    scaledTimers: scaledTimersSchema.nullable(),
    events: z.array(
      z.looseObject({
        batchId: z.string(),
        seq: z.int(),
        type: z.string(),
        actorId: z.string(),
        actorRole: z.string(),
        actorChannel: z
          .enum(channels)
          .nullable()
          .describe(
            'API: the actor is the verified token’s subject; SIGNAL: a Temporal signal, the actor as its sender declared it; SYSTEM: the workflow itself; null: recorded before channels were kept',
          ),
        actorDeclared: z.boolean().describe('true when the actor was declared by a signal’s sender, not verified'),
        at: instant,
        rejected: z.boolean(),
        payload: z.unknown(),
        prevHash: z.string(),
        hash: z.string(),
      }),
    ),
  }),
);
