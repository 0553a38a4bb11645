import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/roles';
import { cast as defaultCast, type Cast } from './actors';
import { allChecks, checksPerCandidate } from './checks';
import { noticeDateAfter } from './dates';
import type { HttpClient, Reply } from './http';
import { ballots, fiveMembers, meeting } from './meetings';
import { rankChecks, rankEvaluation } from './rank-plans';
import { threeCandidates, threeSeatPlan, type CandidateRef } from './selection-plans';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** No answer, or an answer that says "later": the same command is sent again with the same Idempotency-Key. */
const transient = (status: number) => status === 0 || status === 500 || status === 502 || status === 503;

export interface DriverOptions {
  /** A selection batch (/batches, appointments) or a rank batch (/rank-batches, evaluation, approvals). */
  kind?: 'selection' | 'rank';
  /** A rank batch on the simplified procedure: no inspection. */
  simplified?: boolean;
  /** The document number of each appointment or approval. */
  documentNo?(personId: string, index: number): string;
  /** The plan POST /batches starts (default: threeSeatPlan with the timer scale). */
  plan?: Record<string, unknown>;
  /** Its candidates, as vetAll, decide and appointAll go through them (default: threeSeatPlan's). */
  candidates?: readonly CandidateRef[];
  /** Its party group, the secretary first. */
  members?: readonly string[];
  timerScale?: number;
  cast?: Cast;
  /** How long one command may keep retrying (a worker, Temporal or the database away). */
  stepTimeoutMs?: number;
  log?(line: string): void;
}

/**
 * Drives one batch, selection or rank, through the API step by step the way a careful client does: an Idempotency-Key
 * on every command, the same key again while the answer is 503 or none; reads retried through outages.
 */
export class BatchDriver {
  /** Commands answered 503 (or 500, 502) or not at all, then sent again with the same Idempotency-Key. */
  retries = 0;
  readonly candidates: readonly CandidateRef[];
  readonly members: readonly string[];
  readonly cast: Cast;
  readonly kind: 'selection' | 'rank';
  /** The batch's resource: /api/v1/batches/:id or /api/v1/rank-batches/:id. */
  readonly path: string;
  private readonly collection: string;
  private readonly options: DriverOptions;
  private readonly plan: Record<string, unknown>;
  private readonly stepTimeoutMs: number;
  private readonly log: (line: string) => void;

  constructor(
    readonly http: HttpClient,
    readonly id: string,
    options: DriverOptions = {},
  ) {
    this.plan = options.plan ?? threeSeatPlan(id, { timerScale: options.timerScale ?? 1 });
    this.candidates = options.candidates ?? threeCandidates;
    this.members = options.members ?? fiveMembers;
    this.cast = options.cast ?? defaultCast;
    this.stepTimeoutMs = options.stepTimeoutMs ?? 240_000;
    this.log = options.log ?? (() => {});
    this.kind = options.kind ?? 'selection';
    this.collection = this.kind === 'rank' ? '/api/v1/rank-batches' : '/api/v1/batches';
    this.path = `${this.collection}/${id}`;
    this.options = options;
  }

