import type { JsonSchema, RouteDeclaration } from '../route-declaration';
import { commandOperations, type CommandTableDoc } from './commands';
import { viewComponents } from './json-schema';
import { operationObject } from './operation';
import { pageObject, routeOperation } from './routes';

/**
 * The OpenAPI 3.1 document of the HTTP API, generated: each route from its declaration (api/endpoints.ts), each
 * command from its row of a command table, the answers from the views of domain/views, the requests from the zod
 * schemas that validate them. One JSON Schema dialect (2020-12, OpenAPI 3.1's own) describes both directions.
 */
export function buildDocument({
  routes,
  commands,
}: {
  routes: readonly RouteDeclaration[];
  commands: readonly CommandTableDoc[];
}): JsonSchema {
  const schemas = viewComponents();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const add = (method: string, expressPath: string, operation: JsonSchema) => {
    const path = expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    if (paths[path][method]) throw new Error(`openapi: ${method.toUpperCase()} ${path} is declared twice`);
    paths[path][method] = operation;
  };
  const operations = [
    ...routes.filter((r) => !r.page).map((r) => routeOperation(r, schemas)),
    ...commands.flatMap((table) => commandOperations(table, schemas)),
  ];
  for (const op of operations) add(op.method, op.path, operationObject(op));
  for (const page of routes.filter((r) => r.page)) add(page.method, `${page.base}${page.path}`, pageObject(page));

  return {
    openapi: '3.1.0',
    info: {
      title: 'xuanren 选任 API',
      version: '1',
      summary: 'Cadre selection and appointment (选人用人) as durable Temporal workflows',
      description:
        'Every refusal is `application/problem+json` (RFC 9457) with a stable `code`, the offending field paths in ' +
        '`errors`, and the request id. Every POST honours `Idempotency-Key`. Roles come from the bearer token’s ' +
        '`roles` claim; `x-roles` on each operation lists the roles the role matrix (api/access.ts) lets through, ' +
        'and the workflow then applies the finer rules (own branch, own candidacy, stage).',
    },
    servers: [{ url: '/', description: 'this server' }],
    tags: [
      { name: 'batches', description: 'selection batches (干部选拔): start, list, read, audit' },
      { name: 'procedure', description: 'each step of a selection batch, as a workflow update' },
      { name: 'probation', description: 'after the appointment: talk and probation outcome' },
      { name: 'rank-batches', description: 'rank promotion batches (职级晋升)' },
      { name: 'calendar', description: 'the official working-day calendar' },
      { name: 'training', description: 'training sessions (培训) and the cadre record' },
      { name: 'inbox', description: 'the caller’s pending actions (待办)' },
      { name: 'reports', description: 'annual figures' },
      { name: 'health', description: 'liveness, readiness, metrics' },
      { name: 'temporal', description: 'the payload codec of the Temporal UI and CLI' },
      { name: 'docs', description: 'this document' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Claims: `sub`, `name`, `roles` (ORG_OFFICER, ORG_HEAD, PARTY_GROUP_MEMBER, PARTY_GROUP_SECRETARY, ' +
            'BRANCH_SECRETARY, DISCIPLINE_GROUP, AUDITOR), `branchId` (branch secretaries), `memberId` (party group).',
        },
      },
      headers: {
        'X-Request-Id': {
          description: 'the request id (echoed from the request’s X-Request-Id, or generated); also in problems',
          schema: { type: 'string' },
        },
        'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'string' } },
      },
      schemas,
    },
  };
}
