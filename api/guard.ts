import type { RequestHandler } from 'express';
import type { Access } from '../domain/commands/row';
import { currentActor, requireRole } from './auth';

export type { Access } from '../domain/commands/row';

const requireAuthenticated: RequestHandler = (req, _res, next) => {
  currentActor(req);
  next();
};
const open: RequestHandler = (_req, _res, next) => next();

/** The API guard for an access rule; the workflow then applies the finer rules (own branch, own candidacy, stage). */
export function guard(access: Access): RequestHandler {
  if (access === 'public') return open;
  if (access === 'authenticated') return requireAuthenticated;
  return requireRole(...access);
}
