import type { RequestHandler } from 'express';
import { orgStaff, readers, type Role } from '../domain/roles';
import { currentActor, requireRole } from './auth';
import { rankBatchesAccess } from './rank-batches.routes';
import { reportsAccess } from './reports.routes';
import { trainingAccess } from './training.routes';

export type Access = readonly Role[] | 'public' | 'authenticated';

const checkRecorders: Role[] = [
  'ORG_OFFICER',
  'ORG_HEAD',
  'DISCIPLINE_GROUP',
  'BRANCH_SECRETARY',
  'PARTY_GROUP_SECRETARY',
];
const supervisors: Role[] = ['ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR'];

/**
 * Who may call which endpoint (domain.md §1), in one place: the routes, the OpenAPI document and the
 * role-matrix test all read it. The workflow then applies the finer rules (own branch, own candidacy, stage).
 */
export const accessMatrix = {
  'POST /batches': orgStaff,
  'GET /batches': readers,
  'GET /batches/:id': readers,
  'GET /batches/:id/audit': supervisors,
  'GET /batches/:id/live': ['ORG_OFFICER', ...supervisors],
  'POST /batches/:id/candidates/:personId/checks': checkRecorders,
  'POST /batches/:id/meetings': ['PARTY_GROUP_SECRETARY'],
  'POST /batches/:id/candidates/:personId/objections': 'public',
  'POST /batches/:id/objections/:objectionId/resolution': ['ORG_HEAD'],
  'POST /batches/:id/candidates/:personId/withdrawal': 'authenticated',
  'POST /batches/:id/candidates/:personId/disqualification': ['ORG_HEAD'],
  'POST /batches/:id/holds': ['DISCIPLINE_GROUP'],
  'DELETE /batches/:id/holds/:holdId': ['DISCIPLINE_GROUP'],
  'POST /batches/:id/candidates/:personId/appointment': orgStaff,
  'POST /batches/:id/publicity/extension': orgStaff,
  'POST /batches/:id/cancellation': ['ORG_HEAD'],
  'POST /batches/:id/candidates/:personId/appointment-talk': orgStaff,
  'POST /batches/:id/candidates/:personId/probation-outcome': ['ORG_HEAD'],
  'GET /calendar/working-days': readers,
  'GET /calendar/years': readers,
  'PUT /calendar/years/:year': orgStaff,
  ...rankBatchesAccess,
  ...reportsAccess,
  ...trainingAccess,
} as const satisfies Record<string, Access>;

export type Endpoint = keyof typeof accessMatrix;

const requireAuthenticated: RequestHandler = (req, _res, next) => {
  currentActor(req);
  next();
};
const open: RequestHandler = (_req, _res, next) => next();

/** The guard for one endpoint of the matrix. */
export function allow(endpoint: Endpoint): RequestHandler {
  const access: Access = accessMatrix[endpoint];
  if (access === 'public') return open;
  if (access === 'authenticated') return requireAuthenticated;
  return requireRole(...access);
}
