import type { Actor } from '../domain/roles';
import { signToken } from '../runtime/tokens';

/** Signs a token for an actor with a shared secret, once per actor. */
export function tokenSigner(secret: string, ttl = '2h') {
  const signed = new Map<string, Promise<string>>();
  return (actor: Actor) => {
    const key = JSON.stringify(actor);
    let jwt = signed.get(key);
    if (!jwt) signed.set(key, (jwt = signToken(secret, actor, ttl)));
    return jwt;
  };
}
