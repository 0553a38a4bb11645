import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import type { RoleSignals } from '../domain/events';
import type { TokenVerifier } from './auth';

/** What createApp and every route file are built from: the entry points wire the real ones, tests their own. */
export interface AppDeps {
  corsOrigins?: string[];
  requestTimeoutMs?: number;
  database: Database;
  temporal: Client;
  taskQueue: string;
  verifyToken: TokenVerifier;
  logger: Logger;
  temporalUiUrl?: string;
  /** Dev only: the Temporal UI may decode through /codec without a token (api/codec.routes.ts says when). */
  codecWithoutTokenFromUi?: boolean;
  /** ROLE_SIGNALS: carried into every batch this API starts (its workflow input), default `accept`. */
  roleSignals?: RoleSignals;
  /** ALLOW_SCALED_TIMERS: accept ruleset.timerScale < 1 (tests, drills, demos); off in production. */
  allowScaledTimers?: boolean;
}
