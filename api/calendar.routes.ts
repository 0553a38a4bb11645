import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { createCalendarRepository, yearsForWalk } from '../db/calendar.repository';
import {
  addWorkingDays,
  CalendarNotPublishedError,
  calendarYearBodySchema,
  calendarYearFromBody,
  calendarYearSchema,
  endOfDayInstant,
} from '../domain/calendar';
import { orgStaff, readers } from '../domain/roles';
import { calendarYearLoadedSchema, calendarYearsSchema, workingDaysSchema } from '../domain/views/calendar';
import { calendarUpdatedSignal } from '../workflows/selection-batch.messages';
import type { AppDeps } from './deps';
import { currentActor } from './auth';
import { Problem } from './problem';
import { declareRoute, mount } from './route-declaration';
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

/** The official working-day calendar: its arithmetic, and the years loaded into it. */
export const calendarEndpoints = {
  workingDays: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/calendar/working-days',
    access: readers,
    operationId: 'workingDays',
    summary: 'Working-day arithmetic on the official calendar: the end date and the days counted',
    description: 'Day 1 is the first working day after `from`.',
    tag: 'calendar',
    query: workingDaysQuerySchema,
    success: { status: 200, description: 'the walk', content: { 'application/json': workingDaysSchema } },
    errors: { 409: ['calendar.not_published'] },
  }),
  years: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/calendar/years',
    access: readers,
    operationId: 'calendarYears',
    summary: 'The years whose official holiday schedule is loaded',
    tag: 'calendar',
    success: { status: 200, description: 'loaded years', content: { 'application/json': calendarYearsSchema } },
    errors: {},
  }),
  loadYear: declareRoute({
    method: 'put',
    base: '/api/v1',
    path: '/calendar/years/:year',
    access: orgStaff,
    operationId: 'loadCalendarYear',
    summary: 'Load or correct a year’s official holiday schedule (resumes batches waiting for it)',
    tag: 'calendar',
    params: yearParamsSchema,
    body: { name: 'CalendarYearRequest', schema: calendarYearSchema },
    success: { status: 200, description: 'loaded', content: { 'application/json': calendarYearLoadedSchema } },
    errors: {},
  }),
};

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

  mount(router, calendarEndpoints.workingDays, async (req, res) => {
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

  mount(router, calendarEndpoints.years, async (_req, res) => {
    res.json({ items: await calendar.all() });
  });

  mount(router, calendarEndpoints.loadYear, async (req, res) => {
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
  });

  return router;
}
