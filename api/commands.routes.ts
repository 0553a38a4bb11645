import { probationCommands } from '../domain/commands/probation';
import { selectionCommands } from '../domain/commands/selection';
import { commandRouter } from './command-router';
import type { AppDeps } from './deps';

/** Every step of a selection batch (干部选拔) and of its appointees' probation: a route per row of their tables. */
export function commandsRoutes(deps: AppDeps) {
  return commandRouter(deps, [...selectionCommands, ...probationCommands], 'SELECTION');
}
