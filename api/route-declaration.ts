import type { RequestHandler, Router } from 'express';
import type { RouteParameters } from 'express-serve-static-core';
import type { z } from 'zod';
import { guard, type Access } from './guard';

export type Method = 'get' | 'post' | 'put' | 'delete';
/** Where the route's router is mounted: the API (behind authentication), or the server's root. */
export type Base = '/api/v1' | '' | '/codec';
export type JsonSchema = Record<string, unknown>;
/** A body: a view of domain/views (or a union of views), a request schema, or a JSON Schema (text, a file). */
export type Body = z.ZodType | JsonSchema;

/**
 * A route, declared once beside its handler: `mount` serves it with its guard, api/access.ts lists its access in
 * the role matrix, and api/openapi/ documents it.
 */
export interface RouteDeclaration<P extends string = string, M extends Method = Method, B extends Base = Base> {
  method: M;
  base: B;
  /** Express path under `base`. */
  path: P;
  access: Access;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Path parameters, described (a handler that uses one as data parses it with this schema). */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The JSON body, under the name the document gives it. */
  body?: { name: string; schema: z.ZodType };
  success: { status: number; description: string; content: Record<string, Body>; headers?: Record<string, JsonSchema> };
  /** Refusal codes by status, besides those every route of its kind may answer (api/openapi/operation.ts). */
  errors: Partial<Record<number, readonly string[]>>;
  /** Answers that are not problems: a second success, or /readyz's 503. */
  otherResponses?: Record<number, { description: string; content: Record<string, Body> }>;
  /** A page for people (this reference), not an operation of the API. */
  page?: true;
}

export function declareRoute<const P extends string, const M extends Method, const B extends Base>(
  route: RouteDeclaration<P, M, B>,
): RouteDeclaration<P, M, B> {
  return route;
}

/** `METHOD /path`, as the role matrix keys a route of the API. */
export type Endpoint<R> = R extends RouteDeclaration<infer P, infer M, '/api/v1'> ? `${Uppercase<M>} ${P}` : never;

/** The access of each route of the API (under /api/v1), keyed as the role matrix keys it. */
export function accessOf<const R extends RouteDeclaration>(routes: readonly R[]): Record<Endpoint<R>, Access> {
  return Object.fromEntries(
    routes.filter((r) => r.base === '/api/v1').map((r) => [`${r.method.toUpperCase()} ${r.path}`, r.access]),
  ) as Record<Endpoint<R>, Access>;
}

/** Serves a declared route on `router`, behind the guard of its access. */
export function mount<P extends string>(
  router: Router,
  route: RouteDeclaration<P>,
  ...handlers: RequestHandler<RouteParameters<P>>[]
): void {
  router[route.method](route.path, guard(route.access), ...(handlers as RequestHandler[]));
}
