import type { NextFunction, Request, Response } from 'express';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { roles, type Actor, type Role } from '../domain/roles';
import { problems } from './problem';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    requestId: string;
  }
}

export interface AuthOptions {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Longest lifetime a token may have (AUTH_MAX_TOKEN_LIFETIME); a token without `exp` is refused. */
  maxTokenLifetimeSeconds: number;
}

const claimsSchema = z
  .object({
    sub: z.string().min(1),
    name: z.string().optional(),
    roles: z.array(z.enum(roles)).default([]),
    branchId: z.string().min(1).optional(),
    memberId: z.string().min(1).optional(),
    // The roster person this login is, set by the identity provider; never inferred from `sub`.
    personId: z.string().min(1).max(64).optional(),
  })
  .refine((c) => c.roles.length > 0 || c.personId !== undefined, {
    message: 'a token needs `roles` or a `personId` claim',
    path: ['roles'],
  });

/** A token the API does not accept, with a reason fit for the client (no secret in it). */
export class TokenRejectedError extends Error {
  override name = 'TokenRejectedError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

export type TokenVerifier = (token: string) => Promise<Actor>;

export function createTokenVerifier({
  secret,
  jwksUrl,
  issuer,
  audience,
  maxTokenLifetimeSeconds,
}: AuthOptions): TokenVerifier {
  if (!secret && !jwksUrl) throw new Error('auth needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
  const key: Uint8Array | JWTVerifyGetKey = jwksUrl
    ? createRemoteJWKSet(new URL(jwksUrl))
    : new TextEncoder().encode(secret);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Uint8Array, {
        requiredClaims: ['exp'],
        ...(issuer ? { issuer } : {}),
        ...(audience ? { audience } : {}),
      }));
    } catch (err) {
      throw new TokenRejectedError(joseReason(err));
    }
    // A token's lifetime counts from its issue (or from now, if it states none or a future one).
    const now = Math.floor(Date.now() / 1000);
    const from = Math.min(typeof payload.iat === 'number' ? payload.iat : now, now);
    if (payload.exp! - from > maxTokenLifetimeSeconds)
      throw new TokenRejectedError(
        `its lifetime (exp − iat: ${payload.exp! - from} s) is longer than the ${maxTokenLifetimeSeconds} s allowed`,
      );
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success)
      throw new TokenRejectedError(
        parsed.error.issues.map((i) => `claim ${i.path.join('.') || '(token)'}: ${i.message}`).join('; '),
      );
    const claims = parsed.data;
    return {
      id: claims.sub,
      roles: claims.roles,
      ...(claims.name ? { name: claims.name } : {}),
      ...(claims.branchId ? { branchId: claims.branchId } : {}),
      ...(claims.memberId ? { memberId: claims.memberId } : {}),
      ...(claims.personId ? { personId: claims.personId } : {}),
    };
  };
}

function joseReason(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'it has expired (exp)';
  if (err instanceof errors.JWTClaimValidationFailed)
    return err.reason === 'missing' ? `it has no \`${err.claim}\` claim` : `claim ${err.claim}: ${err.message}`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (err instanceof errors.JOSEError) return `it is not a valid JWT (${err.code})`;
  return 'it could not be verified';
}

/** Sets req.actor from a valid bearer token; without a header the request stays anonymous. */
export function authenticate(verify: TokenVerifier) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw problems.unauthenticated('the Authorization header must be "Bearer <token>"');
    try {
      req.actor = await verify(match[1]);
    } catch (err) {
      throw problems.unauthenticated(
        err instanceof TokenRejectedError
          ? `the bearer token is refused: ${err.reason}`
          : 'the bearer token is invalid or expired',
      );
    }
    next();
  };
}

export function requireRole(...allowed: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const actor = req.actor;
    if (!actor) throw problems.unauthenticated();
    if (!actor.roles.some((r) => allowed.includes(r))) {
      throw problems.forbidden(`this action needs one of the roles ${allowed.join(', ')}`);
    }
    next();
  };
}

export function currentActor(req: Request): Actor {
  if (!req.actor) throw problems.unauthenticated();
  return req.actor;
}
