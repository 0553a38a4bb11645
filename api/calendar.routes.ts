import { Router, type Request } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { createCalendarRepository, yearsForWalk } from '../db/calendar.repository';
import {
  addWorkingDays,
  CalendarNotPublishedError,
  calendarYearBodySchema,
  calendarYearFromBody,
  endOfDayInstant,
} from '../domain/calendar';

import { calendarUpdatedSignal } from '../workflows/selection-batch.messages';
import type { AppDeps } from './deps';
import { allow } from './access';
import { currentActor } from './auth';
import { Problem } from './problem';
import { parse } from './validate';

const workingDaysQuerySchema = z.strictObject({
  from: z.iso.date(),
  days: z.coerce.number().int().min(1).max(366),
});

const yearParamsSchema = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, 'a four-digit year')
    .transform(Number)
    .pipe(z.number().int().min(2000).max(2100)),
});

function notPublished(year: number): Problem {
  return new Problem(
    409,
    'calendar.not_published',
    `the official holiday schedule for ${year} is not loaded; an ORG_OFFICER can load it with PUT /api/v1/calendar/years/${year}`,
    undefined,
    { year },
  );
}

export function calendarRoutes({ database, temporal }: AppDeps): Router {
  const router = Router();
  const calendar = createCalendarRepository({ db: database.db });

  router.get('/calendar/working-days', allow('GET /calendar/working-days'), async (req, res) => {
    const { from, days } = parse(workingDaysQuerySchema, req.query);
    const years = await calendar.years(yearsForWalk(from, days));
    try {
      const walk = addWorkingDays({ from, days, years });
      res.json({
        from,
        days,
        end: walk.end,
        endsAt: endOfDayInstant(walk.end),
        counted: walk.counted,
        skipped: walk.skipped,
      });
    } catch (error) {
      if (error instanceof CalendarNotPublishedError) throw notPublished(error.year);
      throw error;
    }
  });

  router.get('/calendar/years', allow('GET /calendar/years'), async (_req, res) => {
    res.json({ items: await calendar.all() });
  });

  router.put(
    '/calendar/years/:year',
    allow('PUT /calendar/years/:year'),
    async (req: Request<{ year: string }>, res) => {
      const actor = currentActor(req);
      const { year } = parse(yearParamsSchema, req.params);
      const body = parse(calendarYearBodySchema(year), req.body);
      const entry = calendarYearFromBody(year, body);
      await calendar.upsert(entry, actor.id);

      // Batches waiting for this year resume by themselves on the signal; one that has meanwhile closed is skipped.
      const waiting = await calendar.batchesWaitingFor(year);
      const signalled = await Promise.all(
        waiting.map(async ({ id, workflowId }) => {
          try {
            await temporal.workflow.getHandle(workflowId).signal(calendarUpdatedSignal, { year });
            return id;
          } catch (error) {
            if (error instanceof WorkflowNotFoundError) return undefined;
            throw error;
          }
        }),
      );

      res.json({
        year,
        source: entry.source,
        documentRef: entry.documentRef ?? null,
        holidays: entry.holidays,
        workdays: entry.workdays,
        resumedBatches: signalled.filter((id): id is string => id !== undefined),
      });
    },
  );

  return router;
}
