import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { stageNamesZh } from '../domain/batch';
import type { ActorRef, BatchEvent, Channel } from '../domain/events';
import type { Actor } from '../domain/roles';
import { scrubNul } from '../domain/text';
import {
  notification,
  shanghaiDate,
  type CommandContext,
  type CommandResult,
  type EventDraft,
} from '../domain/selection';
import { calendarUpdatedSignal } from './batch.messages';
import type { BatchCarry, BatchKindSpec, EngineInput, EngineState, KindEngine } from './batch-kind';
import { MEETING_DATES_BOUNDED, SUSPENSION_FROM_OPEN_OBJECTIONS } from './corrections';
import {
  changedSearchAttributes,
  continueAsNewAfterBytes,
  continueAsNewAfterEvents,
  HISTORY_DIET,
} from './history-diet';
import { actorRef, bindCommand, SYSTEM, type Wiring } from './messaging';
import { calendar, persistence } from './options';
import { scaledTimersLine } from './scaled-timers';
import { BatchStage, PendingOpinions, PublicityEndsAt } from './search-attributes';

type Activities = ReturnType<typeof createActivities>;
const { persistEvents } = proxyActivities<Activities>(persistence);
const { publicityWindow, addWorkingDays } = proxyActivities<Activities>(calendar);

/** The corrections every kind reads first, in this order (each `patched()` is a marker at one point of history). */
export function readCorrections() {
  return {
    dieting: patched(HISTORY_DIET),
    boundDates: patched(MEETING_DATES_BOUNDED),
    deriveSuspension: patched(SUSPENSION_FROM_OPEN_OBJECTIONS),
  };
}
export type Corrections = ReturnType<typeof readCorrections>;

export interface EngineOptions {
  corrections: Corrections;
  /** The run continues as new once its history is long (see history-diet.ts). */
  continuesAsNew: boolean;
  /** `extendPublicity` refuses a year without an official calendar at once, instead of waiting inside the update. */
  refusesUnpublishedYear: boolean;
}

/**
 * One batch's run, whatever its kind: the state and what the handlers share live here, as Temporal's
 * safe-message-handlers sample keeps them in a manager class. The kind's spec supplies the pure rules.
 */
export class BatchEngine<S extends EngineState, N extends string> implements KindEngine<S> {
  private readonly outbox: BatchEvent[] = [];
  private persistedSeq: number;
  /** Calendar lookups of the watchers in flight: a run continues as new only between them. */
  private calendarInFlight = 0;
  /** Bumped on every applied change, so the main loop re-evaluates what comes next. */
  private version = 0;
  private calendarUpdated = 0;
  /** A background coroutine's failure (not a cancellation) fails the workflow task instead of vanishing. */
  private backgroundFailure: unknown;
  private readonly upsertChanged: ReturnType<typeof changedSearchAttributes>;
  private readonly opinionsRequestedOn: string;
  private opinionsReminded: boolean;
  private opinionsDue: { end: string; endsAt: string } | undefined;
  private readonly suspensionsNotified: Set<string>;
  private readonly watchedSuspensions: Set<string>;

  constructor(
    readonly kind: BatchKindSpec<S, N>,
    readonly state: S,
    readonly input: EngineInput<S>,
    private readonly options: EngineOptions,
  ) {
    const { carry } = input;
    this.persistedSeq = state.seq;
    this.upsertChanged = changedSearchAttributes(options.corrections.dieting);
    this.opinionsRequestedOn = carry?.opinionsRequestedOn ?? shanghaiDate(workflowInfo().startTime.toISOString());
    this.opinionsReminded = carry?.opinionsReminded ?? false;
    this.opinionsDue = carry?.opinionsDue;
    this.suspensionsNotified = new Set((carry?.suspensionsNotified ?? []).map((key) => this.suspensionKey(key)));
    this.watchedSuspensions = new Set(this.suspensionsNotified);
  }

  /** Workflow time: deterministic, also in update validators. */
  readonly context = (): CommandContext => ({
    now: new Date().toISOString(),
    boundDates: this.options.corrections.boundDates,
    deriveSuspension: this.options.corrections.deriveSuspension,
  });

  readonly record = (type: string, actor: ActorRef, payload: unknown, rejected = false) => {
    const event: BatchEvent = { seq: ++this.state.seq, type, actor, at: new Date().toISOString(), payload };
    if (rejected) event.rejected = true;
    this.outbox.push(event);
    this.version++;
    return event.seq;
  };

  readonly emit = (drafts: EventDraft[], actor: ActorRef = SYSTEM) => {
    let seq = this.state.seq;
    for (const d of drafts) seq = this.record(d.type, actor, d.payload);
    this.showProgress();
    return seq;
  };

