import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { accessMatrix, type Access, type Endpoint } from '../../api/access';
import { roles, type Role } from '../../domain/roles';
import { startStack, token, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const concrete = (path: string) =>
  `/api/v1${path
    .replace(':id', 'matrix-missing')
    .replace(':personId', 'c1')
    .replace(':objectionId', 'o1')
    .replace(':holdId', 'h1')
    .replace(':year', '2099')}${path === '/calendar/working-days' ? '?from=2026-03-02&days=5' : ''}`;

const cases = (Object.entries(accessMatrix) as [Endpoint, Access][]).flatMap(([endpoint, access]) =>
  [...roles, 'anonymous' as const].map((who) => ({ endpoint, access, who })),
);

describe('role matrix (api/access.ts)', () => {
  test.each(cases)('$endpoint as $who', async ({ endpoint, access, who }) => {
    const [method, path] = endpoint.split(' ') as [string, string];
    const res = await stack.request(method, concrete(path), {
      ...(who === 'anonymous' ? {} : { token: await token(who as Role, { sub: `matrix-${who}` }) }),
      ...(method === 'GET' ? {} : { body: {} }),
    });
    const allowed =
      access === 'public' ||
      (access === 'authenticated' ? who !== 'anonymous' : (access as readonly string[]).includes(who));
    if (allowed) {
      expect([401, 403], `${endpoint} should admit ${who}`).not.toContain(res.status);
    } else {
      expect(res.status).toBe(who === 'anonymous' ? 401 : 403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
  });
});
