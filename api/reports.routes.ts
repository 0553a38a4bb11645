import { Router } from 'express';
import { z } from 'zod';
import { createReportQueries } from '../db/report.queries';
import { renderAnnualReportMarkdown } from '../domain/annual-report';
import { DOCX_MEDIA_TYPE } from '../reports/annual-report.docx';
import { readers } from '../domain/roles';
import { annualReportSchema } from '../domain/views/annual-report';
import type { AppDeps } from './deps';
import { renderAnnualReportDocument } from '../reports/report-document';
import { accessOf, declareRoute, mount } from './route-declaration';
import { parse } from './validate';

export const annualQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  /** Overrides the Accept header (a link in a browser cannot set it): json, md or docx. */
  format: z.enum(['json', 'md', 'docx']).optional(),
});

const mediaTypes = { json: 'application/json', md: 'text/markdown', docx: DOCX_MEDIA_TYPE } as const;

export const reportEndpoints = {
  annual: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/reports/annual',
    access: readers,
    operationId: 'annualReport',
    summary:
      'The annual figures: JSON; the report’s text with `Accept: text/markdown`; the Word document the office submits with `Accept: application/vnd.openxmlformats-officedocument.wordprocessingml.document` (or `?format=docx`)',
    tag: 'reports',
    query: annualQuerySchema,
    success: {
      status: 200,
      description: 'the figures',
      content: {
        [mediaTypes.json]: annualReportSchema,
        [mediaTypes.md]: { type: 'string' },
        [mediaTypes.docx]: { type: 'string', contentMediaType: DOCX_MEDIA_TYPE },
      },
    },
    errors: {},
  }),
};
/** Every role reads the report; the public does not. */
export const reportsAccess = accessOf(Object.values(reportEndpoints));

/**
 * The annual report (domain.md §5): JSON; the report's text with `Accept: text/markdown`; the Word document the
 * office submits with `Accept: application/vnd.openxmlformats-officedocument.wordprocessingml.document`.
 */
export function reportsRoutes({ database, logger }: AppDeps) {
  const router = Router();
  const reports = createReportQueries({ db: database.db });

  mount(router, reportEndpoints.annual, async (req, res) => {
    const { year, format } = parse(annualQuerySchema, req.query);
    const report = await reports.annual(year);
    res.vary('Accept');
    const type = format ? mediaTypes[format] : req.accepts(Object.values(mediaTypes));
    if (type === 'text/markdown') res.type('text/markdown; charset=utf-8').send(renderAnnualReportMarkdown(report));
    else if (type === DOCX_MEDIA_TYPE) {
      const { docx } = await renderAnnualReportDocument(report, {
        onWarning: (message, err) => logger.warn({ err, requestId: req.requestId }, message),
      });
      res.type(DOCX_MEDIA_TYPE).attachment(`annual-report-${year}.docx`).send(docx);
    } else res.json(report);
  });
  return router;
}
