import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { batchWorkflowId, probationWorkflowId } from '../domain/selection';
import { trackMatchedRoute } from './matched-route';

const quietRoutes = new Set(['/healthz', '/readyz', '/metrics']);
const probationRoute = /\/(appointment-talk|probation-outcome)$/;

/** The batch a request concerns: the `:id` of a /batches/:id… route, or the batch a POST /batches created. */
function batchIdOf(route: string | undefined, id: unknown, res: Response): string | undefined {
  if (route?.includes('/batches/:id')) return typeof id === 'string' ? id : undefined;
  const location = res.statusCode === 201 ? res.getHeader('location') : undefined;
  const created = typeof location === 'string' ? /\/batches\/([^/?]+)$/.exec(location) : null;
  return created?.[1] ? decodeURIComponent(created[1]) : undefined;
}

/**
 * One JSON line per request once it is answered (or abandoned by the client): method, route pattern, path, status,
 * duration and requestId, plus batchId / workflowId when the request concerns a batch. Probes and scrapes log at
 * debug. Mount it before the routers.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const matched = trackMatchedRoute(req);
    const start = process.hrtime.bigint();
    res.once('close', () => {
      const route = matched.route();
      const { id, personId } = matched.params();
      const batchId = batchIdOf(route, id, res);
      const workflowId =
        batchId && typeof personId === 'string' && route && probationRoute.test(route)
          ? probationWorkflowId(batchId, personId)
          : batchId && batchWorkflowId(batchId);
      const line = {
        requestId: req.requestId,
        method: req.method,
        route: route ?? null,
        path: req.originalUrl,
        status: res.writableFinished ? res.statusCode : null,
        durationMs: Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100,
        ...(batchId ? { batchId, workflowId } : {}),
      };
      if (!res.writableFinished) logger.warn(line, 'request abandoned by the client');
      else if (res.statusCode >= 500) logger.warn(line, 'request failed');
      else if (route && quietRoutes.has(route)) logger.debug(line, 'request answered');
      else logger.info(line, 'request answered');
    });
    next();
  };
}
