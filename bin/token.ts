// Prints a bearer token signed with the configured or the generated dev secret.
//   npm run token -- --role DISCIPLINE_GROUP --sub zhang [--name 张三] [--branch b1] [--member m1] [--person c6] [--ttl 8h]
// --person binds the token to a roster person (the `personId` claim): a candidate withdrawing their own candidacy.
import { parseCli, usageError } from '../runtime/cli';
import { signToken } from '../runtime/tokens';
import { durationSeconds, loadConfig } from '../config/config';
import { roles, type Role } from '../domain/roles';
import { resolveAuth } from '../runtime/dev-secret';

const { values } = parseCli({
  usage: `usage: npm run token -- --role ROLE[,ROLE…] --sub USER [--name N] [--branch B] [--member M] [--person P] [--ttl 8h]
  --role ROLE   repeat it or separate by commas; one of
                ${roles.join(', ')}
                (may be left out with --person: a person without an office role)
  --sub USER    the user id
  --person P    the roster person the token stands for (the personId claim)
  --ttl T       how long the token holds: 30m, 8h, 2d… (default 8h, at most AUTH_MAX_TOKEN_LIFETIME)`,
  options: {
    role: { type: 'string', multiple: true },
    sub: { type: 'string' },
    name: { type: 'string' },
    branch: { type: 'string' },
    member: { type: 'string' },
    person: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
  },
});
const requested = (values.role ?? []).flatMap((r) => r.split(','));
const unknown = requested.filter((r) => !roles.includes(r as Role));
if (requested.length === 0 && !values.person) usageError('--role is missing (or --person, for a person without one)');
if (unknown.length > 0) usageError(`unknown role(s) ${unknown.join(', ')}`);
if (!values.sub) usageError('--sub is missing');
const config = loadConfig();
const ttl = durationSeconds.safeParse(values.ttl);
if (!ttl.success) usageError(`--ttl "${values.ttl}" is invalid: ${ttl.error.issues[0]?.message}`);
if (ttl.data > config.authMaxTokenLifetime)
  usageError(
    `--ttl ${values.ttl} is longer than AUTH_MAX_TOKEN_LIFETIME (${config.authMaxTokenLifetime} s), which the API refuses`,
  );
const auth = resolveAuth(config);
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
    ...(values.person ? { personId: values.person } : {}),
  },
  ttl.data,
);
console.log(token);
