// Prints a bearer token signed with the configured or the generated dev secret.
//   npm run token -- --role DISCIPLINE_GROUP --sub zhang [--name 张三] [--branch b1] [--member m1] [--ttl 8h]
import { parseArgs } from 'node:util';
import { signToken } from '../runtime/tokens';
import { loadConfig } from '../config/config';
import { roles, type Role } from '../domain/roles';
import { resolveAuth } from '../runtime/dev-secret';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    sub: { type: 'string' },
    name: { type: 'string' },
    branch: { type: 'string' },
    member: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
  },
});
const requested = (values.role ?? []).flatMap((r) => r.split(','));
const unknown = requested.filter((r) => !roles.includes(r as Role));
if (requested.length === 0 || unknown.length > 0 || !values.sub) {
  console.error(
    `usage: npm run token -- --role <${roles.join('|')}> --sub <user id> [--name N] [--branch B] [--member M]`,
  );
  process.exit(2);
}
const auth = resolveAuth(loadConfig());
if (!auth.secret) {
  console.error('tokens come from your identity provider when AUTH_JWKS_URL is set');
  process.exit(2);
}
const token = await signToken(
  auth.secret,
  {
    id: values.sub,
    roles: requested as Role[],
    ...(values.name ? { name: values.name } : {}),
    ...(values.branch ? { branchId: values.branch } : {}),
    ...(values.member ? { memberId: values.member } : {}),
  },
  values.ttl,
);
console.log(token);
