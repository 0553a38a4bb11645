import { probationCommands } from '../domain/commands/probation';
import { rankCommands } from '../domain/commands/rank';
import { accessByEndpoint } from '../domain/commands/row';
import { selectionCommands } from '../domain/commands/selection';
import { declaredAccess } from './endpoints';
import type { Access } from './guard';

export type { Access } from './guard';

/**
 * Who may call which endpoint (domain.md §1), in one place: the OpenAPI document and the role-matrix test read it.
 * The rows come from the routes' declarations (api/endpoints.ts) and the command tables (domain/commands/); the
 * guards are built from the same declarations and rows. The workflow then applies the finer rules (own branch, own
 * candidacy, stage).
 */
export const accessMatrix: Readonly<Record<string, Access>> = {
  ...declaredAccess,
  ...accessByEndpoint(selectionCommands),
  ...accessByEndpoint(probationCommands),
  ...accessByEndpoint(rankCommands),
};

export type Endpoint = keyof typeof accessMatrix;