  private readonly finished = () => this.state.stage === 'CLOSED' || this.state.stage === 'CANCELLED';
  // Not the server's continueAsNewSuggested: it comes at about 4,000 events, and each new run costs the messages
  // arriving meanwhile a pause; 10,000 events stay far below the cap, and below the server's warning at 10,240.
  private readonly historyIsLong = () =>
    this.options.continuesAsNew &&
    (workflowInfo().historyLength >= (this.input.continueAsNewAfterEvents ?? continueAsNewAfterEvents) ||
      workflowInfo().historySize >= continueAsNewAfterBytes);
  /** Nothing in flight that the next run could not take over: no handler, no unwritten event, no lookup. */
  private readonly quiet = () =>
    allHandlersFinished() &&
    this.outbox.length === 0 &&
    this.persistedSeq === this.state.seq &&
    this.calendarInFlight === 0;
  /** Waits for `done` or the instant, whichever comes first; true when `done` came first. */
  private async waitUntil(done: () => boolean, instant: string) {
    // Durable timers scale down only in drills and tests (ruleset.timerScale); production runs at 1.
    const ms = Math.max(0, (Date.parse(instant) - Date.now()) * this.state.ruleset.timerScale);
    return ms < 1 ? done() : condition(done, ms);
  }
  private background(work: Promise<unknown>) {
    work.catch((err: unknown) => {
      if (!isCancellation(err)) this.backgroundFailure ??= err;
    });
  }

  private showProgress() {
    const { state, kind } = this;
    if (kind.showsWait && state.waitingForCalendarYear === undefined) state.waitingFor = kind.describeWait(state);
    // Candidates still awaiting an opinion (not the opinions): it changes once per candidate, and each change is an event.
    this.upsertChanged([
      { key: BatchStage, value: state.stage },
      { key: PendingOpinions, value: kind.pending(state).length },
      ...(state.publicity ? [{ key: PublicityEndsAt, value: new Date(state.publicity.endsAt) }] : []),
    ]);
    const p = state.publicity;
    setCurrentDetails(
      [
        `**${stageNamesZh[state.stage]} ${state.stage}** — 等待：${state.waitingFor}`,
        `考察对象：${kind.candidatesLine(state)}；未办结举报 ${state.objections.filter((o) => o.status !== 'RESOLVED').length} 件；暂停 ${state.holds.length} 项`,
        ...(p ? [`${kind.publicityName} ${p.startsOn} → ${p.endsOn}（${p.workingDays} 个工作日）`] : []),
        ...scaledTimersLine(state.ruleset),
      ].join('\n'),
    );
  }

  // ---------- messages ----------
  private readonly wiring = (): Wiring<N> => ({
    roleSignals: this.input.roleSignals,
    check: (name, raw) => this.kind.check(this.state, name, raw, this.context()),
    run: (name, input, actor, channel) => this.execute(name, input, actor, channel),
    reject: (name, actor, refusal, payload) => {
      this.record(
        'SIGNAL_REJECTED',
        actorRef(actor, 'SIGNAL'),
        { signal: name, refusal, payload: scrubNul(payload) },
        true,
      );
    },
    seen: (requestId) => {
      const { requestIds } = this.state;
      if (!requestId) return false;
      if (requestIds.includes(requestId)) return true;
      requestIds.push(requestId);
      if (requestIds.length > 500) requestIds.shift();
      return false;
    },
    persisted: (seq) => condition(() => this.persistedSeq >= seq),
  });

  /** Sets the handlers: call after the batch's first event, so a signal delivered with the start comes after it. */
  listen() {
    setHandler(this.kind.stateQuery, () => this.state);
    setHandler(calendarUpdatedSignal, () => {
      this.calendarUpdated++;
    });
    const wiring = this.wiring();
    for (const row of this.kind.commands) bindCommand(wiring, row);
  }

  private async execute(name: N, input: unknown, actor: Actor | undefined, channel: Channel): Promise<CommandResult> {
    const { state, kind } = this;
    const by = actorRef(actor, channel);
    if (name === 'extendPublicity')
      return this.extendPublicity(input as { workingDays: number; reason: string }, actor, by);
    const effect = kind.apply(state, name, input, actor, this.context());
    const seq = this.emit(effect.events, by);
    if (name === 'resolveObjection') this.watchSuspensions();
    await kind.afterCommand?.(this, name, input, by);
    return { seq: state.seq > seq ? state.seq : seq, ...effect.result };
  }

