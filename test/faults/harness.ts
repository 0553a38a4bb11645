// Fault-test harness: the real local cluster of `npm run cluster` (runtime/cluster), started on free ports in a
// temporary folder, testkit's HTTP client and BatchDriver over its APIs (an Idempotency-Key on every POST, resent
// after a 503 or no answer) with a watch for answers the API must never give, and checks that compare the read model
// in PostgreSQL with each workflow's own state.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { expect } from 'vitest';
import { connectDatabase, type Database } from '../../db/client';
import { startCluster, type Cluster } from '../../runtime/cluster/cluster';
import { serverPortCount } from '../../runtime/cluster/temporal-server';
import { projectRoot } from '../../runtime/tools';
import { testDataConverter, testPayloadKeys } from '../helpers/temporal-env';
import {
  auditor,
  BatchDriver as Driver,
  checksPerCandidate,
  discipline,
  fiveMembers,
  head,
  httpClient,
  noAnswer,
  officer,
  secretary,
  sleep,
  threeCandidates,
  threeSeatPlan,
  tokenSigner,
  type HttpClient,
  type Reply,
  type RequestOptions,
} from '../../testkit';

export { sleep, type Reply };

export const faultSecret = 'fault-tests-secret-at-least-32-characters';

export const token = tokenSigner(faultSecret);

export const actors = { officer, head, auditor, discipline, secretary };

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

/** What the API must never do: answer 500, or not answer. Collected with the endpoint, reported at the end. */
export interface Anomaly {
  endpoint: string;
  status: number;
  ms: number;
  detail: string;
  at: string;
}

export interface FaultCluster {
  cluster: Cluster;
  db: Database;
  temporal: Client;
  anomalies: Anomaly[];
  http: HttpClient;
  request(method: string, path: string, opts?: RequestOptions): Promise<Reply>;
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
  const http = httpClient({
    urls: cluster.apiUrls,
    token,
    // What the API must never do: answer 500, or not answer. A readiness probe answers its own JSON status; everything
    // else answers problem+json.
    onReply: (reply, method, path) => {
      const hung = reply.status === 0 && reply.error === noAnswer;
      const bare503 =
        reply.status === 503 &&
        !/^\/(readyz|healthz)$/.test(path) &&
        !reply.contentType.includes('application/problem+json');
      if ((reply.status >= 500 && reply.status !== 503) || bare503 || hung)
        anomalies.push({
          endpoint: `${method} ${path} (api-${reply.api + 1})`,
          status: reply.status,
          ms: reply.ms,
          detail: reply.error ?? JSON.stringify(reply.body).slice(0, 500),
          at: new Date().toISOString(),
        });
    },
  });

  return {
    cluster,
    db,
    temporal,
    anomalies,
    http,
    request: http.request,
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

// ---------- driving a batch the way a careful client does (testkit's BatchDriver) ----------

/** The plan of every fault batch (testkit's threeSeatPlan), its timers scaled. */
export const batchPlan = (id: string, timerScale: number) => threeSeatPlan(id, { title: '故障演练批次', timerScale });
export const candidatesOf = threeCandidates;
export { checksPerCandidate };

/** A batch of batchPlan driven through the fault cluster's APIs in turn. */
export class BatchDriver extends Driver {
  constructor(h: FaultCluster, id: string, timerScale: number) {
    super(h.http, id, { plan: batchPlan(id, timerScale) });
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
    votes: candidatesOf.length * fiveMembers.length,
    appointments: candidatesOf.length,
    appointed_events: candidatesOf.length,
    publicity: 1,
    probations: candidatesOf.length,
  });
  expect(audit.body.chain).toEqual({ verified: true, length: live!.seq });
  return { seq: live!.seq, counts };
}
