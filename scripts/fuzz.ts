// Fuzzes the live API with schemathesis (PyPI) from its own OpenAPI document:
//   npm run fuzz -- [--max-examples N] [--workers N] [--role ROLE ...] [--seed N] [-- <schemathesis args>]
// Starts the product as `npm start` does (bin/dev.ts: embedded PostgreSQL, Temporal dev server, worker, API) on a
// temporary DATA_DIR and free ports, seeds batches, then runs schemathesis with a valid token. Fails on any 5xx, any
// response that does not match the document (schema, status code, content type), or a run error.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../runtime/tokens';
import { roles, type Actor, type Role } from '../domain/roles';
import { freePort } from '../runtime/ports';
import { projectRoot } from '../runtime/tools';
import { integerArg, parseCli, usageError } from '../runtime/cli';
import {
  allChecks,
  ballots,
  batchBody,
  cast as testkitCast,
  httpClient,
  meeting,
  partyGroup,
  positions,
  rankBatchBody,
  tokenSigner,
  type Cast,
} from '../testkit';

const { values: args, positionals: passThrough } = parseCli({
  usage: `usage: npm run fuzz -- [--max-examples N] [--workers N] [--role ROLE ...] [--seed N] [--report-dir DIR] [-- <schemathesis args>]
  --max-examples N   examples per operation (default 50)
  --workers N        schemathesis workers (default 1)
  --role ROLE        the token's roles (default: all of them): ${roles.join(', ')}
  --seed N           hypothesis seed, to replay a run
  --report-dir DIR   where the reports go (default test-results/fuzz)
Arguments after -- go to \`schemathesis run\` as they are.`,
  allowPositionals: true,
  options: {
    'max-examples': { type: 'string', default: '50' },
    // One worker by default: with several, hypothesis (Python 3.11) can crash in ast parsing (a tool race, not the API).
    workers: { type: 'string', default: '1' },
    role: { type: 'string', multiple: true },
    seed: { type: 'string' },
    'report-dir': { type: 'string', default: join(projectRoot, 'test-results', 'fuzz') },
  },
});
integerArg('--max-examples', args['max-examples'], { min: 1 });
integerArg('--workers', args.workers, { min: 1, max: 64 });
if (args.seed !== undefined) integerArg('--seed', args.seed, { min: 0 });
const tokenRoles = (args.role ?? [...roles]).flatMap((r) => r.split(',')) as Role[];
const unknownRoles = tokenRoles.filter((r) => !roles.includes(r));
if (unknownRoles.length) usageError(`unknown role(s) ${unknownRoles.join(', ')}`);

const checks = [
  'not_a_server_error',
  'response_schema_conformance',
  'status_code_conformance',
  'content_type_conformance',
];
const schemathesis = join(projectRoot, '.tools', 'venv', 'bin', 'schemathesis');
const reportDir = args['report-dir'];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const log = (line: string) => process.stdout.write(`[fuzz] ${line}\n`);

