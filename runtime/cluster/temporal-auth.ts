// The Temporal server's own authorization in the local cluster: an ES256 key pair (kept in DATA_DIR/cluster/
// temporal-auth, so tokens outlive a restart), its public half served as a JWKS over HTTP for the server's
// default key provider (global.authorization.jwtKeyProvider.keySourceURIs), and tokens minted with the
// `permissions` claim that the server's default claim mapper reads (`<namespace>:<read|write|admin>`,
// `temporal-system:admin` for the whole cluster). Each process presents its own: workers and APIs `write` on the
// namespace, the launcher `temporal-system:admin` (namespace and search attributes). Without a token granting
// write, `temporal workflow signal` is refused by the server itself.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importPKCS8,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';

export const temporalAuthAlg = 'ES256';
/** The namespace-independent scope of the default claim mapper (primitives.SystemLocalNamespace). */
export const systemScope = 'temporal-system';

export interface TemporalTokenRequest {
  /** Who presents it (the server logs it as the subject). */
  sub: string;
  /** `default:write`, `default:read`, `temporal-system:admin`, … */
  permissions: string[];
  /** Lifetime in seconds. */
  ttlSeconds: number;
}

export interface TemporalAuth {
  /** Where the Temporal server reads the public key. */
  jwksUrl: string;
  keyFile: string;
  token(request: TemporalTokenRequest): Promise<string>;
  stop(): Promise<void>;
}

interface SigningKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

/** The cluster's signing key: loaded from `dir`, or generated there once (private key 0600). */
export async function loadOrCreateSigningKey(dir: string): Promise<SigningKey & { keyFile: string }> {
  mkdirSync(dir, { recursive: true });
  const keyFile = join(dir, 'signing-key.pem');
  let privateKey: CryptoKey;
  if (existsSync(keyFile)) {
    privateKey = await importPKCS8(readFileSync(keyFile, 'utf8'), temporalAuthAlg, { extractable: true });
  } else {
    const pair = await generateKeyPair(temporalAuthAlg, { extractable: true });
    privateKey = pair.privateKey;
    writeFileSync(keyFile, await exportPKCS8(privateKey), { mode: 0o600 });
  }
  const { d: _private, ...publicJwk } = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { privateKey, publicJwk: { ...publicJwk, kid, alg: temporalAuthAlg, use: 'sig' }, kid, keyFile };
}

export function mintTemporalToken(key: SigningKey, { sub, permissions, ttlSeconds }: TemporalTokenRequest) {
  return new SignJWT({ permissions })
    .setProtectedHeader({ alg: temporalAuthAlg, kid: key.kid })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key.privateKey);
}

/** Loads (or creates) the key in `dir` and serves its JWKS on 127.0.0.1 (a free port) until stop(). */
export async function startTemporalAuth(dir: string): Promise<TemporalAuth> {
  const key = await loadOrCreateSigningKey(dir);
  const jwks = JSON.stringify({ keys: [key.publicJwk] });
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    keyFile: key.keyFile,
    token: (request) => mintTemporalToken(key, request),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
