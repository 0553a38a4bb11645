// Prints a bearer token signed with the configured or the generated dev secret.
//   npm run token -- --role DISCIPLINE_GROUP --sub zhang [--name 张三] [--branch b1] [--member m1] [--ttl 8h]
import { parseCli, usageError } from '../runtime/cli';
import { signToken } from '../runtime/tokens';
import { loadConfig } from '../config/config';
import { roles, type Role } from '../domain/roles';
import { resolveAuth } from '../runtime/dev-secret';

const { values } = parseCli({
  usage: `usage: npm run token -- --role ROLE[,ROLE…] --sub USER [--name N] [--branch B] [--member M] [--ttl 8h]
  --role ROLE   repeat it or separate by commas; one of
                ${roles.join(', ')}
  --sub USER    the user id
  --ttl T       how long the token holds: 30m, 8h, 2d… (default 8h)`,
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
if (requested.length === 0) usageError('--role is missing');
if (unknown.length > 0) usageError(`unknown role(s) ${unknown.join(', ')}`);
if (!values.sub) usageError('--sub is missing');
// The durations jose's setExpirationTime takes, positive ones only.
if (
  !/^\d+(\.\d+)? ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)$/i.test(values.ttl)
)
  usageError(`--ttl "${values.ttl}" is invalid: a duration such as 30m, 8h or 2d`);
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
