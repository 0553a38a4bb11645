import type { RequestHandler } from 'express';
import { Problem } from './problem';

/**
 * Fixed-window limit per client address for the unauthenticated endpoint (objections from the public).
 * In memory: each API process limits on its own, which bounds abuse without shared state.
 */
export function publicRateLimit({ limit = 10, windowMs = 60_000 } = {}): RequestHandler {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return (req, res, next) => {
    if (req.actor) return next();
    const now = Date.now();
    const client = req.ip ?? 'unknown';
    const entry = hits.get(client);
    if (!entry || entry.resetAt <= now) {
      if (hits.size > 10_000) hits.clear();
      hits.set(client, { count: 1, resetAt: now + windowMs });
      return next();
    }
    entry.count++;
    if (entry.count > limit) {
      res.setHeader('Retry-After', String(Math.ceil((entry.resetAt - now) / 1000)));
      throw new Problem(429, 'rate.limited', 'too many objections from this address; try again later');
    }
    next();
  };
}
