// A drill for a running cluster: one selection batch from its start to CLOSED, every request sent to the next API
// process in turn, the way a careful client works (an Idempotency-Key on every POST, the same key again after a 503
// or no answer), the public notice on a scaled timer. Then the batch's history tells which worker processes ran its
// workflow tasks and activities. `npm run cluster -- --drill`; the fault tests run it too.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Actor } from '../../domain/roles';
import { batchWorkflowId } from '../../domain/selection';

const officer: Actor = { id: 'drill-officer', name: '演练干事', roles: ['ORG_OFFICER'] };
const auditor: Actor = { id: 'drill-auditor', roles: ['AUDITOR'] };
const discipline: Actor = { id: 'drill-discipline', roles: ['DISCIPLINE_GROUP'] };
const secretary: Actor = { id: 'm1', roles: ['PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'], memberId: 'm1' };
const branchSecretary = (branchId: string): Actor => ({ id: `bs-${branchId}`, roles: ['BRANCH_SECRETARY'], branchId });
const members = ['m1', 'm2', 'm3', 'm4', 'm5'];
const candidates = [
  { personId: 'c1', name: '候选人一', branchId: 'b1', positionId: 'p1' },
  { personId: 'c2', name: '候选人二', branchId: 'b2', positionId: 'p2' },
  { personId: 'c3', name: '候选人三', branchId: 'b1', positionId: 'p3' },
];

export interface DrillOptions {
  apiUrls: string[];
  token(actor: Actor): Promise<string>;
  batchId?: string;
  /** ruleset.timerScale: 1e-5 makes the 5-working-day notice last seconds (the APIs need ALLOW_SCALED_TIMERS). */
  timerScale?: number;
  /** How long one step may keep retrying (a worker or the database away). */
  stepTimeoutMs?: number;
  log?(line: string): void;
}