function ensureSchemathesis() {
  if (existsSync(schemathesis)) return;
  log('installing schemathesis into .tools/venv');
  const run = spawnSync(process.execPath, ['scripts/install-tools.mjs', '--with', 'schemathesis'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (run.status !== 0 || !existsSync(schemathesis)) throw new Error('could not install schemathesis');
}

interface Stack {
  url: string;
  secret: string;
  stop(): Promise<void>;
}

/** The product as `npm start` runs it, on its own data folder and ports. */
async function startProduct(): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xuanren-fuzz-'));
  const secret = randomBytes(32).toString('hex');
  const [port, pgPort, temporalPort, uiPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const output = createWriteStream(join(reportDir, 'server.log'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bin/dev.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      AUTH_JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(output);
  child.stderr!.pipe(output);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the product did not become ready; see ${join(reportDir, 'server.log')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    secret,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      output.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function mint(secret: string, sub: string, tokenRoles: Role[], claims: Omit<Actor, 'id' | 'roles'> = {}) {
  return signToken(secret, { id: sub, roles: tokenRoles, ...claims }, '4h');
}

const threeMembers = partyGroup(['m1', 'm2', 'm3']);
const batchPlan = (id: string) =>
  batchBody(id, {
    title: '模糊测试批次',
    positions: [positions.office],
    candidates: [
      { personId: 'c1', name: '王一', branchId: 'b1', positionId: 'p1' },
      { personId: 'c2', name: '李二', branchId: 'b2', positionId: 'p1' },
    ],
    partyGroup: threeMembers,
  });
const rankPlan = (id: string) => ({
  ...rankBatchBody({
    title: '模糊测试职级晋升',
    orgUnit: 'HQ',
    candidates: rankBatchBody().candidates.slice(0, 1),
    partyGroup: threeMembers,
    relations: [],
  }),
  id,
});

/** One batch waiting for opinions, one driven to its public notice (objections, holds and extensions apply there). */
async function seed(url: string, secret: string) {
  const cast: Cast = {
    ...testkitCast,
    officer: { id: 'fuzz-officer', roles: ['ORG_OFFICER', 'ORG_HEAD'] },
    secretary: { id: 'fuzz-secretary', roles: ['PARTY_GROUP_SECRETARY'], memberId: 'm1' },
    discipline: { id: 'fuzz-discipline', roles: ['DISCIPLINE_GROUP'] },
    branchSecretary: (branchId) => ({ id: 'fuzz-branch', roles: ['BRANCH_SECRETARY'], branchId }),
  };
  const http = httpClient({ urls: url, token: tokenSigner(secret, '4h') });
  const ids = { inspecting: 'fuzz-inspecting', publicity: 'fuzz-publicity', rank: 'fuzz-rank' };
  for (const id of [ids.inspecting, ids.publicity]) {
    const res = await http.request('POST', '/api/v1/batches', { actor: cast.officer, body: batchPlan(id) });
    if (res.status !== 201) throw new Error(`seeding batch ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const base = `/api/v1/batches/${ids.publicity}`;
  const steps: [Actor, string, unknown][] = [
    [cast.officer, `${base}/candidates/c2/withdrawal`, { reason: '本人申请', initiator: 'ORG_HEAD' }],
    ...allChecks('c1', 'b1', cast).map(
      ({ actor, personId: _p, ...check }) => [actor, `${base}/candidates/c1/checks`, check] as [Actor, string, unknown],
    ),
    [
      cast.secretary,
      `${base}/meetings`,
      meeting('fuzz-meeting', [ballots('c1', { members: ['m1', 'm2', 'm3'] })], { members: ['m1', 'm2', 'm3'] }),
    ],
  ];
  for (const [actor, path, body] of steps) {
    const res = await http.request('POST', path, { actor, body });
    if (res.status >= 300) log(`seed step POST ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
  }
  let stage = '';
  for (let i = 0; i < 40 && stage !== 'PUBLICITY'; i++) {
    stage = (await http.request('GET', base, { actor: cast.officer })).body.stage;
    if (stage !== 'PUBLICITY') await new Promise((r) => setTimeout(r, 250));
  }
  log(`seeded batches ${ids.inspecting} (INSPECTING) and ${ids.publicity} (${stage})`);
  const rank = await http.request('POST', '/api/v1/rank-batches', { actor: cast.officer, body: rankPlan(ids.rank) });
  if (rank.status === 201) log(`seeded rank batch ${ids.rank}`);
  else log(`seeding rank batch ${ids.rank} answered ${rank.status} ${JSON.stringify(rank.body).slice(0, 300)}`);
  return ids;
}

/** The document as the API serves it; built here when api/app.ts does not mount it yet. */
async function openApiDocument(url: string): Promise<Json> {
  const res = await fetch(`${url}/api/v1/openapi.json`);
  if (res.ok) return (await res.json()) as Json;
  log(`GET /api/v1/openapi.json answered ${res.status}: using buildOpenApiDocument() (mount openApiRoutes in app.ts)`);
  const { buildOpenApiDocument } = await import('../api/openapi');
  return buildOpenApiDocument();
}

/** Operations the running app does not route (404 route.not_found): left out of the run, and reported. */
async function unrouted(url: string, token: string, doc: Json): Promise<string[]> {
  const missing: string[] = [];
  const http = httpClient({ urls: url });
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const method of Object.keys(item as Json)) {
      const concrete = path.replace(/\{[^}]+\}/g, 'fuzz-probe');
      // An empty JSON object: refused by validation before any workflow is touched.
      const res = await http.request(method.toUpperCase(), concrete, {
        token,
        body: method === 'get' ? undefined : {},
      });
      if (res.status === 404 && typeof res.body === 'object' && res.body.code === 'route.not_found')
        missing.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return missing;
}

function operationIdOf(doc: Json, endpoint: string): string {
  const [method, path] = endpoint.split(' ') as [string, string];
  return doc.paths[path][method.toLowerCase()].operationId as string;
}

/** Examples that point the explicit-examples phase at the seeded batches. */
type Seeded = Awaited<ReturnType<typeof seed>>;

function withSeedExamples(doc: Json, ids: Seeded): Json {
  const copy = structuredClone(doc);
  for (const [path, item] of Object.entries(copy.paths as Json))
    for (const op of Object.values(item as Json) as Json[])
      for (const p of (op.parameters ?? []) as Json[]) {
        const rank = path.startsWith('/api/v1/rank-batches/');
        if (p.in !== 'path' || (!rank && !path.startsWith('/api/v1/batches/'))) continue;
        if (p.name === 'id')
          p.examples = rank
            ? { rank: { value: ids.rank } }
            : { publicity: { value: ids.publicity }, inspecting: { value: ids.inspecting } };
        if (p.name === 'personId') p.examples = { candidate: { value: rank ? 'r1' : 'c1' } };
      }
  return copy;
}

interface Totals {
  operations: number;
  requests: number;
  serverErrors: number;
  schemaViolations: number;
  statusViolations: number;
  contentTypeViolations: number;
  failures: number;
  errors: number;
}

/** Counts from the run's NDJSON event stream: every interaction recorded, every failed check. */
function totalsFrom(ndjson: string): { totals: Totals; failures: string[] } {
  const totals: Totals = {
    operations: 0,
    requests: 0,
    serverErrors: 0,
    schemaViolations: 0,
    statusViolations: 0,
    contentTypeViolations: 0,
    failures: 0,
    errors: 0,
  };
  const failures = new Map<string, number>();
  const operations = new Set<string>();
  const cases = new Set<string>();
  const failed = new Set<string>();
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Json;
    const scenario = event.ScenarioFinished as Json | undefined;
    if (scenario) {
      const label = (scenario.label ?? scenario.recorder?.label) as string;
      if (/^[A-Z]+ \//.test(label)) operations.add(label);
      // A failure is replayed in a final scenario to confirm it: count each test case once.
      for (const id of Object.keys((scenario.recorder?.interactions ?? {}) as Json)) cases.add(id);
      for (const [caseId, caseChecks] of Object.entries((scenario.recorder?.checks ?? {}) as Json))
        for (const check of caseChecks as Json[]) {
          if (check.status !== 'failure') continue;
          const key = `${caseId} ${check.name}`;
          if (failed.has(key)) continue;
          failed.add(key);
          totals.failures++;
          if (check.name === 'not_a_server_error') totals.serverErrors++;
          if (check.name === 'response_schema_conformance') totals.schemaViolations++;
          if (check.name === 'status_code_conformance') totals.statusViolations++;
          if (check.name === 'content_type_conformance') totals.contentTypeViolations++;
          const title = `${label}: ${check.name}: ${check.failure_info?.failure?.title ?? ''}`;
          failures.set(title, (failures.get(title) ?? 0) + 1);
        }
    }
    if (event.NonFatalError || event.FatalError) totals.errors++;
  }
  totals.requests = cases.size;
  totals.operations = operations.size;
  return { totals, failures: [...failures].map(([title, n]) => `${n} × ${title}`) };
}

/** The same document with path parameters pinned to the seeded batches: generated bodies reach the workflows. */
function pinnedToSeed(doc: Json, ids: Seeded): { doc: Json; operationIds: string[] } {
  const copy = structuredClone(doc);
  const operationIds: string[] = [];
  for (const [path, item] of Object.entries(copy.paths as Json))
    for (const op of Object.values(item as Json) as Json[]) {
      const rank = path.startsWith('/api/v1/rank-batches/');
      if (!rank && !path.startsWith('/api/v1/batches/')) continue;
      const params = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'path');
      if (!params.some((p) => p.name === 'id')) continue;
      operationIds.push(op.operationId as string);
      for (const p of params) {
        if (p.name === 'id') p.schema = { type: 'string', enum: rank ? [ids.rank] : [ids.publicity, ids.inspecting] };
        if (p.name === 'personId') p.schema = { type: 'string', enum: rank ? ['r1'] : ['c1', 'c2'] };
        delete p.examples;
      }
    }
  return { doc: copy, operationIds };
}

interface Pass {
  name: string;
  doc: Json;
  /** Operation ids to run; all when undefined. */
  only?: string[];
  exclude: string[];
}

function runPass(pass: Pass, url: string, token: string) {
  const dir = join(reportDir, pass.name);
  mkdirSync(dir, { recursive: true });
  const schemaFile = join(dir, 'openapi.json');
  writeFileSync(schemaFile, JSON.stringify(pass.doc, null, 2));
  const ndjsonFile = join(dir, 'events.ndjson');
  rmSync(ndjsonFile, { force: true });
  const stArgs = [
    'run',
    schemaFile,
    '--url',
    url,
    '--checks',
    checks.join(','),
    '--header',
    `Authorization: Bearer ${token}`,
    '--max-examples',
    args['max-examples'],
    '--workers',
    args.workers,
    '--request-timeout',
    '30',
    '--report',
    'junit,ndjson',
    '--report-dir',
    dir,
    '--report-ndjson-path',
    ndjsonFile,
    '--generation-database',
    'none',
    '--no-color',
    ...(args.seed ? ['--seed', args.seed] : []),
    ...(pass.only ?? []).flatMap((id) => ['--include-operation-id', id]),
    ...pass.exclude.flatMap((id) => ['--exclude-operation-id', id]),
    ...passThrough,
  ];
  log(
    `pass "${pass.name}": schemathesis ${stArgs.map((a) => (a.startsWith('Authorization') ? '"Authorization: Bearer …"' : a)).join(' ')}`,
  );
  // schemathesis keeps its failure cache (for `st replay`) in .schemathesis/ of its working directory: the report's.
  const run = spawnSync(schemathesis, stArgs, { cwd: dir, stdio: 'inherit', env: process.env });
  return { status: run.status, ...totalsFrom(existsSync(ndjsonFile) ? readFileSync(ndjsonFile, 'utf8') : '') };
}

async function main() {
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  ensureSchemathesis();
  log('starting the product (embedded PostgreSQL, Temporal dev server, worker, API)');
  const stack = await startProduct();
  let code = 1;
  try {
    log(`API ready at ${stack.url}`);
    const token = await mint(stack.secret, 'fuzz', tokenRoles, { memberId: 'm1', branchId: 'b1', name: '模糊测试' });
    const ids = await seed(stack.url, stack.secret);
    const doc = await openApiDocument(stack.url);
    const excluded = (await unrouted(stack.url, token, doc)).map((e) => operationIdOf(doc, e));
    if (excluded.length) log(`not routed by the app, left out: ${excluded.join(', ')}`);
    const pinned = pinnedToSeed(doc, ids);
    const cancellations = ['cancelBatch', 'rankCancelBatch'];
    const passes: Pass[] = [
      // The batch operations on the seeded batches first, so generated bodies reach the workflows' rules (a
      // cancellation would close them at once: it runs in the next pass).
      {
        name: 'seeded',
        doc: pinned.doc,
        only: pinned.operationIds.filter((id) => !excluded.includes(id) && !cancellations.includes(id)),
        exclude: [],
      },
      // Every operation, any path parameter (the seeded batches as explicit examples).
      { name: 'open', doc: withSeedExamples(doc, ids), exclude: excluded },
    ];
    const results = passes.map((pass) => ({ pass: pass.name, ...runPass(pass, stack.url, token) }));
    const sum = (key: keyof Totals) => results.reduce((n, r) => n + r.totals[key], 0);
    log('totals (both passes)');
    for (const r of results)
      log(
        `  pass ${r.pass}: ${r.totals.operations} operations, ${r.totals.requests} requests, ${r.totals.failures} failures`,
      );
    log(`  requests made           ${sum('requests')}`);
    log(`  server errors (5xx)     ${sum('serverErrors')}`);
    log(`  schema violations       ${sum('schemaViolations')}`);
    log(`  undocumented statuses   ${sum('statusViolations')}`);
    log(`  content-type mismatches ${sum('contentTypeViolations')}`);
    log(`  run errors              ${sum('errors')}`);
    for (const r of results) for (const f of r.failures) log(`  ✗ [${r.pass}] ${f}`);
    if (excluded.length) log(`  not fuzzed (not routed by the app): ${excluded.join(', ')}`);
    log(
      `reports: ${reportDir}/<pass>/ (junit, events.ndjson, openapi.json), server log: ${join(reportDir, 'server.log')}`,
    );
    const clean = results.every((r) => r.status === 0) && sum('failures') === 0 && sum('errors') === 0;
    code = clean ? 0 : 1;
  } finally {
    await stack.stop();
  }
  process.exit(code);
}

await main();
