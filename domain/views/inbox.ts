import { z } from 'zod';
import { batchKinds } from '../batch';
import { isoDate } from './common';
import { named } from './view';

/** What a pending action asks for; each role's share is domain/inbox.ts `inboxFor`. */
export const inboxItemKinds = [
  'CHECK_DUE',
  'SIGNATURE_DUE',
  'OPINION_OVERDUE',
  'DECISION_DUE',
  'APPOINTMENT_DUE',
  'TALK_DUE',
  'PROBATION_OUTCOME_DUE',
  'OBJECTION_OPEN',
  'SUSPENSION_EXPIRING',
  'HOLD_IN_FORCE',
] as const;
export type InboxItemKind = (typeof inboxItemKinds)[number];

export const inboxItemSchema = named(
  'InboxItem',
  z.object({
    kind: z.enum(inboxItemKinds),
    batchId: z.string(),
    batchKind: z.enum(batchKinds),
    personId: z.string().optional(),
    candidateName: z.string().optional(),
    what: z.string().describe('what is due, in the office’s words (e.g. 党支部意见)'),
    dueOn: isoDate
      .optional()
      .describe(
        'the day it is due (Asia/Shanghai), where the read model keeps one: a suspension’s or a probation’s end',
      ),
    overdue: z.boolean().describe('past its due day, or an opinion deadline escalated as overdue'),
    link: z.string().describe('the API path of the command (or the batch) to act on'),
  }),
);

export const inboxSchema = named(
  'Inbox',
  z.object({
    items: z.array(inboxItemSchema),
    counts: z.record(z.enum(inboxItemKinds), z.number().int()).describe('number of items of each kind (badges)'),
  }),
);
