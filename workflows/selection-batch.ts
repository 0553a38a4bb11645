import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  ParentClosePolicy,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { ActorRef, BatchEvent, Channel } from '../domain/events';
import type { Actor } from '../domain/roles';
import { scaledSummaryPrefix } from '../domain/ruleset';
import { scrubNul } from '../domain/text';
import {
  addMonths,
  applyCommand,
  applyPublicity,
  changeStage,
  describeWait,
  checkCommand,
  endPublicity,
  initialState,
  nextStep,
  notification,
  pendingOpinions,
  probationWorkflowId,
  shanghaiDate,
  startProbation,
  waitForCalendar,
  type CommandContext,
  type CommandName,
  type CommandResult,
  type EventDraft,
  type SelectionBatchCarry,
  type SelectionBatchInput,
} from '../domain/selection';
import { MEETING_DATES_BOUNDED, SUSPENSION_FROM_OPEN_OBJECTIONS } from './corrections';
import { actorRef, bindCommand, SYSTEM } from './messaging';
import {
  changedSearchAttributes,
  continueAsNewAfterBytes,
  continueAsNewAfterEvents,
  HISTORY_DIET,
} from './history-diet';
import { calendar, persistence } from './options';
import { probation } from './probation';
import { scaledTimersLine, scaledTimersMark, SCALED_TIMERS_IN_PROBATION_SUMMARY } from './scaled-timers';
import { BatchStage, PendingOpinions, PublicityEndsAt } from './search-attributes';
import * as m from './selection-batch.messages';

type Activities = ReturnType<typeof createActivities>;
const { persistEvents } = proxyActivities<Activities>(persistence);
const { publicityWindow, addWorkingDays } = proxyActivities<Activities>(calendar);

