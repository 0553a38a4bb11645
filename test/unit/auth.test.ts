import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { createTokenVerifier, TokenRejectedError } from '../../api/auth';
import { loadConfig } from '../../config/config';
import { signToken } from '../../runtime/tokens';

const secret = 'unit-test-secret-that-is-at-least-32-characters';
const key = new TextEncoder().encode(secret);
const hour = 3600;
const verify = createTokenVerifier({ secret, maxTokenLifetimeSeconds: 12 * hour });

/** A token signed with the test secret; `exp` / `iat` in seconds from now, or left out. */
function jwt(claims: Record<string, unknown>, { exp, iat }: { exp?: number; iat?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  let builder = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('login-7');
  if (iat !== undefined) builder = builder.setIssuedAt(now + iat);
  if (exp !== undefined) builder = builder.setExpirationTime(now + exp);
  return builder.sign(key);
}

async function refusal(token: Promise<string>) {
  try {
    await verify(await token);
  } catch (err) {
    return err instanceof TokenRejectedError ? err.reason : `unexpected: ${String(err)}`;
  }
  return 'accepted';
}

describe('auth', () => {
  describe('createTokenVerifier', () => {
    test('when a token has no exp, it is refused', async () => {
      expect(await refusal(jwt({ roles: ['AUDITOR'] }, { iat: 0 }))).toMatch(/exp/);
    });

    test('when a token lives longer than the configured maximum, it is refused', async () => {
      expect(await refusal(jwt({ roles: ['AUDITOR'] }, { iat: 0, exp: 13 * hour }))).toMatch(/lifetime/);
    });

    test('when a token without iat expires beyond the maximum from now, it is refused', async () => {
      expect(await refusal(jwt({ roles: ['AUDITOR'] }, { exp: 13 * hour }))).toMatch(/lifetime/);
    });

    test('when a token is within the maximum lifetime, it is accepted', async () => {
      expect(await refusal(jwt({ roles: ['AUDITOR'] }, { iat: 0, exp: 12 * hour }))).toBe('accepted');
    });

    test('when a token has expired, it is refused', async () => {
      expect(await refusal(jwt({ roles: ['AUDITOR'] }, { iat: -2 * hour, exp: -hour }))).toMatch(/exp/);
    });

    test('when a token carries a personId claim, the actor is that person; sub alone binds no person', async () => {
      const bound = await verify(await jwt({ roles: ['AUDITOR'], personId: 'c6' }, { iat: 0, exp: hour }));
      expect(bound).toEqual({ id: 'login-7', roles: ['AUDITOR'], personId: 'c6' });
      const unbound = await verify(await jwt({ roles: ['AUDITOR'] }, { iat: 0, exp: hour }));
      expect(unbound.personId).toBeUndefined();
    });

    test('when a token names a person and no role, it is accepted with no roles', async () => {
      expect(await verify(await jwt({ personId: 'c6' }, { iat: 0, exp: hour }))).toEqual({
        id: 'login-7',
        roles: [],
        personId: 'c6',
      });
    });

    test('when a token names neither a role nor a person, it is refused', async () => {
      expect(await refusal(jwt({}, { iat: 0, exp: hour }))).toMatch(/roles|personId/);
    });
  });

  describe('signToken', () => {
    test('when it mints a token with its default lifetime, the default configuration accepts it', async () => {
      const { authMaxTokenLifetime } = loadConfig({});
      const token = await signToken(secret, { id: 'li', roles: ['ORG_OFFICER'], personId: 'p-li' });
      const claims = decodeJwt(token);
      expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(authMaxTokenLifetime);
      await expect(
        createTokenVerifier({ secret, maxTokenLifetimeSeconds: authMaxTokenLifetime })(token),
      ).resolves.toMatchObject({ id: 'li', personId: 'p-li' });
    });
  });

  describe('npm run token', () => {
    const run = promisify(execFile);
    const token = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', join('bin', 'token.ts'), ...args], {
        env: {
          ...process.env,
          AUTH_JWT_SECRET: secret,
          AUTH_JWKS_URL: '',
          DATA_DIR: mkdtempSync(join(tmpdir(), 'tok-')),
        },
      });

    test('when asked for a lifetime above AUTH_MAX_TOKEN_LIFETIME, it refuses with exit code 2', async () => {
      const failed = await token(['--role', 'AUDITOR', '--sub', 'a', '--ttl', '30d']).then(
        () => undefined,
        (err: { code?: number; stderr?: string }) => err,
      );
      expect(failed?.code).toBe(2);
      expect(failed?.stderr).toMatch(/AUTH_MAX_TOKEN_LIFETIME/);
    }, 30_000);

    test('when asked for a person, the token carries the personId claim and an exp', async () => {
      const { stdout } = await token(['--person', 'c6', '--sub', 'login-7']);
      const claims = decodeJwt(stdout.trim());
      expect(claims).toMatchObject({ sub: 'login-7', personId: 'c6', roles: [] });
      expect(typeof claims.exp).toBe('number');
    }, 30_000);
  });
});
