import type { z } from 'zod';
import { nulPath } from '../domain/text';
import { problems } from './problem';

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const nul = nulPath(value);
  if (nul !== undefined) throw problems.validation([{ path: nul, message: 'text may not contain U+0000' }]);
  const result = schema.safeParse(value);
  if (!result.success) {
    throw problems.validation(
      result.error.issues.map((i) => ({
        path: i.path.map(String).join('.') || unrecognizedPath(i),
        message: i.message,
      })),
    );
  }
  return result.data;
}

function unrecognizedPath(issue: z.core.$ZodIssue): string {
  return issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '';
}
