// Fault-test harness: the real local cluster of `npm run cluster` (runtime/cluster), started on free ports in a
// temporary folder, plus an HTTP client that drives selection batches through the API the way a careful client does
// (Idempotency-Key on every POST, retry on 503 / connection errors), and checks that compare the read model in
// PostgreSQL with each workflow's own state.
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../../runtime/tokens';
import { Client } from '@temporalio/client';
import { expect } from 'vitest';
import { connectDatabase, type Database } from '../../db/client';
import type { Role } from '../../domain/roles';
import { startCluster, type Cluster } from '../../runtime/cluster/cluster';
import { serverPortCount } from '../../runtime/cluster/temporal-server';
import { projectRoot } from '../../runtime/tools';
import { testDataConverter, testPayloadKeys } from '../helpers/temporal-env';
import { allChecks, today } from '../helpers/workflow-actors';

export const faultSecret = 'fault-tests-secret-at-least-32-characters';

export interface TokenActor {
  id: string;
  roles: readonly Role[];
  branchId?: string;
  memberId?: string;
}

export function token(actor: TokenActor) {
  return signToken(faultSecret, { ...actor, roles: [...actor.roles] }, '2h');
}

export const actors = {
  officer: { id: 'officer-li', roles: ['ORG_OFFICER'] },
  head: { id: 'head-wang', roles: ['ORG_HEAD'] },
  auditor: { id: 'auditor', roles: ['AUDITOR'] },
  discipline: { id: 'discipline-zhao', roles: ['DISCIPLINE_GROUP'] },
  secretary: { id: 'm1', roles: ['PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'], memberId: 'm1' },
} satisfies Record<string, TokenActor>;