export async function selectionBatch(input: SelectionBatchInput): Promise<{ stage: string }> {
  const { carry } = input;
  const state = carry?.state ?? initialState(input);
  const dieting = patched(HISTORY_DIET);
  const boundDates = patched(MEETING_DATES_BOUNDED);
  const deriveSuspension = patched(SUSPENSION_FROM_OPEN_OBJECTIONS);
  /** Workflow time: deterministic, also in update validators. */
  const context = (): CommandContext => ({ now: new Date().toISOString(), boundDates, deriveSuspension });
  const upsertChanged = changedSearchAttributes(dieting);
  const { ruleset } = state;
  const outbox: BatchEvent[] = [];
  let persistedSeq = state.seq;
  /** Calendar lookups of the watchers in flight: a run continues as new only between them. */
  let calendarInFlight = 0;
  const opinionsRequestedOn = carry?.opinionsRequestedOn ?? shanghaiDate(workflowInfo().startTime.toISOString());
  let opinionsReminded = carry?.opinionsReminded ?? false;
  let opinionsDue = carry?.opinionsDue;
  const suspensionsNotified = new Set((carry?.suspensionsNotified ?? []).map(suspensionKey));
  /** Bumped on every applied change, so the main loop re-evaluates what comes next. */
  let version = 0;
  let calendarUpdated = 0;
  /** A background coroutine's failure (not a cancellation) fails the workflow task instead of vanishing. */
  let backgroundFailure: unknown;
  const background = (work: Promise<unknown>) => {
    work.catch((err: unknown) => {
      if (!isCancellation(err)) backgroundFailure ??= err;
    });
  };

  const record = (type: string, actor: ActorRef, payload: unknown, rejected = false) => {
    const event: BatchEvent = { seq: ++state.seq, type, actor, at: new Date().toISOString(), payload };
    if (rejected) event.rejected = true;
    outbox.push(event);
    version++;
    return event.seq;
  };
  const emit = (drafts: EventDraft[], actor: ActorRef = SYSTEM) => {
    let seq = state.seq;
    for (const d of drafts) seq = record(d.type, actor, d.payload);
    showProgress();
    return seq;
  };
  const persisted = (seq: number) => condition(() => persistedSeq >= seq);
  const finished = () => state.stage === 'CLOSED' || state.stage === 'CANCELLED';
  // Not the server's continueAsNewSuggested: it comes at about 4,000 events, and each new run costs the messages
  // arriving meanwhile a pause; 10,000 events stay far below the cap, and below the server's warning at 10,240.
  const historyIsLong = () =>
    dieting &&
    (workflowInfo().historyLength >= (input.continueAsNewAfterEvents ?? continueAsNewAfterEvents) ||
      workflowInfo().historySize >= continueAsNewAfterBytes);
  /** Nothing in flight that the next run could not take over: no handler, no unwritten event, no lookup. */
  const quiet = () =>
    allHandlersFinished() && outbox.length === 0 && persistedSeq === state.seq && calendarInFlight === 0;
  /** Durable timers scale down only in drills and tests (ruleset.timerScale); production runs at 1. */
  const until = (instant: string) => Math.max(0, (Date.parse(instant) - Date.now()) * ruleset.timerScale);
  /** Waits for `done` or the instant, whichever comes first; true when `done` came first. */
  const waitUntil = async (done: () => boolean, instant: string) => {
    const ms = until(instant);
    return ms < 1 ? done() : condition(done, ms);
  };

  function showProgress() {
    if (state.waitingForCalendarYear === undefined) state.waitingFor = describeWait(state);
    // Candidates still awaiting an opinion (not the opinions): it changes once per candidate, and each change is an event.
    const pending = pendingOpinions(state).length;
    upsertChanged([
      { key: BatchStage, value: state.stage },
      { key: PendingOpinions, value: pending },
      ...(state.publicity ? [{ key: PublicityEndsAt, value: new Date(state.publicity.endsAt) }] : []),
    ]);
    const active = state.candidates.filter(
      (c) => !['WITHDRAWN', 'VETOED', 'DISQUALIFIED', 'CANCELLED', 'NOT_SELECTED', 'REJECTED'].includes(c.state),
    );
    setCurrentDetails(
      [
        `**${state.stage}** — waiting for ${state.waitingFor}`,
        `candidates: ${active.length} active of ${state.candidates.length}; open objections: ${state.objections.filter((o) => o.status !== 'RESOLVED').length}; holds: ${state.holds.length}`,
        ...(state.publicity
          ? [
              `public notice ${state.publicity.startsOn} → ${state.publicity.endsOn} (${state.publicity.workingDays} working days)`,
            ]
          : []),
        ...scaledTimersLine(ruleset),
      ].join('\n'),
    );
  }

  // ---------- messages ----------
  const wiring = {
    state,
    roleSignals: input.roleSignals,
    context,
    seen(requestId: string | undefined) {
      if (!requestId) return false;
      if (state.requestIds.includes(requestId)) return true;
      state.requestIds.push(requestId);
      if (state.requestIds.length > 500) state.requestIds.shift();
      return false;
    },
    reject(name: string, actor: Actor | undefined, refusal: { code: string }, payload: unknown) {
      record('SIGNAL_REJECTED', actorRef(actor, 'SIGNAL'), { signal: name, refusal, payload: scrubNul(payload) }, true);
    },
    persisted,
    async run(
      name: CommandName,
      cmdInput: unknown,
      actor: Actor | undefined,
      channel: Channel,
    ): Promise<CommandResult> {
      const by = actorRef(actor, channel);
      if (name === 'extendPublicity')
        return extendPublicity(cmdInput as { workingDays: number; reason: string }, actor, by);
      const effect = applyCommand(state, name, cmdInput as never, actor, context());
      const seq = emit(effect.events, by);
      if (name === 'resolveObjection') watchSuspensions();
      if (name === 'appoint') await beginProbation((cmdInput as { personId: string }).personId, by);
      return { seq: state.seq > seq ? state.seq : seq, ...effect.result };
    },
  };
  // First, before any handler exists: a signal delivered with the start (signal-with-start, or sent at once) is
  // dispatched as soon as its handler is set, and its event must come after the batch's first one.
  if (!carry)
    record('BATCH_STARTED', input.startedBy, {
      kind: state.kind,
      workflowId: workflowInfo().workflowId,
      plan: input.plan,
      ruleset: input.ruleset,
      ...(input.roleSignals ? { roleSignals: input.roleSignals } : {}),
      ...scaledTimersMark(input.ruleset),
    });
  setHandler(m.stateQuery, () => state);
  setHandler(m.calendarUpdatedSignal, () => {
    calendarUpdated++;
  });
  bindCommand(wiring, 'recordCheck', m.recordCheckUpdate, [
    { def: m.vettingResultSignal },
    { def: m.partyBranchOpinionSignal, defaults: { kind: 'BRANCH_OPINION' } },
    { def: m.disciplineOpinionSignal, defaults: { kind: 'DISCIPLINE_OPINION' } },
  ]);
  bindCommand(wiring, 'recordDecision', m.recordDecisionUpdate, [{ def: m.partyGroupDecisionSignal }]);
  bindCommand(wiring, 'fileObjection', m.fileObjectionUpdate, [{ def: m.objectionSignal }]);
  bindCommand(wiring, 'resolveObjection', m.resolveObjectionUpdate, [{ def: m.objectionResolutionSignal }]);
  bindCommand(wiring, 'withdraw', m.withdrawUpdate, [{ def: m.withdrawSignal }]);
  bindCommand(wiring, 'disqualify', m.disqualifyUpdate, [{ def: m.disqualifySignal }]);
  bindCommand(wiring, 'placeHold', m.placeHoldUpdate, [{ def: m.holdSignal }]);
  bindCommand(wiring, 'liftHold', m.liftHoldUpdate, [{ def: m.liftHoldSignal }]);
  bindCommand(wiring, 'appoint', m.appointUpdate, [{ def: m.appointSignal }]);
  bindCommand(wiring, 'extendPublicity', m.extendPublicityUpdate, [{ def: m.extendPublicitySignal }]);
  bindCommand(wiring, 'cancel', m.cancelUpdate, [{ def: m.cancelSignal }]);

  // ---------- calendar: a missing year makes the batch wait, visibly, until it is loaded ----------
  async function withCalendar<T>(compute: () => Promise<T>): Promise<T | undefined> {
    for (;;) {
      let missingYear: number | undefined;
      calendarInFlight++;
      try {
        return await compute();
      } catch (err) {
        missingYear = calendarYearMissing(err);
        if (missingYear === undefined) throw err;
      } finally {
        calendarInFlight--;
      }
      if (finished()) return undefined;
      emit(waitForCalendar(state, missingYear));
      const seen = calendarUpdated;
      // Also retried daily, in case the year was loaded without a signal reaching this batch.
      await condition(() => calendarUpdated !== seen || finished(), '1 day');
      if (finished()) return undefined;
      state.waitingForCalendarYear = undefined;
      emit([{ type: 'WAITING', payload: { waitingFor: 'calendar loaded: resuming', calendarYear: null } }]);
    }
  }

  async function extendPublicity(cmd: { workingDays: number; reason: string }, actor: Actor | undefined, by: ActorRef) {
    const current = state.publicity!;
    // The supervisor is waiting for an answer: a year without official data refuses the extension at once
    // (the batch itself never waits on it, the running window stays as it is).
    const window = await publicityWindow({ startsOn: current.startsOn, workingDays: cmd.workingDays }).catch(
      (err: unknown) => {
        const year = calendarYearMissing(err);
        if (year === undefined) throw err;
        throw ApplicationFailure.create({
          type: 'calendar.not_published',
          message: `the official holiday schedule for ${year} is not loaded (PUT /api/v1/calendar/years/${year})`,
          nonRetryable: true,
          details: [{ code: 'calendar.not_published', message: `year ${year} not loaded`, year }],
        });
      },
    );
    // Re-checked after the await: the window may have ended meanwhile.
    const again = checkCommand(state, 'extendPublicity', { ...cmd, actor }, context());
    if (!window || !again.ok)
      throw ApplicationFailure.create({
        type: 'publicity.not_open',
        message: 'the public notice ended',
        nonRetryable: true,
      });
    return { seq: emit(applyPublicity(state, window, current.personIds), by) };
  }

  // ---------- probation: its own workflow, which outlives the batch ----------
  async function beginProbation(personId: string, by: ActorRef) {
    const c = state.candidates.find((x) => x.personId === personId)!;
    const position = state.positions.find((p) => p.id === c.positionId)!;
    const workflowId = probationWorkflowId(state.id, personId);
    const endsOn = addMonths(`${c.appointment!.noticeDate}T00:00:00.000Z`, ruleset.probationMonths).slice(0, 10);
    // Only a scaled batch takes the patch: at real time the summary and the commands stay as they were.
    const scaledMark =
      ruleset.timerScale < 1 && patched(SCALED_TIMERS_IN_PROBATION_SUMMARY) ? scaledSummaryPrefix(ruleset) : '';
    await startChild(probation, {
      workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          batchId: state.id,
          personId,
          positionId: c.positionId,
          level: position.level,
          startsOn: c.appointment!.noticeDate,
          endsOn,
          timerScale: ruleset.timerScale,
          talkReminderWorkingDays: ruleset.appointmentTalkReminderWorkingDays,
          ...(input.roleSignals ? { roleSignals: input.roleSignals } : {}),
        },
      ],
      staticSummary: `${scaledMark}试用期 ${personId} (${position.id}, ${position.level}) ${c.appointment!.noticeDate} → ${endsOn}`,
    });
    emit(startProbation(state, personId, workflowId, endsOn), by);
  }

  // ---------- 暂缓: at most 3 months, then the party group must decide; the system escalates, never approves ----------
  // One watcher per suspension end: keyed `personId@suspendedUntil` (before the correction, by person only, so a later
  // end was never watched). A watcher whose end moved stops; the end it moved to gets its own.
  function suspensionKey(key: string) {
    if (!deriveSuspension || key.includes('@')) return key;
    const c = state.candidates.find((x) => x.personId === key);
    return `${key}@${c?.suspendedUntil ?? ''}`;
  }
  const watchedSuspensions = new Set<string>(suspensionsNotified);
  function watchSuspensions() {
    for (const c of state.candidates) {
      if (c.state !== 'SUSPENDED' || !c.suspendedUntil) continue;
      const until_ = c.suspendedUntil;
      const key = deriveSuspension ? `${c.personId}@${until_}` : c.personId;
      if (watchedSuspensions.has(key)) continue;
      watchedSuspensions.add(key);
      const stillSuspended = () => c.state === 'SUSPENDED' && (!deriveSuspension || c.suspendedUntil === until_);
      background(
        (async () => {
          const cleared = await waitUntil(() => !stillSuspended(), until_);
          if (cleared || finished()) {
            if (deriveSuspension) watchedSuspensions.delete(key);
            return;
          }
          suspensionsNotified.add(key);
          emit([
            notification(
              'SUSPENSION_EXPIRED',
              ['ORG_HEAD', 'PARTY_GROUP_SECRETARY'],
              c.personId,
              `the ${ruleset.suspensionMonths}-month suspension (暂缓) has run out: the party group must decide`,
            ),
          ]);
        })(),
      );
    }
  }

  // ---------- opinion deadlines: reminder, then escalation repeated; never auto-approval ----------
  async function watchOpinions() {
    const requestedOn = opinionsRequestedOn;
    const stillPending = () => state.stage === 'INSPECTING' && pendingOpinions(state).length > 0;
    const remindAfter = ruleset.opinionDeadlineWorkingDays - ruleset.reminderWorkingDaysBefore;
    if (remindAfter > 0 && !opinionsReminded) {
      const remind = await withCalendar(() => addWorkingDays({ from: requestedOn, days: remindAfter }));
      if (!remind) return;
      if (await waitUntil(() => !stillPending(), remind.startAt)) return;
      emit([
        notification(
          'OPINION_REMINDER',
          ['ORG_OFFICER', 'BRANCH_SECRETARY', 'DISCIPLINE_GROUP'],
          undefined,
          describePending(),
        ),
      ]);
    }
    opinionsReminded = true;
    let due =
      opinionsDue ??
      (await withCalendar(() => addWorkingDays({ from: requestedOn, days: ruleset.opinionDeadlineWorkingDays })));
    while (due) {
      opinionsDue = due;
      state.opinionsDueOn = due.end;
      showProgress();
      if (await waitUntil(() => !stillPending(), due.endsAt)) return;
      emit([
        notification(
          'OPINION_OVERDUE',
          ['ORG_HEAD', 'DISCIPLINE_GROUP'],
          undefined,
          `overdue since ${due.end}: ${describePending()}`,
        ),
      ]);
      const from = due.end;
      opinionsDue = undefined;
      due = await withCalendar(() => addWorkingDays({ from, days: ruleset.escalationRepeatWorkingDays }));
    }
  }
  const describePending = () =>
    pendingOpinions(state)
      .map((p) => `${p.personId}: ${p.missing.join(', ')}`)
      .join('; ');

  // Runs until the batch is over and no message handler is still at work: a handler (an appointment starting its
  // probation, say) may record its last event after the batch has closed, and waits until that event is persisted.
  const settled = () => finished() && allHandlersFinished();
  async function persistLoop() {
    while (!settled() || outbox.length > 0) {
      await condition(() => outbox.length > 0 || settled());
      if (outbox.length === 0) continue;
      const events = outbox.splice(0);
      await persistEvents({ batchId: state.id, events });
      persistedSeq = events.at(-1)?.seq ?? persistedSeq;
    }
  }

  // ---------- main: the procedure's own steps ----------
  showProgress();
  const persisting = persistLoop();
  background(persisting);
  background(watchOpinions());
  watchSuspensions();

  while (!finished()) {
    if (historyIsLong()) {
      await condition(() => quiet() || finished());
      if (!finished()) await continueAsNew<typeof selectionBatch>({ ...input, carry: carried() });
    }
    const step = nextStep(state);
    if (step.kind === 'stage') {
      emit(changeStage(state, step.to));
      continue;
    }
    if (step.kind === 'openPublicity') {
      const window = await withCalendar(() =>
        publicityWindow({
          startsOn: shanghaiDate(new Date().toISOString()),
          workingDays: ruleset.publicityWorkingDays,
        }),
      );
      if (window && state.stage === 'DECIDING') emit(applyPublicity(state, window, step.personIds));
      continue;
    }
    if (state.stage === 'PUBLICITY' && state.publicity && !state.publicity.ended) {
      const endsAt = state.publicity.endsAt;
      const changed = await waitUntil(
        () => state.publicity?.endsAt !== endsAt || finished() || historyIsLong(),
        endsAt,
      );
      if (!changed) emit(endPublicity(state));
      continue;
    }
    const seen = version;
    await condition(() => version !== seen || backgroundFailure !== undefined || historyIsLong());
    if (backgroundFailure !== undefined) throw backgroundFailure;
  }
  await persisting;
  return { stage: state.stage };

  function carried(): SelectionBatchCarry {
    return {
      state,
      opinionsRequestedOn,
      opinionsReminded,
      ...(opinionsDue ? { opinionsDue: { end: opinionsDue.end, endsAt: opinionsDue.endsAt } } : {}),
      suspensionsNotified: [...suspensionsNotified],
    };
  }
}

function calendarYearMissing(err: unknown): number | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === 'CALENDAR_NOT_PUBLISHED') {
    const details = cause.details?.[0] as { year?: number } | undefined;
    return details?.year ?? 0;
  }
  return undefined;
}
