import { z } from 'zod';

/** An instant: a `Date` in the code, an ISO 8601 date-time (UTC, `Z`) on the wire and in the document. */
export const instant = z.date();
export const isoDate = z.iso.date();
export const nullableText = z.string().nullable();

export const confidential = 'confidential: ORG_OFFICER, ORG_HEAD, DISCIPLINE_GROUP, AUDITOR only';

export const linksSchema = z.looseObject({ self: z.string(), audit: z.string(), temporalUi: z.string().optional() });

export const scaledTimersSchema = z
  .object({ timerScale: z.number(), message: z.string() })
  .describe(
    'set when the batch ran its timers scaled (a test, drill or demo; ALLOW_SCALED_TIMERS): its legal periods did ' +
      'not really elapse, and the annual report leaves it out',
  );