/** `count` consecutive TCP ports, all free a moment ago, from a random start. */
export async function freePortBlock(count: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below 32768: Temporal keeps membership ports in a smallint column.
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    let ok = true;
    for (let p = base; p < base + count && ok; p++) ok = await free(p);
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports`);
}

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  contentType: string;
  headers: Headers;
  ms: number;
  /** Set when no HTTP answer came (connection refused, or nothing within the client's own timeout). */
  error?: string;
}

/** What the API must never do: answer 500, or not answer. Collected with the endpoint, reported at the end. */
export interface Anomaly {
  endpoint: string;
  status: number;
  ms: number;
  detail: string;
  at: string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FaultCluster {
  cluster: Cluster;
  db: Database;
  temporal: Client;
  anomalies: Anomaly[];
  request(
    method: string,
    path: string,
    opts?: { actor?: TokenActor; body?: unknown; headers?: Record<string, string>; api?: number; timeoutMs?: number },
  ): Promise<Reply>;
  stop(): Promise<void>;
}

/** Starts the cluster (2 workers and `apis` APIs by default) on free ports in a temporary folder. */
export async function startFaultCluster({
  name,
  workers = 2,
  apis = 2,
  separateTemporalPostgres = false,
  requestTimeoutMs = 10_000,
}: {
  /** Names the folder the logs are copied to: test-results/faults/<name>. */
  name: string;
  workers?: number;
  apis?: number;
  separateTemporalPostgres?: boolean;
  requestTimeoutMs?: number;
}): Promise<FaultCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'xuanren-faults-'));
  const base = await freePortBlock(20);
  // Temporal takes base … base+11 (serverPortCount), PostgreSQL the next one or two, the APIs the rest.
  const started = Date.now();
  const say = (line: string) => console.log(`[cluster ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
  let cluster: Cluster;
  try {
    cluster = await startCluster({
      dir,
      workers,
      apis,
      temporalPort: base,
      postgresPort: base + serverPortCount,
      apiPort: base + serverPortCount + 2,
      separateTemporalPostgres,
      namespace: 'default',
      taskQueue: 'xuanren',
      workerMetricsPort: 0,
      temporalLogLevel: 'warn',
      env: {
        AUTH_JWT_SECRET: faultSecret,
        TEMPORAL_PAYLOAD_KEYS: testPayloadKeys,
        // The scenarios run public notices in seconds (ruleset.timerScale).
        ALLOW_SCALED_TIMERS: 'true',
        LOG_LEVEL: 'info',
        REQUEST_TIMEOUT_MS: String(requestTimeoutMs),
        TZ: 'Asia/Shanghai',
      },
      log: say,
    });
  } catch (err) {
    keepLogs(dir, name);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  say(`ready: ${JSON.stringify(cluster.timings)}`);
  const db = connectDatabase(cluster.databaseUrl, { max: 2 });
  // The test's own client: cluster admin on the server's authorizer, like the launcher.
  const connection = await cluster.connectTemporal();
  const temporal = new Client({ connection, namespace: cluster.namespace, dataConverter: testDataConverter() });
  const anomalies: Anomaly[] = [];
  let next = 0;

  const request: FaultCluster['request'] = async (method, path, opts = {}) => {
    const api = opts.api ?? next++ % cluster.apiUrls.length;
    const url = `${cluster.apiUrls[api]}${path}`;
    const t0 = Date.now();
    const headers: Record<string, string> = {
      ...(opts.actor ? { authorization: `Bearer ${await token(opts.actor)}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    };
    let reply: Reply;
    try {
      const res = await fetch(url, {
        method,
        headers,
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
      });
      const text = await res.text();
      const contentType = res.headers.get('content-type') ?? '';
      reply = {
        status: res.status,
        body: text && contentType.includes('json') ? JSON.parse(text) : text,
        contentType,
        headers: res.headers,
        ms: Date.now() - t0,
      };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      reply = {
        status: 0,
        body: undefined,
        contentType: '',
        headers: new Headers(),
        ms: Date.now() - t0,
        error: e.name === 'TimeoutError' ? 'no answer (client timeout)' : (e.cause?.code ?? e.message),
      };
    }
    const hung = reply.status === 0 && reply.error === 'no answer (client timeout)';
    if (reply.status >= 500 && reply.status !== 503) record(reply);
    // A readiness probe answers its own JSON status; everything else answers problem+json.
    else if (
      reply.status === 503 &&
      !/^\/(readyz|healthz)$/.test(path) &&
      !reply.contentType.includes('application/problem+json')
    )
      record(reply);
    else if (hung) record(reply);
    return reply;

    function record(r: Reply) {
      anomalies.push({
        endpoint: `${method} ${path} (api-${api + 1})`,
        status: r.status,
        ms: r.ms,
        detail: r.error ?? JSON.stringify(r.body).slice(0, 500),
        at: new Date().toISOString(),
      });
    }
  };

  return {
    cluster,
    db,
    temporal,
    anomalies,
    request,
    async stop() {
      await connection.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      await cluster.stop();
      keepLogs(dir, name);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Logs outlive the temporary folder: test-results/faults/<name>/. */
function keepLogs(dir: string, name: string) {
  const logs = join(dir, 'logs');
  if (!existsSync(logs)) return;
  const target = join(projectRoot, 'test-results', 'faults', name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(logs, target, { recursive: true });
}

/** What a scenario caused: the anomalies it added, and how often each API process crashed meanwhile. */
export function faultWatch(h: FaultCluster) {
  const anomalies = h.anomalies.length;
  const crashes = h.cluster.apis.map((a) => a.crashes);
  return {
    since: () => ({
      anomalies: h.anomalies.slice(anomalies),
      apiCrashes: h.cluster.apis.map((a, i) => a.crashes - crashes[i]!),
    }),
  };
}

// ---------- driving a batch the way a careful client does ----------

const members = ['m1', 'm2', 'm3', 'm4', 'm5'];

/** 3 positions, 3 candidates (one each, in two branches), a 5-member party group; timers scaled. */
export function batchPlan(id: string, timerScale: number) {
  return {
    id,
    title: '故障演练批次',
    year: 2026,
    orgUnit: 'HQ',
    positions: [
      { id: 'p1', title: '办公室主任', orgUnit: '办公室', level: '正处' },
      { id: 'p2', title: '人事处副处长', orgUnit: '人事处', level: '副处' },
      { id: 'p3', title: '财务科科长', orgUnit: '财务处', level: '正科' },
    ],
    candidates: [
      { personId: 'c1', name: '候选人一', branchId: 'b1', positionId: 'p1' },
      { personId: 'c2', name: '候选人二', branchId: 'b2', positionId: 'p2' },
      { personId: 'c3', name: '候选人三', branchId: 'b1', positionId: 'p3' },
    ],
    partyGroup: members.map((memberId) => ({ memberId, name: memberId, isSecretary: memberId === 'm1' })),
    ruleset: { timerScale },
  };
}
export const candidatesOf = [
  ['c1', 'b1'],
  ['c2', 'b2'],
  ['c3', 'b1'],
] as const;
/** Checks each candidate gets in batchPlan (allChecks: 7). */
export const checksPerCandidate = allChecks('c1', 'b1').length;

export class BatchDriver {
  /** Commands answered 503 or not at all, then retried with the same Idempotency-Key. */
  retries = 0;
  constructor(
    readonly h: FaultCluster,
    readonly id: string,
    readonly timerScale: number,
  ) {}

  /**
   * A state-changing call with an Idempotency-Key, retried with the same key while the answer is 503 or none
   * (a worker, the Temporal server or PostgreSQL away). Anything else but `expected` fails the test.
   */
  async command(
    path: string,
    actor: TokenActor,
    body: unknown,
    expected = [200, 201],
    { key = randomUUID(), deadlineMs = 240_000 }: { key?: string; deadlineMs?: number } = {},
  ) {
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const res = await this.h.request('POST', path, { actor, body, headers: { 'idempotency-key': key } });
      if (expected.includes(res.status)) return res;
      const transient = res.status === 503 || res.status === 0 || res.status === 502 || res.status === 500;
      if (!transient || Date.now() > deadline)
        throw new Error(
          `POST ${path} answered ${res.status} ${res.error ?? JSON.stringify(res.body)} (attempt ${attempt})`,
        );
      this.retries++;
      await sleep(Math.min(250 * attempt, 2000));
    }
  }

  start() {
    return this.command('/api/v1/batches', actors.officer, batchPlan(this.id, this.timerScale), [201]);
  }

  /** The candidate's seven checks (allChecks), from the `from`-th up to (not including) the `to`-th. */
  async vet(personId: string, branchId: string, from = 0, to: number = checksPerCandidate) {
    for (const { actor, personId: _p, ...check } of allChecks(personId, branchId).slice(from, to))
      await this.command(`/api/v1/batches/${this.id}/candidates/${personId}/checks`, actor, check, [201]);
  }

  async vetAll() {
    for (const [personId, branchId] of candidatesOf) await this.vet(personId, branchId);
  }

  decide() {
    return this.command(
      `/api/v1/batches/${this.id}/meetings`,
      actors.secretary,
      {
        meetingId: 'mtg-1',
        heldOn: today(),
        attendance: members,
        votes: candidatesOf.map(([personId]) => ({
          personId,
          ballots: ['m2', 'm3', 'm4', 'm5', 'm1'].map((memberId) => ({ memberId, vote: 'AGREE' })),
        })),
      },
      [201],
    );
  }

  async appointAll() {
    const detail = await this.detail();
    const endsOn = detail.publicity[0].endsOn as string;
    const noticeDate = new Date(Date.parse(`${endsOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const [personId] of candidatesOf)
      await this.command(
        `/api/v1/batches/${this.id}/candidates/${personId}/appointment`,
        actors.officer,
        { documentNo: `局党组〔2026〕${this.id}-${personId}号`, noticeDate },
        [201],
      );
  }

  /** The read model's detail, retried through outages. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async detail(): Promise<any> {
    for (;;) {
      const res = await this.h.request('GET', `/api/v1/batches/${this.id}`, { actor: actors.auditor });
      if (res.status === 200) return res.body;
      if (res.status !== 503 && res.status !== 0) throw new Error(`GET batch ${this.id}: ${res.status}`);
      await sleep(500);
    }
  }

  async waitStage(stage: string, timeoutMs = 240_000) {
    const deadline = Date.now() + timeoutMs;
    let seen = '';
    while (Date.now() < deadline) {
      const res = await this.h.request('GET', `/api/v1/batches/${this.id}`, { actor: actors.auditor });
      if (res.status === 200) {
        seen = res.body.stage;
        if (seen === stage) return;
      }
      await sleep(300);
    }
    throw new Error(`batch ${this.id} did not reach ${stage} within ${timeoutMs} ms (last seen: ${seen})`);
  }

  /** The whole procedure: vetting, the party group's decision, the public notice (timer), appointments. */
  async runToClosed() {
    await this.start();
    await this.vetAll();
    await this.waitStage('DECIDING');
    await this.decide();
    await this.waitStage('APPOINTING');
    await this.appointAll();
    await this.waitStage('CLOSED');
  }
}

/** Counts of what the read model holds for a batch, straight from PostgreSQL. */
export async function readModelCounts(db: Database, batchId: string) {
  const [row] = await db.sql<
    {
      audit: number;
      distinct_seq: number;
      max_seq: number;
      checks: number;
      check_events: number;
      meetings: number;
      decisions: number;
      votes: number;
      appointments: number;
      appointed_events: number;
      publicity: number;
      probations: number;
      last_seq: number;
    }[]
  >`
    select
      (select count(*)::int from audit_events where batch_id = ${batchId}) as audit,
      (select count(distinct seq)::int from audit_events where batch_id = ${batchId}) as distinct_seq,
      (select coalesce(max(seq), 0)::int from audit_events where batch_id = ${batchId}) as max_seq,
      (select count(*)::int from vetting_checks where batch_id = ${batchId}) as checks,
      (select count(*)::int from audit_events where batch_id = ${batchId} and type = 'CHECK_RECORDED') as check_events,
      (select count(*)::int from meetings where batch_id = ${batchId}) as meetings,
      (select count(*)::int from decisions where batch_id = ${batchId}) as decisions,
      (select count(*)::int from votes where batch_id = ${batchId}) as votes,
      (select count(*)::int from appointments where batch_id = ${batchId}) as appointments,
      (select count(*)::int from audit_events where batch_id = ${batchId} and type = 'APPOINTED') as appointed_events,
      (select count(*)::int from publicity_windows where batch_id = ${batchId}) as publicity,
      (select count(*)::int from probations where batch_id = ${batchId}) as probations,
      (select last_seq::int from batches where id = ${batchId}) as last_seq`;
  return row!;
}

/**
 * The checks every fault test ends with, for a batch driven by BatchDriver.runToClosed: closed; the read model
 * (GET /batches/:id, PostgreSQL) equals the workflow's own state (the `state` query through /live); each fact
 * exactly once; the audit chain verifies.
 */
export async function expectConsistentClosedBatch(h: FaultCluster, batchId: string) {
  const detail = await new BatchDriver(h, batchId, 1).detail();
  // The workflow persists its last events, then completes: wait until the read model has every one of them.
  let live: { stage: string; seq: number; candidates: { personId: string; state: string }[] } | undefined;
  for (let i = 0; i < 100; i++) {
    const res = await h.request('GET', `/api/v1/batches/${batchId}/live`, { actor: actors.auditor });
    if (res.status === 200) {
      live = res.body;
      break;
    }
    await sleep(300);
  }
  expect(live, `live state of ${batchId}`).toBeDefined();
  const counts = await readModelCounts(h.db, batchId);
  const audit = await h.request('GET', `/api/v1/batches/${batchId}/audit`, { actor: actors.auditor });
  expect(audit.status).toBe(200);

  expect(detail.stage).toBe('CLOSED');
  expect(live!.stage).toBe('CLOSED');
  const readStates = Object.fromEntries(
    (detail.candidates as { personId: string; state: string }[]).map((c) => [c.personId, c.state]),
  );
  const liveStates = Object.fromEntries(live!.candidates.map((c) => [c.personId, c.state]));
  expect(readStates, `candidate states of ${batchId}: read model vs workflow`).toEqual(liveStates);
  expect(Object.values(liveStates)).toEqual(['ON_PROBATION', 'ON_PROBATION', 'ON_PROBATION']);
  // Every event of the workflow is in the audit trail once, in order, and chained.
  expect(counts, `read model counts of ${batchId}`).toMatchObject({
    audit: live!.seq,
    distinct_seq: live!.seq,
    max_seq: live!.seq,
    last_seq: live!.seq,
    checks: candidatesOf.length * checksPerCandidate,
    check_events: candidatesOf.length * checksPerCandidate,
    meetings: 1,
    decisions: candidatesOf.length,
    votes: candidatesOf.length * members.length,
    appointments: candidatesOf.length,
    appointed_events: candidatesOf.length,
    publicity: 1,
    probations: candidatesOf.length,
  });
  expect(audit.body.chain).toEqual({ verified: true, length: live!.seq });
  return { seq: live!.seq, counts };
}
