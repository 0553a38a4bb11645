// Drives a realistic year of selection work through the running API and Temporal, so the annual report has
// something to show: three selection batches (a veto, an upheld objection, a failed vote, a deferral, a recusal, a
// hold), two rank-promotion batches (ineligible candidates marked, a simplified procedure), all to the end; and the
// year's training sessions (培训班) of every kind, each evaluated once it is over.
//   npm start                      # in another terminal
//   npm run seed:demo [-- --api http://127.0.0.1:3000] [--prefix demo] [--timer-scale 0.00002]
//   npm run report -- --year 2026
// Tokens are signed with the dev secret in DATA_DIR (or AUTH_JWT_SECRET). Timers run scaled (ruleset.timerScale):
// each public notice takes seconds, not a week. Only an API started with ALLOW_SCALED_TIMERS=true accepts that (a
// production API refuses it): `ALLOW_SCALED_TIMERS=true npm start`. Such batches are drills: the annual report lists
// them apart and leaves them out of its figures.
import { parseCli, usageError } from '../runtime/cli';
import { loadConfig } from '../config/config';
import { resolveAuth } from '../runtime/dev-secret';
import { cast, demoContext } from './demo/context';
import { rankOne, rankTwo } from './demo/rank';
import { selectionOne, selectionThree, selectionTwo } from './demo/selection';
import { training, trainingPlan } from './demo/training';

const { values } = parseCli({
  usage: `usage: npm run seed:demo -- [--api URL] [--prefix demo] [--timer-scale 0.00002]
  --api URL            the running API (default: HOST and PORT, as \`npm start\` serves it)
  --prefix P           batch ids start with P (pass another to seed a second set)
  --timer-scale S      legal periods run S times as long: above 0, at most 1`,
  options: {
    api: { type: 'string' },
    prefix: { type: 'string', default: 'demo' },
    'timer-scale': { type: 'string', default: '0.00002' },
  },
});
if (values.api !== undefined && !URL.canParse(values.api)) usageError(`--api "${values.api}" is not a URL`);
// Batch ids are `${prefix}-${year}-s1`: letters, digits, ".", "_" or "-", 64 at most.
if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/.test(values.prefix))
  usageError(`--prefix "${values.prefix}" is invalid: letters, digits, ".", "_" or "-", 50 at most`);
const timerScale = Number(values['timer-scale']);
if (!(timerScale > 0 && timerScale <= 1))
  usageError(`--timer-scale "${values['timer-scale']}" is invalid: a number above 0, at most 1`);

const config = loadConfig();
const servedAt = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
const api = (values.api ?? servedAt).replace(/\/$/, '');
const auth = resolveAuth(config);
if (!auth.secret) {
  console.error('seed:demo signs its own tokens: it needs AUTH_JWT_SECRET or the dev secret (not AUTH_JWKS_URL)');
  process.exit(2);
}
const secret = auth.secret;

const demo = demoContext({ api, secret, prefix: values.prefix, timerScale });
const { year, id } = demo;
const sessions = trainingPlan(year);
const evaluable = sessions.filter((s) => s.endsOn <= demo.today);
const flows = [
  { steps: sessions.length + evaluable.length, run: training },
  { steps: 12, run: selectionOne },
  { steps: 12, run: selectionTwo },
  { steps: 8, run: selectionThree },
  { steps: 10, run: rankOne },
  { steps: 8, run: rankTwo },
];

class ApiError extends Error {}
demo.progress.total = flows.reduce((n, f) => n + f.steps, 0);
console.log(`seeding ${year} through ${api} (timer scale ${timerScale})`);
try {
  await fetch(`${api}/healthz`).catch(() => {
    throw new ApiError(`cannot reach ${api}: is \`npm start\` running? (or pass --api)`);
  });
  const taken = await fetch(`${api}/api/v1/batches/${id('s1')}`, {
    headers: { authorization: `Bearer ${await demo.token(cast.auditor)}` },
  });
  if (taken.status === 200)
    throw new ApiError(`the demo year is already seeded (${id('s1')} exists): pass --prefix to add another set`);
  if (timerScale !== 1) {
    // A body holding nothing but the ruleset starts nothing; the API's answer tells whether it takes scaled timers.
    const probe = await fetch(`${api}/api/v1/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await demo.token(cast.officer)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ruleset: { timerScale } }),
    });
    const answer = (await probe.json().catch(() => ({}))) as { code?: string };
    if (answer.code === 'ruleset.timer_scale_disabled') {
      console.error(
        `${api} refuses scaled timers (ruleset.timerScale), as a production API does. The demo runs each public ` +
          `notice in seconds: start the API with the switch on, then run seed:demo again:\n` +
          `  ALLOW_SCALED_TIMERS=true npm start\n` +
          `  ALLOW_SCALED_TIMERS=true npm run cluster      (then: npm run seed:demo -- --api http://127.0.0.1:3100)`,
      );
      process.exit(2);
    }
  }
  const started = Date.now();
  const results = await Promise.allSettled(flows.map((f) => f.run(demo)));
  if (process.stdout.isTTY) process.stdout.write('\n');
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  for (const f of failed) console.error(`✗ ${f.reason instanceof Error ? f.reason.message : String(f.reason)}`);
  if (failed.length > 0) process.exit(1);
  console.log(
    `seeded ${year} in ${((Date.now() - started) / 1000).toFixed(1)} s: 3 selection batches, 2 rank batches, ` +
      `${sessions.length} training sessions (${evaluable.length} evaluated)`,
  );
  console.log(`  report: npm run report -- --year ${year}   or   GET ${api}/api/v1/reports/annual?year=${year}`);
  console.log('          (its batches ran on scaled timers: the report lists them apart and counts only the training)');
  console.log(`  Word:   npm run report -- --year ${year} --format docx --out report-${year}.docx`);
} catch (err) {
  console.error(err instanceof ApiError ? err.message : err);
  process.exit(1);
}