export interface DrillReport {
  batchId: string;
  stage: string;
  seconds: number;
  /** Requests answered by each API process (index = API). */
  requestsByApi: number[];
  /** Commands sent again with the same Idempotency-Key after a 503 or no answer. */
  retries: number;
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function drillBatch(options: DrillOptions): Promise<DrillReport> {
  const { apiUrls, token, timerScale = 1e-5, stepTimeoutMs = 240_000, log = () => {} } = options;
  const batchId = options.batchId ?? `drill-${Date.now().toString(36)}`;
  const started = Date.now();
  const requestsByApi = apiUrls.map(() => 0);
  let turn = 0;
  let retries = 0;

  async function call(method: string, path: string, actor: Actor, body?: unknown, key?: string) {
    const api = turn++ % apiUrls.length;
    try {
      const res = await fetch(`${apiUrls[api]}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await token(actor)}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': key ?? randomUUID() }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
      requestsByApi[api]!++;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return { api, status: res.status, body: (await res.json().catch(() => undefined)) as any };
    } catch {
      return { api, status: 0, body: undefined };
    }
  }

  async function command(step: string, path: string, actor: Actor, body: unknown) {
    const key = randomUUID();
    const deadline = Date.now() + stepTimeoutMs;
    for (;;) {
      const res = await call('POST', path, actor, body, key);
      if (res.status === 200 || res.status === 201) {
        log(`${step} → ${res.status} (api-${res.api + 1})`);
        return res.body;
      }
      if (res.body?.code === 'ruleset.timer_scale_disabled')
        throw new Error(
          `${step}: the APIs refuse scaled timers; run them with ALLOW_SCALED_TIMERS=true (npm run cluster -- --drill does)`,
        );
      if ((res.status !== 503 && res.status !== 0) || Date.now() > deadline)
        throw new Error(`${step}: POST ${path} answered ${res.status} ${JSON.stringify(res.body ?? null)}`);
      retries++;
      await sleep(500);
    }
  }

  async function waitStage(stage: string) {
    const deadline = Date.now() + stepTimeoutMs;
    let seen = '';
    while (Date.now() < deadline) {
      const res = await call('GET', `/batches/${batchId}`, auditor);
      if (res.status === 200) {
        if (res.body.stage !== seen) log(`stage ${res.body.stage} (read through api-${res.api + 1})`);
        seen = res.body.stage;
        if (seen === stage) return res.body;
      }
      await sleep(250);
    }
    throw new Error(`batch ${batchId} did not reach ${stage} in ${stepTimeoutMs} ms (last seen: ${seen || 'nothing'})`);
  }

  await command(`start ${batchId}`, '/batches', officer, {
    id: batchId,
    title: '集群演练批次',
    year: Number(today().slice(0, 4)),
    orgUnit: 'HQ',
    positions: [
      { id: 'p1', title: '办公室主任', orgUnit: '办公室', level: '正处' },
      { id: 'p2', title: '人事处副处长', orgUnit: '人事处', level: '副处' },
      { id: 'p3', title: '财务科科长', orgUnit: '财务处', level: '正科' },
    ],
    candidates,
    partyGroup: members.map((memberId) => ({ memberId, name: memberId, isSecretary: memberId === 'm1' })),
    ruleset: { timerScale },
  });
  for (const { personId, branchId } of candidates) {
    const checks: [string, Actor][] = [
      ['ARCHIVE_AUDIT', officer],
      ['PERSONAL_MATTERS', officer],
      ['PETITION_CHECK', officer],
      ['DISCIPLINE_OPINION', discipline],
      ['BRANCH_OPINION', branchSecretary(branchId)],
      ['INTEGRITY_CONCLUSION', secretary],
      ['INTEGRITY_CONCLUSION', discipline],
    ];
    for (const [kind, actor] of checks)
      await command(`${personId} ${kind} by ${actor.id}`, `/batches/${batchId}/candidates/${personId}/checks`, actor, {
        kind,
        result: 'clear',
      });
  }
  await waitStage('DECIDING');
  await command('party group meeting', `/batches/${batchId}/meetings`, secretary, {
    meetingId: 'drill-meeting',
    heldOn: today(),
    attendance: members,
    votes: candidates.map(({ personId }) => ({
      personId,
      // The secretary votes last (domain.md §4).
      ballots: ['m2', 'm3', 'm4', 'm5', 'm1'].map((memberId) => ({ memberId, vote: 'AGREE' })),
    })),
  });
  const appointing = await waitStage('APPOINTING');
  const endsOn = appointing.publicity[0].endsOn as string;
  const noticeDate = new Date(Date.parse(`${endsOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  for (const { personId } of candidates)
    await command(`appoint ${personId}`, `/batches/${batchId}/candidates/${personId}/appointment`, officer, {
      documentNo: `演练〔${noticeDate.slice(0, 4)}〕${batchId}-${personId}号`,
      noticeDate,
    });
  const closed = await waitStage('CLOSED');
  return { batchId, stage: closed.stage, seconds: (Date.now() - started) / 1000, requestsByApi, retries };
}

/**
 * `batches` drills at once. A batch's workflow tasks stay on the worker that took its first one (sticky queue), so
 * several batches are what spreads the work over the workers.
 */
export function drillBatches({
  batches,
  log,
  ...options
}: Omit<DrillOptions, 'batchId'> & { batches: number }): Promise<DrillReport[]> {
  const stamp = Date.now().toString(36);
  return Promise.all(
    Array.from({ length: batches }, (_, i) =>
      drillBatch({
        ...options,
        batchId: `drill-${stamp}-${i + 1}`,
        ...(log ? { log: (line: string) => log(`#${i + 1} ${line}`) } : {}),
      }),
    ),
  );
}

/**
 * Who ran a batch's workflow tasks and activities: the worker process's name (its identity when no process of
 * `workers` matches: the SDK's identity is `pid@host`) → what it started.
 */
export async function workersOfBatch(
  client: Client,
  batchId: string,
  workers: readonly { name: string; pid: number | undefined }[],
) {
  const history = await client.workflow.getHandle(batchWorkflowId(batchId)).fetchHistory();
  const nameOf = (identity: string) =>
    workers.find((w) => w.pid !== undefined && identity.startsWith(`${w.pid}@`))?.name ?? identity;
  const byWorker = new Map<string, { workflowTasks: number; activities: number }>();
  const count = (identity: string | null | undefined, key: 'workflowTasks' | 'activities') => {
    if (!identity) return;
    const name = nameOf(identity);
    const entry = byWorker.get(name) ?? { workflowTasks: 0, activities: 0 };
    entry[key]++;
    byWorker.set(name, entry);
  };
  for (const event of history.events ?? []) {
    count(event.workflowTaskStartedEventAttributes?.identity, 'workflowTasks');
    count(event.activityTaskStartedEventAttributes?.identity, 'activities');
  }
  return byWorker;
}
