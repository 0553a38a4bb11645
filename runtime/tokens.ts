// Bearer tokens signed with the shared HS256 secret (AUTH_JWT_SECRET or the dev secret): what `npm run token` prints,
// and what the cluster's drill, the demo seed, the fuzzer, the benchmarks and the tests send.
import { SignJWT } from 'jose';
import type { Actor } from '../domain/roles';

/** Always with `iat` and `exp`: the API refuses a token without `exp` or living longer than AUTH_MAX_TOKEN_LIFETIME. */
export function signToken(secret: string, actor: Actor, ttl: string | number = '8h'): Promise<string> {
  return new SignJWT({
    roles: [...actor.roles],
    ...(actor.name ? { name: actor.name } : {}),
    ...(actor.branchId ? { branchId: actor.branchId } : {}),
    ...(actor.memberId ? { memberId: actor.memberId } : {}),
    ...(actor.personId ? { personId: actor.personId } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.id)
    .setIssuedAt()
    .setExpirationTime(typeof ttl === 'number' ? Math.floor(Date.now() / 1000) + ttl : ttl)
    .sign(new TextEncoder().encode(secret));
}
