import type { z } from 'zod';
import { hasRole, type Actor, type Role } from '../roles';

/** Why a command was not applied: a stable code, a sentence, and the fields at fault where there are some. */
export interface Refusal {
  code: string;
  message: string;
  errors?: { path: string; message: string }[];
}

export const refuse = (code: string, message: string, errors?: Refusal['errors']): Refusal => ({
  code,
  message,
  ...(errors ? { errors } : {}),
});

export const isRefusal = (v: unknown): v is Refusal =>
  typeof v === 'object' && v !== null && 'code' in v && 'message' in v;

export function needRole(actor: Actor | undefined, allowed: readonly Role[], what: string): Refusal | undefined {
  if (!actor || !hasRole(actor, ...allowed))
    return refuse('role.forbidden', `${what} needs one of ${allowed.join(', ')}`);
  return undefined;
}

/** A schema's issues as refusal errors, with dotted paths (`prefix.` first). */
export function issues(error: z.ZodError, prefix?: string) {
  return error.issues.map((i) => ({
    path:
      [prefix, ...i.path.map(String)].filter(Boolean).join('.') ||
      (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''),
    message: i.message,
  }));
}
