import { Router } from 'express';
import { z } from 'zod';
import { createReportQueries } from '../db/report.queries';
import { renderAnnualReportMarkdown } from '../domain/annual-report';
import { readers } from '../domain/roles';
import type { Access } from './access';
import type { AppDeps } from './app';
import { requireRole } from './auth';
import { parse } from './validate';

/** Shaped like api/access.ts's matrix, to be spread into it: every role reads the report; the public does not. */
export const reportsAccess = { 'GET /reports/annual': readers } as const satisfies Record<string, Access>;

const annualQuerySchema = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

/** The annual report (domain.md §5): JSON, or the report's text with `Accept: text/markdown`. */
export function reportsRoutes({ database }: AppDeps) {
  const router = Router();
  const reports = createReportQueries({ db: database.db });

  router.get('/reports/annual', requireRole(...reportsAccess['GET /reports/annual']), async (req, res) => {
    const { year } = parse(annualQuerySchema, req.query);
    const report = await reports.annual(year);
    res.vary('Accept');
    if (req.accepts(['application/json', 'text/markdown']) === 'text/markdown')
      res.type('text/markdown; charset=utf-8').send(renderAnnualReportMarkdown(report));
    else res.json(report);
  });
  return router;
}