  private async extendPublicity(cmd: { workingDays: number; reason: string }, actor: Actor | undefined, by: ActorRef) {
    const current = this.state.publicity!;
    const lookup = () => publicityWindow({ startsOn: current.startsOn, workingDays: cmd.workingDays });
    // The supervisor is waiting for an answer: a year without official data refuses the extension at once
    // (the batch itself never waits on it, the running window stays as it is).
    const window = this.options.refusesUnpublishedYear
      ? await lookup().catch(refuseUnpublishedYear)
      : await this.withCalendar(lookup);
    // Re-checked after the await: the window may have ended meanwhile.
    const again = this.kind.check(this.state, name('extendPublicity'), { ...cmd, actor }, this.context());
    if (!window || !again.ok)
      throw ApplicationFailure.create({
        type: 'publicity.not_open',
        message: 'the public notice ended',
        nonRetryable: true,
      });
    return { seq: this.emit(this.kind.applyPublicity(this.state, window, current.personIds), by) };
  }

  // ---------- calendar: a missing year makes the batch wait, visibly, until it is loaded ----------
  private async withCalendar<T>(compute: () => Promise<T>): Promise<T | undefined> {
    for (;;) {
      let missingYear: number | undefined;
      this.calendarInFlight++;
      try {
        return await compute();
      } catch (err) {
        missingYear = calendarYearMissing(err);
        if (missingYear === undefined) throw err;
      } finally {
        this.calendarInFlight--;
      }
      if (this.finished()) return undefined;
      this.emit(this.kind.waitForCalendar(this.state, missingYear));
      const seen = this.calendarUpdated;
      // Also retried daily, in case the year was loaded without a signal reaching this batch.
      await condition(() => this.calendarUpdated !== seen || this.finished(), '1 day');
      if (this.finished()) return undefined;
      this.state.waitingForCalendarYear = undefined;
      this.emit([{ type: 'WAITING', payload: { waitingFor: 'calendar loaded: resuming', calendarYear: null } }]);
    }
  }

  // ---------- 暂缓: at most 3 months, then the party group must decide; the system escalates, never approves ----------
  // One watcher per suspension end: keyed `personId@suspendedUntil` (before the correction, by person only, so a later
  // end was never watched). A watcher whose end moved stops; the end it moved to gets its own.
  private suspensionKey(key: string) {
    if (!this.options.corrections.deriveSuspension || key.includes('@')) return key;
    const c = this.state.candidates.find((x) => x.personId === key);
    return `${key}@${c?.suspendedUntil ?? ''}`;
  }

  watchSuspensions() {
    const { deriveSuspension } = this.options.corrections;
    for (const c of this.state.candidates) {
      if (c.state !== 'SUSPENDED' || !c.suspendedUntil) continue;
      const until = c.suspendedUntil;
      const key = deriveSuspension ? `${c.personId}@${until}` : c.personId;
      if (this.watchedSuspensions.has(key)) continue;
      this.watchedSuspensions.add(key);
      const stillSuspended = () => c.state === 'SUSPENDED' && (!deriveSuspension || c.suspendedUntil === until);
      this.background(
        (async () => {
          const cleared = await this.waitUntil(() => !stillSuspended(), until);
          if (cleared || this.finished()) {
            if (deriveSuspension) this.watchedSuspensions.delete(key);
            return;
          }
          this.suspensionsNotified.add(key);
          this.emit([
            notification(
              'SUSPENSION_EXPIRED',
              ['ORG_HEAD', 'PARTY_GROUP_SECRETARY'],
              c.personId,
              `the ${this.state.ruleset.suspensionMonths}-month suspension (暂缓) has run out: the party group must decide`,
            ),
          ]);
        })(),
      );
    }
  }

  // ---------- opinion deadlines: reminder, then escalation repeated; never auto-approval ----------
  private async watchOpinions() {
    const { state, kind } = this;
    const { ruleset } = state;
    const from = this.opinionsRequestedOn;
    const stillPending = () => state.stage === 'INSPECTING' && kind.pending(state).length > 0;
    const describePending = () =>
      kind
        .pending(state)
        .map((p) => `${p.personId}: ${p.missing.join(', ')}`)
        .join('; ');
    const remindAfter = ruleset.opinionDeadlineWorkingDays - ruleset.reminderWorkingDaysBefore;
    if (remindAfter > 0 && !this.opinionsReminded) {
      const remind = await this.withCalendar(() => addWorkingDays({ from, days: remindAfter }));
      if (!remind) return;
      if (await this.waitUntil(() => !stillPending(), remind.startAt)) return;
      this.emit([notification('OPINION_REMINDER', kind.reminderRecipients, undefined, describePending())]);
    }
    this.opinionsReminded = true;
    let due =
      this.opinionsDue ??
      (await this.withCalendar(() => addWorkingDays({ from, days: ruleset.opinionDeadlineWorkingDays })));
    while (due) {
      this.opinionsDue = due;
      if (kind.showsWait) {
        state.opinionsDueOn = due.end;
        this.showProgress();
      }
      if (await this.waitUntil(() => !stillPending(), due.endsAt)) return;
      this.emit([
        notification(
          'OPINION_OVERDUE',
          ['ORG_HEAD', 'DISCIPLINE_GROUP'],
          undefined,
          `overdue since ${due.end}: ${describePending()}`,
        ),
      ]);
      const last = due.end;
      this.opinionsDue = undefined;
      due = await this.withCalendar(() => addWorkingDays({ from: last, days: ruleset.escalationRepeatWorkingDays }));
    }
  }

