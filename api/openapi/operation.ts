import { roles } from '../../domain/roles';
import type { Access } from '../guard';
import type { JsonSchema, Method } from '../route-declaration';
import { ref, type ParamSpec } from './json-schema';

/** One operation of the document, from a route's declaration or a command's row. */
export interface Operation {
  method: Method;
  /** The path as Express serves it (`:id`). */
  path: string;
  /** Under /api/v1: every token is checked (public routes included) and a POST takes an Idempotency-Key. */
  underApi: boolean;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params: ParamSpec[];
  body?: { schema: string; required: boolean };
  success: {
    status: number;
    description: string;
    content: Record<string, { schema: JsonSchema }>;
    headers?: JsonSchema;
  };
  errors: Partial<Record<number, readonly string[]>>;
  /** Answers that are not problems (e.g. the 503 of /readyz). */
  responses?: Record<number, JsonSchema>;
}

const problemJson = 'application/problem+json';
export const requestIdHeader = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };

const idempotencyKeyHeader: ParamSpec = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the first answer (success or a 4xx) is stored per caller and key, a retry with the same ' +
    'body gets it back unchanged (header `Idempotent-Replayed: true`) and changes nothing; the same key with another ' +
    'body is `422 idempotency.key_reused`.',
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[!-~]{1,200}$' },
};

const statusText: Record<number, string> = {
  400: 'Bad request: the body, a parameter or the Idempotency-Key is not valid (`errors` lists each field)',
  401: 'No valid bearer token',
  403: 'The caller’s roles may not do this',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'The body is larger than 1 MB',
  415: 'The body is not application/json',
  422: 'Refused by a rule of the procedure',
  429: 'Too many requests from this client: retry after `Retry-After` seconds',
  503: 'A backing service (PostgreSQL, Temporal) is unreachable or slow: retry shortly',
};

const baseCodes: Record<number, string[]> = {
  400: ['request.invalid'],
  401: ['auth.unauthenticated'],
  403: ['auth.forbidden'],
  413: ['request.too_large'],
  415: ['request.unsupported_media_type', 'request.unsupported_encoding'],
  429: ['rate.limited'],
  503: ['service.unavailable', 'request.timeout'],
};

function accessText(access: Access): string {
  if (access === 'public')
    return 'Access: public (no token). A staff token (ORG_OFFICER, ORG_HEAD) registers it as staff.';
  if (access === 'authenticated')
    return 'Access: any authenticated caller; the workflow then applies the finer rule (see the 403 codes).';
  return `Roles: ${access.join(', ')}.`;
}

export function rolesOf(access: Access): string[] {
  return access === 'public' ? [] : access === 'authenticated' ? [...roles] : [...access];
}

/** The operation object: its parameters, body, success, and a problem response per status with its codes. */
export function operationObject(op: Operation): JsonSchema {
  const errors: Record<number, string[]> = {};
  const add = (status: number, codes: readonly string[]) =>
    (errors[status] = [...new Set([...(errors[status] ?? []), ...codes])]);
  const validated = op.body || op.params.some((p) => p.in === 'query');
  if (validated || op.method === 'post') add(400, baseCodes[400]!);
  // A malformed or expired token is refused on every /api/v1 route, public ones included.
  if (op.underApi) add(401, baseCodes[401]!);
  if (Array.isArray(op.access)) add(403, baseCodes[403]!);
  if (op.body) {
    add(400, ['request.malformed_json']);
    add(413, baseCodes[413]!);
    add(415, baseCodes[415]!);
  }
  if (op.method === 'post' && op.underApi) add(422, ['idempotency.key_reused']);
  if (op.access === 'public' && op.underApi) add(429, baseCodes[429]!);
  if (!op.responses?.[503]) add(503, baseCodes[503]!);
  for (const [status, codes] of Object.entries(op.errors)) add(Number(status), codes ?? []);

  const responses: JsonSchema = {
    [op.success.status]: {
      description: op.success.description,
      headers: { ...requestIdHeader, ...op.success.headers },
      content: op.success.content,
    },
  };
  for (const status of Object.keys(errors)
    .map(Number)
    .sort((a, b) => a - b)) {
    const codes = errors[status]!;
    responses[status] = {
      description: `${statusText[status] ?? 'Error'}. Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
      headers: {
        ...requestIdHeader,
        ...(status === 429 || status === 503 ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : {}),
      },
      content: { [problemJson]: { schema: ref('Problem') } },
      'x-error-codes': codes,
    };
  }
  Object.assign(responses, op.responses);

  const params = [...op.params, ...(op.method === 'post' && op.underApi ? [idempotencyKeyHeader] : [])];
  const allCodes = Object.entries(errors).flatMap(([status, codes]) =>
    codes.map((code) => ({ code, status: +status })),
  );
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, accessText(op.access)].filter(Boolean).join('\n\n'),
    tags: [op.tag],
    'x-roles': rolesOf(op.access),
    'x-access': Array.isArray(op.access) ? 'roles' : op.access,
    'x-error-codes': allCodes,
    ...(params.length ? { parameters: params } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: op.body.required,
            content: { 'application/json': { schema: ref(op.body.schema) } },
          },
        }
      : {}),
    responses,
    security: op.access === 'public' ? [{}, { bearerAuth: [] }] : [{ bearerAuth: [] }],
  };
}
