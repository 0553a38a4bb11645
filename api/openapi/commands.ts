import { z } from 'zod';
import { commandAcceptedSchema, objectionReceivedSchema } from '../../domain/views/commands';
import { batchIdParams } from '../path-params';
import type { JsonSchema } from '../route-declaration';
import type { CommandRow, CommandTable } from '../../domain/commands/row';
import { paramsOf, responseSchema, toJsonSchema, type ParamSpec } from './json-schema';
import type { Operation } from './operation';

/** How the document introduces the commands of one table. */
export interface CommandTableDoc {
  table: CommandTable;
  tag: string;
  description: string;
}

/** Codes every command may answer, besides its rule's refusals. */
const common = { 400: ['message.invalid'], 403: ['role.forbidden'], 409: ['batch.closed'] };
const [batchIdParam] = paramsOf(batchIdParams, 'path') as [ParamSpec];
const applied = responseSchema(commandAcceptedSchema);
const received = responseSchema(z.union([objectionReceivedSchema, commandAcceptedSchema]));

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** The operations of a table's commands; each body joins `schemas`, without the fields taken from the path. */
export function commandOperations(
  { table, tag, description }: CommandTableDoc,
  schemas: Record<string, JsonSchema>,
): Operation[] {
  return table.map((row) => {
    const body = bodyOf(row);
    const name = `${pascal(row.doc.operationId)}Request`;
    schemas[name] = body.schema;
    const isPublic = row.access === 'public';
    return {
      method: row.http.method,
      path: `/api/v1${row.http.path}`,
      underApi: true,
      operationId: row.doc.operationId,
      summary: row.doc.summary,
      description,
      tag,
      access: row.access,
      params: [batchIdParam, ...pathParams(row.http.path, body.fromPath)],
      body: { schema: name, required: body.required },
      success: {
        status: row.http.status,
        description: isPublic ? 'received' : 'applied',
        content: { 'application/json': { schema: isPublic ? received : applied } },
      },
      errors: merge(common, { 404: [`${row.target}.not_found`] }, row.doc.refusals),
    };
  });
}

/** A command's body without the fields the route takes from the path (those become path parameters). */
function bodyOf(row: CommandRow) {
  const fromPath = row.http.fromPath ?? [];
  const body = toJsonSchema(row.schema, 'input');
  const properties = { ...((body.properties ?? {}) as Record<string, JsonSchema>) };
  const pathSchemas: Record<string, JsonSchema> = {};
  for (const key of fromPath) {
    if (properties[key]) pathSchemas[key] = properties[key];
    delete properties[key];
  }
  const required = ((body.required ?? []) as string[]).filter((k) => !fromPath.includes(k));
  const { required: _all, ...rest } = body;
  return {
    schema: { ...rest, properties, ...(required.length ? { required } : {}) },
    required: required.length > 0,
    fromPath: pathSchemas,
  };
}

function pathParams(path: string, schemas: Record<string, JsonSchema>): ParamSpec[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)]
    .map((m) => m[1]!)
    .filter((name) => name !== 'id')
    .map((name) => ({
      name,
      in: 'path',
      required: true,
      description: name,
      schema: schemas[name] ?? { type: 'string', minLength: 1 },
    }));
}

function merge(...maps: Partial<Record<number, readonly string[]>>[]): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const map of maps)
    for (const [status, codes] of Object.entries(map))
      out[+status] = [...new Set([...(out[+status] ?? []), ...(codes ?? [])])];
  return out;
}