  // Runs until the batch is over and no message handler is still at work: a handler (an appointment starting its
  // probation, say) may record its last event after the batch has closed, and waits until that event is persisted.
  private async persistLoop() {
    const settled = () => this.finished() && allHandlersFinished();
    const stream = this.kind.stream ? { stream: this.kind.stream } : {};
    while (!settled() || this.outbox.length > 0) {
      await condition(() => this.outbox.length > 0 || settled());
      if (this.outbox.length === 0) continue;
      const events = this.outbox.splice(0);
      await persistEvents({ batchId: this.state.id, events, ...stream });
      this.persistedSeq = events.at(-1)?.seq ?? this.persistedSeq;
    }
  }

  // ---------- main: the procedure's own steps ----------
  /** Runs the batch to its end; `continueAsNew` starts the next run with what this one carries. */
  async run(continueAsNew: (carry: BatchCarry<S>) => Promise<never>): Promise<{ stage: string }> {
    const { state, kind } = this;
    this.showProgress();
    const persisting = this.persistLoop();
    this.background(persisting);
    this.background(this.watchOpinions());
    this.watchSuspensions();

    while (!this.finished()) {
      if (this.historyIsLong()) {
        await condition(() => this.quiet() || this.finished());
        if (!this.finished()) await continueAsNew(this.carried());
      }
      const step = kind.nextStep(state);
      if (step.kind === 'stage') {
        this.emit(kind.changeStage(state, step.to));
        continue;
      }
      if (step.kind === 'openPublicity') {
        const window = await this.withCalendar(() =>
          publicityWindow({
            startsOn: shanghaiDate(new Date().toISOString()),
            workingDays: state.ruleset.publicityWorkingDays,
          }),
        );
        if (window && state.stage === 'DECIDING') this.emit(kind.applyPublicity(state, window, step.personIds));
        continue;
      }
      if (state.stage === 'PUBLICITY' && state.publicity && !state.publicity.ended) {
        const endsAt = state.publicity.endsAt;
        const changed = await this.waitUntil(
          () => state.publicity?.endsAt !== endsAt || this.finished() || this.historyIsLong(),
          endsAt,
        );
        if (!changed) this.emit(kind.endPublicity(state));
        continue;
      }
      const seen = this.version;
      await condition(() => this.version !== seen || this.backgroundFailure !== undefined || this.historyIsLong());
      if (this.backgroundFailure !== undefined) throw this.backgroundFailure;
    }
    await persisting;
    return { stage: state.stage };
  }

  private carried(): BatchCarry<S> {
    return {
      state: this.state,
      opinionsRequestedOn: this.opinionsRequestedOn,
      opinionsReminded: this.opinionsReminded,
      ...(this.opinionsDue ? { opinionsDue: { end: this.opinionsDue.end, endsAt: this.opinionsDue.endsAt } } : {}),
      suspensionsNotified: [...this.suspensionsNotified],
    };
  }
}

/** Every kind has the command: the name as the kind's own command type. */
const name = <N extends string>(n: string) => n as N;

function calendarYearMissing(err: unknown): number | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === 'CALENDAR_NOT_PUBLISHED') {
    const details = cause.details?.[0] as { year?: number } | undefined;
    return details?.year ?? 0;
  }
  return undefined;
}

function refuseUnpublishedYear(err: unknown): never {
  const year = calendarYearMissing(err);
  if (year === undefined) throw err;
  throw ApplicationFailure.create({
    type: 'calendar.not_published',
    message: `the official holiday schedule for ${year} is not loaded (PUT /api/v1/calendar/years/${year})`,
    nonRetryable: true,
    details: [{ code: 'calendar.not_published', message: `year ${year} not loaded`, year }],
  });
}
