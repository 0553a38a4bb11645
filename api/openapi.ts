import type { Router } from 'express';
import { docsRoutes } from './docs.routes';
import { declaredRoutes } from './endpoints';
import { probationCommands } from '../domain/commands/probation';
import { rankCommands } from '../domain/commands/rank';
import { selectionCommands } from '../domain/commands/selection';
import type { CommandTableDoc } from './openapi/commands';
import { buildDocument } from './openapi/document';
import type { JsonSchema } from './route-declaration';

const selectionDescription =
  'Applied by the batch workflow as an update, validated again inside it; refusals carry the rule’s `code`.';

/** The commands of each table, and how the document introduces them. */
const commands: CommandTableDoc[] = [
  { table: selectionCommands, tag: 'procedure', description: selectionDescription },
  { table: probationCommands, tag: 'probation', description: selectionDescription },
  {
    table: rankCommands,
    tag: 'rank-batches',
    description: 'Applied by the rank batch workflow as an update; refusals carry the rule’s `code`.',
  },
];

/** The OpenAPI document of this API: every declared route and every command. */
export function buildOpenApiDocument(): JsonSchema {
  return buildDocument({ routes: declaredRoutes, commands });
}

/** The document at `GET /api/v1/openapi.json`, the reference at `/docs`. Mount before authentication: both are public. */
export function openApiRoutes(document: JsonSchema = buildOpenApiDocument()): Router {
  return docsRoutes(document);
}
