import type { RequestHandler } from 'express';
import { orgStaff, type Role } from '../domain/roles';
import { declaredAccess } from './endpoints';
import { guard, type Access } from './guard';
import { rankBatchesAccess } from './rank-batches.routes';

export type { Access } from './guard';

const checkRecorders: Role[] = [
  'ORG_OFFICER',
  'ORG_HEAD',
  'DISCIPLINE_GROUP',
  'BRANCH_SECRETARY',
  'PARTY_GROUP_SECRETARY',
];

/**
 * Who may call which endpoint (domain.md §1), in one place: the routes, the OpenAPI document and the
 * role-matrix test all read it. The workflow then applies the finer rules (own branch, own candidacy, stage).
 * The routes that are not commands bring their own rows (api/endpoints.ts), from their declarations.
 */
export const accessMatrix = {
  ...declaredAccess,
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
  ...rankBatchesAccess,
} as const satisfies Record<string, Access>;

export type Endpoint = keyof typeof accessMatrix;

/** The guard for one endpoint of the matrix. */
export function allow(endpoint: Endpoint): RequestHandler {
  return guard(accessMatrix[endpoint]);
}
