import { z } from 'zod';
import { views } from '../../domain/views/view';
import type { Body, JsonSchema } from '../route-declaration';

/** zod to JSON Schema 2020-12, OpenAPI 3.1's own dialect; `input` for what clients send, `output` for answers. */
type Io = 'input' | 'output';

const components = '#/components/schemas/';
export const ref = (name: string) => ({ $ref: `${components}${name}` });

const { $schema: _dialect, ...dateTime } = z.toJSONSchema(z.iso.datetime()) as JsonSchema;
/** zod types without a JSON form; a view's `Date` (an instant) is written as JSON writes it. */
const unrepresentable = new Set(['bigint', 'symbol', 'undefined', 'void', 'map', 'set', 'function', 'nan', 'custom']);

const options = (io: Io) =>
  ({
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const type = zodSchema._zod.def.type;
      if (type === 'date') Object.assign(jsonSchema, dateTime);
      else if (unrepresentable.has(type)) throw new Error(`openapi: a ${type} has no JSON Schema`);
    },
  }) satisfies z.core.ToJSONSchemaParams;

export function toJsonSchema(schema: z.ZodType, io: Io): JsonSchema {
  const { $schema: _s, ...json } = z.toJSONSchema(schema, options(io)) as JsonSchema;
  return json;
}

/** Every view of domain/views (and the Problem), by its name: a view inside another is a `$ref` to it. */
export function viewComponents(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(views, { ...options('output'), uri: (id) => `${components}${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, $id: _id, ...schema }]) => [id, schema as JsonSchema]),
  );
}

/** A response body: a named view is a `$ref`; views combined (a union) refer to each. */
export function responseSchema(body: Body): JsonSchema {
  if (!(body instanceof z.ZodType)) return body;
  const name = views.get(body)?.id;
  if (name) return ref(name);
  // The views it holds come out as $defs: they are components already.
  const { $schema: _s, $defs: _views, ...json } = z.toJSONSchema(body, { ...options('output'), metadata: views });
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${components}`)) as JsonSchema;
}

export interface ParamSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

/** Each property of a zod object as a parameter; `required` as the schema's input requires it. */
export function paramsOf(schema: z.ZodType, location: 'path' | 'query'): ParamSpec[] {
  const json = toJsonSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}
