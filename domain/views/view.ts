import { z } from 'zod';

/**
 * The shapes the service answers with, as zod schemas: the repositories return them (typed by `View`) and the
 * OpenAPI document describes them (api/openapi/). A view registered here is one component of the document, by name.
 */
export const views = z.registry<{ id: string }>();

export function named<S extends z.ZodType>(id: string, schema: S): S {
  views.add(schema, { id });
  return schema;
}

/**
 * A view's fields, exactly: without the `[key: string]: unknown` a `z.looseObject` adds (the document keeps it, so
 * clients expect fields to be added; the code that builds a view names each of them).
 */
export type View<S extends z.ZodType> = Closed<z.output<S>>;

type Closed<T> = T extends Date
  ? T
  : T extends readonly (infer E)[]
    ? Closed<E>[]
    : T extends object
      ? { [K in keyof T as string extends K ? (unknown extends T[K] ? never : K) : K]: Closed<T[K]> }
      : T;

/** Each field of T that V does not have becomes `never`, at any depth. */
type Exact<T, V> = unknown extends T
  ? T
  : T extends Date | string | number | boolean | null | undefined
    ? T
    : T extends readonly (infer E)[]
      ? V extends readonly (infer W)[]
        ? Exact<E, W>[]
        : never
      : { [K in keyof T]: K extends keyof NonNullable<V> ? Exact<T[K], NonNullable<V>[K]> : never };

/**
 * `value` as the view `schema` describes, checked at compile time both ways: a field the view promises and `value`
 * lacks, or a field `value` has (spread from a row, say) and the view does not describe, does not typecheck.
 */
export function asView<S extends z.ZodType>(_schema: S) {
  return <T extends View<S>>(value: T & Exact<T, View<S>>): View<S> => value;
}
