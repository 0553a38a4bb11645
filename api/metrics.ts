import { Router, type RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { trackMatchedRoute } from './matched-route';
import { declareRoute, mount } from './route-declaration';

/** Label of requests no route handled (404, or refused by a middleware before routing): never the raw URL. */
export const unmatchedRoute = '(unmatched)';

export interface HttpMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route' | 'status'>;
}

/** A registry with the process's default metrics (CPU, memory, event loop lag, GC) and the HTTP series. */
export function createHttpMetrics(registry = new Registry()): HttpMetrics {
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

let processMetrics: HttpMetrics | undefined;
/** One registry per process: every app the process builds (tests build many) counts into it. */
function sharedMetrics() {
  processMetrics ??= createHttpMetrics();
  return processMetrics;
}

/** Counts and times every request by the route pattern that handled it. Mount it before the routers. */
export function metricsMiddleware(metrics: HttpMetrics = sharedMetrics()): RequestHandler {
  return (req, res, next) => {
    const matched = trackMatchedRoute(req);
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, route: matched.route() ?? unmatchedRoute, status: String(res.statusCode) };
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}

export const metricsEndpoint = declareRoute({
  method: 'get',
  base: '',
  path: '/metrics',
  access: 'public',
  operationId: 'metrics',
  summary: 'Prometheus metrics of the API process',
  tag: 'health',
  success: {
    status: 200,
    description: 'Prometheus text exposition format',
    content: { 'text/plain': { type: 'string' } },
  },
  errors: {},
});

/** `GET /metrics` in the Prometheus text format. */
export function metricsRouter(metrics: HttpMetrics = sharedMetrics()): Router {
  const router = Router();
  mount(router, metricsEndpoint, async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
