import type { Body, JsonSchema, RouteDeclaration } from '../route-declaration';
import { paramsOf, responseSchema, toJsonSchema } from './json-schema';
import { requestIdHeader, rolesOf, type Operation } from './operation';

const contentOf = (content: Record<string, Body>) =>
  Object.fromEntries(Object.entries(content).map(([media, body]) => [media, { schema: responseSchema(body) }]));

/** A declared route as an operation; its request body joins `schemas` under the name it declares. */
export function routeOperation(route: RouteDeclaration, schemas: Record<string, JsonSchema>): Operation {
  if (route.body) schemas[route.body.name] = toJsonSchema(route.body.schema, 'input');
  return {
    method: route.method,
    path: `${route.base}${route.path}`,
    underApi: route.base === '/api/v1',
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tag: route.tag,
    access: route.access,
    params: [
      ...(route.params ? paramsOf(route.params, 'path') : []),
      ...(route.query ? paramsOf(route.query, 'query') : []),
    ],
    ...(route.body ? { body: { schema: route.body.name, required: true } } : {}),
    success: { ...route.success, content: contentOf(route.success.content) },
    errors: route.errors,
    ...(route.otherResponses
      ? {
          responses: Object.fromEntries(
            Object.entries(route.otherResponses).map(([status, { description, content }]) => [
              status,
              { description, headers: requestIdHeader, content: contentOf(content) },
            ]),
          ),
        }
      : {}),
  };
}

/** A page for people (this reference): no request, no problems. */
export function pageObject(route: RouteDeclaration): JsonSchema {
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    'x-roles': rolesOf(route.access),
    'x-access': route.access,
    security: [{}],
    responses: {
      [route.success.status]: { description: route.success.description, content: contentOf(route.success.content) },
    },
  };
}
