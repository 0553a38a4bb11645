import type { Request, Response } from 'express';
import { z } from 'zod';
import { problemMessageZh } from '../domain/problem-messages.zh';
import { named } from '../domain/views/view';

const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.output<typeof fieldErrorSchema>;

/** What every refusal answers with (app.ts's error handler writes it). */
export const problemSchema = named(
  'Problem',
  z
    .looseObject({
      type: z.string().describe('`/docs/problems#<code>`: the code’s entry in the catalogue this service serves'),
      title: z.string().describe('the `code`; in Chinese when the request’s `Accept-Language` prefers `zh`'),
      status: z.int().min(400).max(599),
      code: z.string().describe('stable, dotted error code, e.g. `quorum.not_met`'),
      detail: z.string(),
      instance: z.string().describe('the request path'),
      requestId: z.string().describe('also in the X-Request-Id response header'),
      errors: z.array(fieldErrorSchema).optional().describe('offending fields'),
      rule: z
        .string()
        .optional()
        .describe('the rule the refusal applies, with its source (only when `Accept-Language` prefers `zh`)'),
    })
    .describe('RFC 9457 problem details with a stable `code`'),
);

/**
 * The `type` of a problem: a URI reference this service resolves itself (RFC 9457 §3.1.1; relative to the request),
 * the catalogue at /docs/problems with one anchor per code.
 */
export const problemType = (code: string) => `/docs/problems#${code}`;

/** An error the client can act on, rendered as RFC 9457 problem+json with a stable dotted `code`. */
export class Problem extends Error {
  override name = 'Problem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const problems = {
  validation: (errors: FieldError[]) =>
    new Problem(400, 'request.invalid', errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '), errors),
  unauthenticated: (message = 'a valid bearer token is required') => new Problem(401, 'auth.unauthenticated', message),
  forbidden: (message: string) => new Problem(403, 'auth.forbidden', message),
  notFound: (what: string, id: string) => new Problem(404, `${what}.not_found`, `${what} ${id} does not exist`),
  conflict: (code: string, message: string) => new Problem(409, code, message),
  rule: (code: string, message: string, errors?: FieldError[]) => new Problem(422, code, message, errors),
  unavailable: (message: string) => new Problem(503, 'service.unavailable', message),
};

/** HTTP status of a rule refusal, by its code: the same mapping for every workflow-backed endpoint. */
export function refusalStatus(code: string): number {
  if (code === 'role.forbidden' || code === 'branch.not_own') return 403;
  if (code.endsWith('.not_found')) return 404;
  if (code === 'message.invalid') return 400;
  if (code === 'batch.closed' || code === 'calendar.not_published') return 409;
  return 422;
}

/** The problem+json members every refusal carries (app.ts's error handler and request timeout build them). */
export type ProblemBody = { code: string; status: number; detail: string } & Record<string, unknown>;

/** Whether the caller prefers Chinese: `Accept-Language: zh`, `zh-CN`, `zh-Hans`… ranked above English. */
export const prefersChinese = (req: Request) => req.acceptsLanguages('en', 'zh') === 'zh';

/**
 * Sends a problem as RFC 9457 problem+json. The `title` is the `code`, as clients have always read it; a caller who
 * prefers Chinese gets the code's Chinese title and the `rule` it cites (an extension member), with
 * `Content-Language: zh-CN`. Everything else is the same in both languages.
 */
export function sendProblem(req: Request, res: Response, { code, status, detail, ...rest }: ProblemBody): void {
  const zh = prefersChinese(req) ? problemMessageZh(code) : undefined;
  res.status(status).type('application/problem+json').vary('Accept-Language');
  if (zh) res.setHeader('Content-Language', 'zh-CN');
  res.json({
    type: problemType(code),
    title: zh?.title ?? code,
    status,
    code,
    detail,
    instance: req.originalUrl,
    requestId: req.requestId,
    ...(zh?.rule ? { rule: zh.rule } : {}),
    ...rest,
  });
}
