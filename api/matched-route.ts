import type { Request } from 'express';

type Params = Record<string, string | string[]>;

export interface MatchedRoute {
  /** The route pattern that handled the request, mount path included (`/api/v1/batches/:id`); undefined if none. */
  route(): string | undefined;
  /** The path parameters of that route (`{ id: '2026-01' }`). */
  params(): Params;
}

const tracked = Symbol('xuanren.matchedRoute');
type Tracked = Request & { [tracked]?: MatchedRoute };

/**
 * Remembers which route pattern handled a request, for metrics labels and access logs (the raw URL would give every
 * batch its own series). Express sets `req.route` when a route matches, but by the time the response is finished an
 * error on the way out has already restored `req.baseUrl` and `req.params` to the outer router's values; so the
 * pattern and its parameters are captured as the router assigns them. Install it before the routers.
 */
export function trackMatchedRoute(req: Request): MatchedRoute {
  const r = req as Tracked;
  if (r[tracked]) return r[tracked];
  let route: { path?: unknown } | undefined;
  let pattern: string | undefined;
  let params: Params = r.params ?? {};
  let matchedParams: Params = {};
  Object.defineProperty(r, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (typeof value?.path === 'string') pattern = `${r.baseUrl ?? ''}${value.path}`;
    },
  });
  Object.defineProperty(r, 'params', {
    configurable: true,
    enumerable: true,
    get: () => params,
    set(value: Params) {
      params = value;
      if (value && Object.keys(value).length > 0) matchedParams = value;
    },
  });
  const matched: MatchedRoute = { route: () => pattern, params: () => matchedParams };
  r[tracked] = matched;
  return matched;
}
