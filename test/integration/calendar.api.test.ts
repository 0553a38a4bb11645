import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCalendarRepository } from '../../db/calendar.repository';
import { seedOfficialCalendar } from '../../db/calendar-seed';
import { batchesTable } from '../../db/schema';
import { officialYearsFromChineseDays } from '../../domain/calendar-data';
import { startStack, token, uniqueId, type Stack } from '../helpers/stack';
import { decodedValues } from '../helpers/temporal-env';

// All test files share one database: each test owns the far-future years it loads.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await seedOfficialCalendar(stack.database.db);
});
afterAll(async () => {
  await stack?.stop();
});

async function insertWaitingBatch(id: string, year: number) {
  const now = new Date();
  await stack.database.db.insert(batchesTable).values({
    id,
    kind: 'SELECTION',
    title: 'waiting for the calendar',
    year,
    orgUnit: 'HQ',
    stage: 'PUBLICITY',
    workflowId: `batch-${id}`,
    ruleset: {},
    plan: {},
    createdBy: 'tester',
    createdAt: now,
    updatedAt: now,
    waitingForCalendarYear: year,
    waitingFor: `the official holiday schedule for ${year}`,
  });
}

describe('calendar API', () => {
  describe('GET /api/v1/calendar/working-days', () => {
    test('when counting 5 working days from 2026-09-30, National Day is skipped and Saturday 10-10 counts', async () => {
      const res = await stack.request('GET', '/api/v1/calendar/working-days?from=2026-09-30&days=5', {
        token: await token('BRANCH_SECRETARY', { branchId: 'b1' }),
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        from: '2026-09-30',
        days: 5,
        end: '2026-10-13',
        endsAt: '2026-10-13T16:00:00.000Z',
        counted: ['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13'],
        skipped: [
          { date: '2026-10-01', reason: 'holiday' },
          { date: '2026-10-02', reason: 'holiday' },
          { date: '2026-10-03', reason: 'holiday' },
          { date: '2026-10-04', reason: 'holiday' },
          { date: '2026-10-05', reason: 'holiday' },
          { date: '2026-10-06', reason: 'holiday' },
          { date: '2026-10-07', reason: 'holiday' },
          { date: '2026-10-11', reason: 'weekend' },
        ],
      });
    });

    test('when counting 5 working days from 2026-02-13, the 02-14 make-up Saturday counts and the end is 02-27', async () => {
      const res = await stack.request('GET', '/api/v1/calendar/working-days?from=2026-02-13&days=5', {
        token: await token('AUDITOR'),
      });
      expect(res.status).toBe(200);
      expect(res.body.end).toBe('2026-02-27');
      expect(res.body.counted).toEqual(['2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27']);
    });

    test('when from is not a date, 400 names from', async () => {
      const res = await stack.request('GET', '/api/v1/calendar/working-days?from=2026-02-30&days=5', {
        token: await token('AUDITOR'),
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('request.invalid');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['from']);
    });

    test('when days is out of range or a parameter is unknown, 400 names each', async () => {
      const res = await stack.request('GET', '/api/v1/calendar/working-days?from=2026-02-13&days=0&extra=1', {
        token: await token('AUDITOR'),
      });
      expect(res.status).toBe(400);
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toContain('days');
      expect(paths).toContain('extra');
    });

    test('when the year has no official schedule, 409 calendar.not_published names the year', async () => {
      const res = await stack.request('GET', '/api/v1/calendar/working-days?from=2090-06-01&days=5', {
        token: await token('AUDITOR'),
      });
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'calendar.not_published', year: 2090 });
    });

    test('when the count runs into a year that is not loaded, 409 names that next year', async () => {
      const officer = await token('ORG_OFFICER');
      const put = await stack.request('PUT', '/api/v1/calendar/years/2095', {
        token: officer,
        body: { holidays: ['2095-01-01'], workdays: [] },
      });
      expect(put.status).toBe(200);
      const res = await stack.request('GET', '/api/v1/calendar/working-days?from=2095-12-28&days=5', {
        token: officer,
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'calendar.not_published', year: 2096 });
    });

    test('when no token is sent, 401', async () => {
      const res = await stack.request('GET', '/api/v1/calendar/working-days?from=2026-02-13&days=5');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.unauthenticated');
    });
  });

  describe('GET /api/v1/calendar/years', () => {
    test('when the official data is seeded, 2026 is listed from chinese-days, loaded by system', async () => {
      const res = await stack.request('GET', '/api/v1/calendar/years', { token: await token('PARTY_GROUP_MEMBER') });
      expect(res.status).toBe(200);
      expect(res.body.items).toContainEqual({
        year: 2026,
        documentRef: '国办发明电〔2025〕7号',
        source: 'chinese-days',
        loadedBy: 'system',
        loadedAt: expect.any(String),
      });
    });
  });

  describe('PUT /api/v1/calendar/years/:year', () => {
    test('when an ORG_OFFICER loads 2099, it is stored as manual and working days in 2099 use it', async () => {
      const officer = await token('ORG_OFFICER', { sub: 'officer-zhang' });
      const put = await stack.request('PUT', '/api/v1/calendar/years/2099', {
        token: officer,
        body: {
          documentRef: '国办发明电〔2098〕1号',
          holidays: ['2099-01-03', '2099-01-01', '2099-01-02'],
          workdays: ['2099-01-04'],
        },
      });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({
        year: 2099,
        source: 'manual',
        documentRef: '国办发明电〔2098〕1号',
        holidays: ['2099-01-01', '2099-01-02', '2099-01-03'],
        workdays: ['2099-01-04'],
        resumedBatches: [],
      });

      const days = await stack.request('GET', '/api/v1/calendar/working-days?from=2098-12-31&days=3', {
        token: officer,
      });
      expect(days.status).toBe(200);
      expect(days.body).toMatchObject({ end: '2099-01-06', counted: ['2099-01-04', '2099-01-05', '2099-01-06'] });

      const years = await stack.request('GET', '/api/v1/calendar/years', { token: officer });
      expect(years.body.items).toContainEqual(
        expect.objectContaining({ year: 2099, source: 'manual', loadedBy: 'officer-zhang' }),
      );
    });

    test('when a batch waits for the year, it is signalled calendarUpdated; one whose workflow is gone is skipped', async () => {
      const waiting = uniqueId('cal');
      const gone = uniqueId('cal');
      // A workflow on a queue no worker polls stays open, so the signal is recorded in its history and nothing else.
      const handle = await stack.client.workflow.start('selectionBatch', {
        workflowId: `batch-${waiting}`,
        taskQueue: uniqueId('no-worker'),
        args: [{}],
      });
      try {
        await insertWaitingBatch(waiting, 2098);
        await insertWaitingBatch(gone, 2098);
        const put = await stack.request('PUT', '/api/v1/calendar/years/2098', {
          token: await token('ORG_HEAD'),
          body: { holidays: ['2098-01-01'], workdays: [] },
        });
        expect(put.status).toBe(200);
        expect(put.body.resumedBatches).toEqual([waiting]);

        const history = await handle.fetchHistory();
        const signals = (history.events ?? []).flatMap((e) =>
          e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes] : [],
        );
        expect(signals.map((s) => s.signalName)).toEqual(['calendarUpdated']);
        expect(await decodedValues(stack.client, signals[0]?.input?.payloads)).toEqual([{ year: 2098 }]);
      } finally {
        await handle.terminate('test finished');
      }
    });

    test('when a make-up working day is a Wednesday, 400 names workdays.0', async () => {
      const res = await stack.request('PUT', '/api/v1/calendar/years/2094', {
        token: await token('ORG_OFFICER'),
        body: { holidays: ['2094-01-01'], workdays: ['2094-03-03'] },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.invalid');
      expect(res.body.errors).toContainEqual({
        path: 'workdays.0',
        message: 'a make-up working day must be a Saturday or Sunday',
      });
    });

    test('when the year is outside 2000..2100, 400 names year', async () => {
      const res = await stack.request('PUT', '/api/v1/calendar/years/2101', {
        token: await token('ORG_OFFICER'),
        body: { holidays: ['2101-01-01'], workdays: [] },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['year']);
    });

    test('when a BRANCH_SECRETARY loads a year, 403', async () => {
      const res = await stack.request('PUT', '/api/v1/calendar/years/2093', {
        token: await token('BRANCH_SECRETARY', { branchId: 'b1' }),
        body: { holidays: ['2093-01-01'], workdays: [] },
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
    });

    test('when no token is sent, 401', async () => {
      const res = await stack.request('PUT', '/api/v1/calendar/years/2093', {
        body: { holidays: ['2093-01-01'], workdays: [] },
      });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.unauthenticated');
    });
  });

  describe('seedOfficialCalendar', () => {
    test('when several processes seed at once, none fails and nothing is inserted twice', async () => {
      const runs = await Promise.all([
        seedOfficialCalendar(stack.database.db),
        seedOfficialCalendar(stack.database.db),
      ]);
      expect(runs.flatMap((r) => r.inserted)).toEqual([]);
    });

    test('when a year was corrected by hand, seeding again keeps the correction', async () => {
      const calendar = createCalendarRepository({ db: stack.database.db });
      const [official2004] = officialYearsFromChineseDays([2004]);
      expect(official2004).toBeDefined();
      await calendar.upsert({ ...official2004!, source: 'manual', documentRef: 'corrected' }, 'officer-wang');
      try {
        const { inserted } = await seedOfficialCalendar(stack.database.db);
        expect(inserted).not.toContain(2004);
        const [stored] = await calendar.years([2004]);
        expect(stored).toMatchObject({ source: 'manual', documentRef: 'corrected' });
      } finally {
        await calendar.upsert(official2004!, 'system');
      }
    });
  });
});
