import type { NextFunction, Request, Response } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
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
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  roles: z.array(z.enum(roles)).min(1),
  branchId: z.string().min(1).optional(),
  memberId: z.string().min(1).optional(),
});

export type TokenVerifier = (token: string) => Promise<Actor>;

export function createTokenVerifier({ secret, jwksUrl, issuer, audience }: AuthOptions): TokenVerifier {
  if (!secret && !jwksUrl) throw new Error('auth needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
  const key: Uint8Array | JWTVerifyGetKey = jwksUrl
    ? createRemoteJWKSet(new URL(jwksUrl))
    : new TextEncoder().encode(secret);
  return async (token) => {
    const { payload } = await jwtVerify(token, key as Uint8Array, {
      ...(issuer ? { issuer } : {}),
      ...(audience ? { audience } : {}),
    });
    const claims = claimsSchema.parse(payload);
    return {
      id: claims.sub,
      roles: claims.roles,
      ...(claims.name ? { name: claims.name } : {}),
      ...(claims.branchId ? { branchId: claims.branchId } : {}),
      ...(claims.memberId ? { memberId: claims.memberId } : {}),
    };
  };
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
    } catch {
      throw problems.unauthenticated('the bearer token is invalid or expired');
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
