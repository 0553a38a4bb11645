import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/config';
import type { AuthOptions } from '../api/auth';

/** Production: a JWKS URL or a configured secret. Development: a secret generated once into DATA_DIR. */
export function resolveAuth(config: Config): AuthOptions & { devSecretFile?: string } {
  const common = {
    maxTokenLifetimeSeconds: config.authMaxTokenLifetime,
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  };
  if (config.jwksUrl) return { jwksUrl: config.jwksUrl, ...common };
  if (config.jwtSecret) return { secret: config.jwtSecret, ...common };
  const file = join(resolve(config.dataDir), 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(resolve(config.dataDir), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return { secret: readFileSync(file, 'utf8').trim(), devSecretFile: file, ...common };
}
