import type { z } from 'zod';
import type { Role } from '../roles';

/** Who may send a command or call a route (domain.md §1): some roles, any authenticated caller, or anyone. */
export type Access = readonly Role[] | 'public' | 'authenticated';

export type RefusalStatus = 400 | 403 | 404 | 409 | 422;

/** A signal operators send for a command (Temporal UI, CLI), with the fields its name implies. */
export interface CommandSignal {
  readonly name: string;
  readonly defaults?: Readonly<Record<string, unknown>>;
}

/**
 * A command, declared once: the API's route and guard, the role matrix, the workflow's signal and update bindings and
 * the OpenAPI operation are all derived from its row.
 */
export interface CommandRow<N extends string = string> {
  /** The domain command, e.g. 'recordCheck'; unique within its table. */
  readonly name: N;
  /** Which workflow the command goes to. */
  readonly target: 'batch' | 'probation';
  /** The request body, which is also the update/signal payload without `actor` and `requestId`. */
  readonly schema: z.ZodType;
  /** The API guard; the finer rules (own branch, stage…) are the domain check. */
  readonly access: Access;
  /** Wire names: the update the API calls, the signals operators send. */
  readonly update: string;
  readonly signals: readonly CommandSignal[];
  readonly http: {
    readonly method: 'post' | 'delete';
    /** Express path under /api/v1, e.g. '/batches/:id/candidates/:personId/checks'. */
    readonly path: string;
    readonly status: 200 | 201;
    /** Path parameters merged into the body before validation, e.g. ['personId']. */
    readonly fromPath?: readonly string[];
  };
  readonly doc: {
    readonly operationId: string;
    readonly summary: string;
    /** Refusal codes the command's rules can answer, by HTTP status (api/problem.ts maps code → status). */
    readonly refusals: Partial<Record<RefusalStatus, readonly string[]>>;
  };
}

/** Every command of one kind of workflow (selection, rank promotion, probation). */
export type CommandTable<N extends string = string> = readonly CommandRow<N>[];

/** A table, its names kept as literal types (for bindings typed by command name). */
export function commandTable<const N extends string>(rows: readonly CommandRow<N>[]): CommandTable<N> {
  const names = new Set<string>();
  for (const row of rows) {
    if (names.has(row.name)) throw new Error(`command table: ${row.name} is declared twice`);
    names.add(row.name);
  }
  return rows;
}

/** `METHOD /path`, as the role matrix keys an endpoint. */
export const endpointOf = (row: CommandRow) => `${row.http.method.toUpperCase()} ${row.http.path}`;

/** Who may call each endpoint of a table, keyed as the role matrix keys it. */
export const accessByEndpoint = (table: CommandTable): Record<string, Access> =>
  Object.fromEntries(table.map((row) => [endpointOf(row), row.access]));
