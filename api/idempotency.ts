import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Db } from '../db/client';
import { canonicalJson } from '../db/audit';
import { createIdempotencyRepository } from '../db/idempotency.repository';
import { Problem, problems } from './problem';

/**
 * `Idempotency-Key` on POST: the first response (success or the client's own mistake) is stored per caller and key;
 * a retry with the same body gets it back unchanged and changes nothing, the same key with another body is a 422.
 * Server-side failures (5xx) are not stored, so a retry after an outage really runs again.
 */
export function idempotency(db: Db): RequestHandler {
  const answers = createIdempotencyRepository({ db });
  return async (req, res, next) => {
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next();
    if (!/^[\x21-\x7e]{1,200}$/.test(key))
      throw problems.validation([{ path: 'Idempotency-Key', message: '1 to 200 visible ASCII characters' }]);
    const actorId = req.actor?.id ?? `public:${req.ip ?? 'unknown'}`;
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    const stored = await answers.find(actorId, key);
    if (stored) {
      if (stored.requestHash !== requestHash)
        throw new Problem(422, 'idempotency.key_reused', 'this Idempotency-Key was used for a different request');
      res.setHeader('Idempotent-Replayed', 'true');
      if (stored.status >= 400) res.type('application/problem+json');
      res.status(stored.status).json(stored.body);
      return;
    }
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode < 500) {
        void answers
          .save({ actorId, key, requestHash, status: res.statusCode, body })
          .catch(() => undefined)
          // The request may have timed out meanwhile (503 already sent): the stored answer serves the retry.
          .then(() => {
            if (!res.headersSent) json(body);
          });
        return res;
      }
      return json(body);
    };
    next();
  };
}
