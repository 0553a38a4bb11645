import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/roles';
import { cast as defaultCast, type Cast } from './actors';
import { allChecks, checksPerCandidate } from './checks';
import { noticeDateAfter } from './dates';
import type { HttpClient, Reply } from './http';
import { ballots, fiveMembers, meeting } from './meetings';
import { threeCandidates, threeSeatPlan, type CandidateRef } from './selection-plans';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** No answer, or an answer that says "later": the same command is sent again with the same Idempotency-Key. */
const transient = (status: number) => status === 0 || status === 500 || status === 502 || status === 503;

export interface DriverOptions {
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
 * Drives one selection batch through the API step by step the way a careful client does: an Idempotency-Key on every
 * command, the same key again while the answer is 503 or none; reads retried through outages.
 */
export class BatchDriver {
  /** Commands answered 503 (or 500, 502) or not at all, then sent again with the same Idempotency-Key. */
  retries = 0;
  readonly candidates: readonly CandidateRef[];
  readonly members: readonly string[];
  readonly cast: Cast;
  readonly path: string;
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
    this.path = `/api/v1/batches/${id}`;
  }

  /**
   * A state-changing call with an Idempotency-Key, sent again with the same key while the answer is transient.
   * Anything else but `expected` throws.
   */
  async command(
    path: string,
    actor: Actor,
    body: unknown,
    expected = [200, 201],
    { key = randomUUID(), deadlineMs = this.stepTimeoutMs }: { key?: string; deadlineMs?: number } = {},
  ): Promise<Reply> {
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const res = await this.http.request('POST', path, { actor, body, headers: { 'idempotency-key': key } });
      if (expected.includes(res.status)) {
        this.log(`POST ${path} by ${actor.id} → ${res.status} (api-${res.api + 1})`);
        return res;
      }
      if (res.body?.code === 'ruleset.timer_scale_disabled')
        throw new Error(`POST ${path}: the API refuses scaled timers; run it with ALLOW_SCALED_TIMERS=true`);
      if (!transient(res.status) || Date.now() > deadline)
        throw new Error(
          `POST ${path} answered ${res.status} ${res.error ?? JSON.stringify(res.body)} (attempt ${attempt})`,
        );
      this.retries++;
      await sleep(Math.min(250 * attempt, 2000));
    }
  }

  start() {
    return this.command('/api/v1/batches', this.cast.officer, this.plan, [201]);
  }

  /** The candidate's seven checks (allChecks), from the `from`-th up to (not including) the `to`-th. */
  async vet(personId: string, branchId: string, from = 0, to: number = checksPerCandidate) {
    for (const { actor, personId: _p, ...check } of allChecks(personId, branchId, this.cast).slice(from, to))
      await this.command(`${this.path}/candidates/${personId}/checks`, actor, check, [201]);
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

  /** Every candidate appointed, dated the day after the public notice. */
  async appointAll() {
    const noticeDate = noticeDateAfter(await this.detail());
    for (const [personId] of this.candidates)
      await this.command(
        `${this.path}/candidates/${personId}/appointment`,
        this.cast.officer,
        { documentNo: `局党组〔${noticeDate.slice(0, 4)}〕${this.id}-${personId}号`, noticeDate },
        [201],
      );
  }

  /** The read model's detail, retried through outages. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async detail(): Promise<any> {
    for (;;) {
      const res = await this.http.request('GET', this.path, { actor: this.cast.auditor });
      if (res.status === 200) return res.body;
      if (!transient(res.status)) throw new Error(`GET batch ${this.id}: ${res.status}`);
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