  /**
   * A state-changing call with an Idempotency-Key, sent again with the same key while the answer is transient.
   * Anything else but `expected` throws.
   */
  async command(
    path: string,
    actor: Actor | undefined,
    body: unknown,
    expected = [200, 201],
    {
      key = randomUUID(),
      deadlineMs = this.stepTimeoutMs,
      method = 'POST',
    }: { key?: string; deadlineMs?: number; method?: string } = {},
  ): Promise<Reply> {
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const res = await this.http.request(method, path, { actor, body, headers: { 'idempotency-key': key } });
      if (expected.includes(res.status)) {
        this.log(`${method} ${path} by ${actor?.id ?? 'anyone'} → ${res.status} (api-${res.api + 1})`);
        return res;
      }
      if (res.body?.code === 'ruleset.timer_scale_disabled')
        throw new Error(`${method} ${path}: the API refuses scaled timers; run it with ALLOW_SCALED_TIMERS=true`);
      if (!transient(res.status) || Date.now() > deadline)
        throw new Error(
          `${method} ${path} answered ${res.status} ${res.error ?? JSON.stringify(res.body)} (attempt ${attempt})`,
        );
      this.retries++;
      await sleep(Math.min(250 * attempt, 2000));
    }
  }

  start() {
    return this.command(this.collection, this.cast.officer, this.plan, [201]);
  }

  /**
   * A selection candidate's seven checks (allChecks), from the `from`-th up to (not including) the `to`-th; a rank
   * candidate's evaluation, then its checks (rankChecks).
   */
  async vet(personId: string, branchId: string, from = 0, to: number = checksPerCandidate) {
    const candidate = `${this.path}/candidates/${personId}`;
    if (this.kind === 'rank') await this.command(`${candidate}/evaluation`, this.cast.officer, rankEvaluation(), [201]);
    const checks =
      this.kind === 'rank'
        ? rankChecks(personId, { simplified: this.options.simplified ?? false, cast: this.cast })
        : allChecks(personId, branchId, this.cast).slice(from, to);
    for (const { actor, personId: _p, ...check } of checks)
      await this.command(`${candidate}/checks`, actor, check, [201]);
  }

  async vetAll() {
    for (const [personId, branchId] of this.candidates) await this.vet(personId, branchId);
  }

  /** One meeting of the whole party group, everyone agreeing on every candidate, the secretary last. */
  decide(meetingId = 'mtg-1') {
    const body = meeting(
      meetingId,
      this.candidates.map(([personId]) => ballots(personId, { members: this.members })),
      { members: this.members },
    );
    return this.command(`${this.path}/meetings`, this.cast.secretary, body, [201]);
  }

  /**
   * These candidates (default: all) appointed by the office, or for a rank batch approved by the head, dated the day
   * after the public notice.
   */
  async appointAll(personIds: readonly string[] = this.candidates.map(([personId]) => personId)) {
    const date = noticeDateAfter(await this.detail());
    for (const [i, personId] of personIds.entries()) {
      const documentNo =
        this.options.documentNo?.(personId, i) ?? `局党组〔${date.slice(0, 4)}〕${this.id}-${personId}号`;
      const candidate = `${this.path}/candidates/${personId}`;
      if (this.kind === 'rank')
        await this.command(
          `${candidate}/approval`,
          this.cast.head,
          { documentNo, approvedOn: date, authority: '市委组织部' },
          [201],
        );
      else await this.command(`${candidate}/appointment`, this.cast.officer, { documentNo, noticeDate: date }, [201]);
    }
  }

  /** The read model's detail, retried through outages. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async detail(): Promise<any> {
    for (;;) {
      const res = await this.http.request('GET', this.path, { actor: this.cast.auditor });
      if (res.status === 200) return res.body;
      if (!transient(res.status)) throw new Error(`GET ${this.path}: ${res.status}`);
      await sleep(500);
    }
  }

  /** Polls the read model until the batch is at `stage`; returns its detail then. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async waitStage(stage: string, timeoutMs = this.stepTimeoutMs): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    let seen = '';
    while (Date.now() < deadline) {
      const res = await this.http.request('GET', this.path, { actor: this.cast.auditor });
      if (res.status === 200) {
        if (res.body.stage !== seen) this.log(`stage ${res.body.stage} (read through api-${res.api + 1})`);
        seen = res.body.stage;
        if (seen === stage) return res.body;
      }
      await sleep(300);
    }
    throw new Error(`batch ${this.id} did not reach ${stage} within ${timeoutMs} ms (last seen: ${seen || 'nothing'})`);
  }

  /** The whole procedure: vetting, the party group's decision, the public notice (timer), appointments. */
  async runToClosed() {
    await this.start();
    await this.vetAll();
    await this.waitStage('DECIDING');
    await this.decide();
    await this.waitStage('APPOINTING');
    await this.appointAll();
    return this.waitStage('CLOSED');
  }
}
