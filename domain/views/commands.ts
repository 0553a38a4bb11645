import { z } from 'zod';
import { named } from './view';

export const commandAcceptedSchema = named(
  'CommandAccepted',
  z
    .looseObject({
      batchId: z.string(),
      seq: z.int().describe('sequence number of the last event the command recorded'),
      objectionId: z.string().optional(),
      holdId: z.string().optional(),
    })
    .describe('the command was applied by the workflow'),
);

export const objectionReceivedSchema = named(
  'ObjectionReceived',
  z
    .object({ received: z.literal(true), objectionId: z.string() })
    .describe('answer to the public (no token): nothing about other objections or the candidate'),
);
