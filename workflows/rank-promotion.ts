import { scrubNul } from '../domain/text';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
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
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { ActorRef, BatchEvent, Channel } from '../domain/events';
import {
  applyRankCommand,
  applyRankPublicity,
  candidateEligibility,
  changeRankStage,
  checkRankCommand,
  endRankPublicity,
  initialRankState,
  isRankExit,
  nextRankStep,
  pendingRankSteps,
  waitForRankCalendar,
  type RankBatchStartedPayload,
  type RankCommandName,
  type RankPromotionBatchInput,
} from '../domain/rank-promotion';
import type { Actor } from '../domain/roles';
import {
  declaredActor,
  notification,
  shanghaiDate,
  signalChannelRefusal,
  type CommandContext,
  type CommandResult,
  type EventDraft,
} from '../domain/selection';
import { AWAITING_ASSESSMENT, MEETING_DATES_BOUNDED, SUSPENSION_FROM_OPEN_OBJECTIONS } from './corrections';
import { actorRef, refusalFailure, SYSTEM } from './messaging';
import { changedSearchAttributes, HISTORY_DIET } from './history-diet';
import { scaledTimersLine, scaledTimersMark } from './scaled-timers';
import { calendar, persistence } from './options';
import * as m from './rank-promotion.messages';
import { BatchKind, BatchStage, BatchYear, OrgUnit, PendingOpinions, PublicityEndsAt } from './search-attributes';

type Activities = ReturnType<typeof createActivities>;
const { persistEvents } = proxyActivities<Activities>(persistence);
const { publicityWindow, addWorkingDays } = proxyActivities<Activities>(calendar);

// Each message has its own payload type; the binding treats them alike and validates at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPayload = [any];

/** 职级晋升批次 (domain.md §3): eligibility, vetting, decision, 公示, approval; workflow id `batch-<id>`. */
export async function rankPromotionBatch(input: RankPromotionBatchInput): Promise<{ stage: string }> {
  const upsertChanged = changedSearchAttributes(patched(HISTORY_DIET));
  const boundDates = patched(MEETING_DATES_BOUNDED);
  const deriveSuspension = patched(SUSPENSION_FROM_OPEN_OBJECTIONS);
  const awaitLastYearsAssessment = patched(AWAITING_ASSESSMENT);
  /** Workflow time: deterministic, also in update validators. */
  const context = (): CommandContext => ({ now: new Date().toISOString(), boundDates, deriveSuspension });
  const eligibility = candidateEligibility(input.plan, input.ruleset, { awaitLastYearsAssessment });
  const state = initialRankState(input, eligibility);
  const { ruleset } = state;
  const outbox: BatchEvent[] = [];
  let persistedSeq = 0;
  let version = 0;
  let calendarUpdated = 0;
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
  const finished = () => state.stage === 'CLOSED' || state.stage === 'CANCELLED';
  /** Durable timers scale down only in drills and tests (ruleset.timerScale); production runs at 1. */
  const waitUntil = async (done: () => boolean, instant: string) => {
    const ms = Math.max(0, (Date.parse(instant) - Date.now()) * ruleset.timerScale);
    return ms < 1 ? done() : condition(done, ms);
  };

  function showProgress() {
    // Candidates still awaiting a step (not the steps): it changes once per candidate, and each change is an event.
    const pending = pendingRankSteps(state).length;
    upsertChanged([
      { key: BatchStage, value: state.stage },
      { key: PendingOpinions, value: pending },
      ...(state.publicity ? [{ key: PublicityEndsAt, value: new Date(state.publicity.endsAt) }] : []),
    ]);
    const active = state.candidates.filter((c) => !isRankExit(c.state));
    const promoted = state.candidates.filter((c) => c.state === 'PROMOTED').length;
    setCurrentDetails(
      [
        `**${state.stage}** — waiting for ${state.waitingFor}`,
        `candidates: ${active.length} active of ${state.candidates.length} (${state.candidates.filter((c) => !c.eligible).length} ineligible); promoted: ${promoted}; open objections: ${state.objections.filter((o) => o.status !== 'RESOLVED').length}; holds: ${state.holds.length}`,
        ...(state.publicity
          ? [
              `公示 ${state.publicity.startsOn} → ${state.publicity.endsOn} (${state.publicity.workingDays} working days)`,
            ]
          : []),
        ...scaledTimersLine(ruleset),
      ].join('\n'),
    );
  }

  // ---------- messages: one pure check for signal and update alike ----------
  function seen(requestId: string | undefined) {
    if (!requestId) return false;
    if (state.requestIds.includes(requestId)) return true;
    state.requestIds.push(requestId);
    if (state.requestIds.length > 500) state.requestIds.shift();
    return false;
  }

  async function run(
    name: RankCommandName,
    cmd: unknown,
    actor: Actor | undefined,
    channel: Channel,
  ): Promise<CommandResult> {
    const by = actorRef(actor, channel);
    if (name === 'extendPublicity') return extendPublicity(cmd as { workingDays: number; reason: string }, actor, by);
    const effect = applyRankCommand(state, name, cmd as never, actor, context());
    const seq = emit(effect.events, by);
    if (name === 'resolveObjection') watchSuspensions();
    return { seq, ...effect.result };
  }

  function bind(
    name: RankCommandName,
    update: UpdateDefinition<CommandResult, AnyPayload>,
    signals: { def: SignalDefinition<AnyPayload>; defaults?: Record<string, unknown> }[],
  ) {
    for (const { def, defaults } of signals)
      setHandler(def as SignalDefinition<[Record<string, unknown>]>, async (payload) => {
        const message = { ...payload, ...defaults };
        if (seen(typeof message.requestId === 'string' ? message.requestId : undefined)) return;
        const closed = signalChannelRefusal(input.roleSignals, name, message.actor);
        const checked = closed
          ? { ok: false as const, refusal: closed }
          : checkRankCommand(state, name, message, context());
        if (!checked.ok) {
          record(
            'SIGNAL_REJECTED',
            actorRef(declaredActor(message.actor), 'SIGNAL'),
            { signal: def.name, refusal: checked.refusal, payload: scrubNul(message) },
            true,
          );
          return;
        }
        await run(name, checked.input, checked.actor, 'SIGNAL');
      });
    setHandler(
      update as UpdateDefinition<CommandResult, [Record<string, unknown>]>,
      async (payload) => {
        // State can change between validation and handling (another message first): check again.
        const checked = checkRankCommand(state, name, payload, context());
        if (!checked.ok) throw refusalFailure(checked.refusal);
        const result = await run(name, checked.input, checked.actor, 'API');
        await condition(() => persistedSeq >= result.seq);
        return result;
      },
      {
        validator: (payload) => {
          const checked = checkRankCommand(state, name, payload, context());
          if (!checked.ok) throw refusalFailure(checked.refusal);
        },
      },
    );
  }

  // First, before any handler exists: a signal delivered with the start must come after the batch's first event.
  const started: RankBatchStartedPayload = {
    kind: 'RANK_PROMOTION',
    workflowId: workflowInfo().workflowId,
    plan: input.plan,
    ruleset: input.ruleset,
    ...(input.roleSignals ? { roleSignals: input.roleSignals } : {}),
    ...scaledTimersMark(input.ruleset),
    eligibility: eligibility.map((e, i) => ({
      personId: input.plan.candidates[i]!.personId,
      ...e,
    })),
  };
  record('BATCH_STARTED', input.startedBy, started);
  setHandler(m.rankStateQuery, () => state);
  setHandler(m.calendarUpdatedSignal, () => {
    calendarUpdated++;
  });
  bind('recordCheck', m.rankCheckUpdate, [
    { def: m.rankVettingResultSignal },
    { def: m.rankBranchOpinionSignal, defaults: { kind: 'BRANCH_OPINION' } },
    { def: m.rankDisciplineOpinionSignal, defaults: { kind: 'DISCIPLINE_OPINION' } },
  ]);
  bind('recordEvaluation', m.recordEvaluationUpdate, [{ def: m.evaluationResultSignal }]);
  bind('recordAssessment', m.recordAssessmentUpdate, [{ def: m.assessmentResultSignal }]);
  bind('recordDecision', m.recordDecisionUpdate, [{ def: m.partyGroupDecisionSignal }]);
  bind('fileObjection', m.fileObjectionUpdate, [{ def: m.objectionSignal }]);
  bind('resolveObjection', m.resolveObjectionUpdate, [{ def: m.objectionResolutionSignal }]);
  bind('withdraw', m.withdrawUpdate, [{ def: m.withdrawSignal }]);
  bind('disqualify', m.disqualifyUpdate, [{ def: m.disqualifySignal }]);
  bind('placeHold', m.placeHoldUpdate, [{ def: m.holdSignal }]);
  bind('liftHold', m.liftHoldUpdate, [{ def: m.liftHoldSignal }]);
  bind('extendPublicity', m.extendPublicityUpdate, [{ def: m.extendPublicitySignal }]);
  bind('cancel', m.cancelUpdate, [{ def: m.cancelSignal }]);
  bind('approve', m.approveRankUpdate, [{ def: m.rankApprovalSignal }]);

  // ---------- calendar: a missing year makes the batch wait, visibly, until it is loaded ----------
  async function withCalendar<T>(compute: () => Promise<T>): Promise<T | undefined> {
    for (;;) {
      try {
        return await compute();
      } catch (err) {
        const year = calendarYearMissing(err);
        if (year === undefined) throw err;
        if (finished()) return undefined;
        emit(waitForRankCalendar(state, year));
        const before = calendarUpdated;
        // Also retried daily, in case the year was loaded without a signal reaching this batch.
        await condition(() => calendarUpdated !== before || finished(), '1 day');
        if (finished()) return undefined;
        state.waitingForCalendarYear = undefined;
        emit([{ type: 'WAITING', payload: { waitingFor: 'calendar loaded: resuming', calendarYear: null } }]);
      }
    }
  }

  async function extendPublicity(cmd: { workingDays: number; reason: string }, actor: Actor | undefined, by: ActorRef) {
    const current = state.publicity!;
    const window = await withCalendar(() =>
      publicityWindow({ startsOn: current.startsOn, workingDays: cmd.workingDays }),
    );
    const again = checkRankCommand(state, 'extendPublicity', { ...cmd, actor }, context());
    if (!window || !again.ok)
      throw ApplicationFailure.create({
        type: 'publicity.not_open',
        message: 'the public notice ended',
        nonRetryable: true,
      });
    return { seq: emit(applyRankPublicity(state, window, current.personIds), by) };
  }

  // ---------- 暂缓: at most 3 months, then the party group must decide; the system escalates, never approves ----------
  // One watcher per suspension end (`personId@end`; before the correction, per person, so a later end went unwatched).
  const watchedSuspensions = new Set<string>();
  function watchSuspensions() {
    for (const c of state.candidates) {
      if (c.state !== 'SUSPENDED' || !c.suspendedUntil) continue;
      const until = c.suspendedUntil;
      const key = deriveSuspension ? `${c.personId}@${until}` : c.personId;
      if (watchedSuspensions.has(key)) continue;
      watchedSuspensions.add(key);
      const stillSuspended = () => c.state === 'SUSPENDED' && (!deriveSuspension || c.suspendedUntil === until);
      background(
        (async () => {
          const cleared = await waitUntil(() => !stillSuspended(), until);
          if (cleared && deriveSuspension) watchedSuspensions.delete(key);
          if (!cleared && !finished())
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
    const requestedOn = shanghaiDate(workflowInfo().startTime.toISOString());
    const stillPending = () => state.stage === 'INSPECTING' && pendingRankSteps(state).length > 0;
    const describe = () =>
      pendingRankSteps(state)
        .map((p) => `${p.personId}: ${p.missing.join(', ')}`)
        .join('; ');
    const remindAfter = ruleset.opinionDeadlineWorkingDays - ruleset.reminderWorkingDaysBefore;
    if (remindAfter > 0) {
      const remind = await withCalendar(() => addWorkingDays({ from: requestedOn, days: remindAfter }));
      if (!remind) return;
      if (await waitUntil(() => !stillPending(), remind.startAt)) return;
      emit([notification('OPINION_REMINDER', ['ORG_OFFICER', 'DISCIPLINE_GROUP'], undefined, describe())]);
    }
    let due = await withCalendar(() => addWorkingDays({ from: requestedOn, days: ruleset.opinionDeadlineWorkingDays }));
    while (due) {
      if (await waitUntil(() => !stillPending(), due.endsAt)) return;
      emit([
        notification(
          'OPINION_OVERDUE',
          ['ORG_HEAD', 'DISCIPLINE_GROUP'],
          undefined,
          `overdue since ${due.end}: ${describe()}`,
        ),
      ]);
      const from = due.end;
      due = await withCalendar(() => addWorkingDays({ from, days: ruleset.escalationRepeatWorkingDays }));
    }
  }

  // Until the batch is over and no handler is still at work (a handler may record an event after the close).
  const settled = () => finished() && allHandlersFinished();
  async function persistLoop() {
    while (!settled() || outbox.length > 0) {
      await condition(() => outbox.length > 0 || settled());
      if (outbox.length === 0) continue;
      const events = outbox.splice(0);
      await persistEvents({ batchId: state.id, events, stream: 'rank' });
      persistedSeq = events.at(-1)?.seq ?? persistedSeq;
    }
  }

  // ---------- main: the procedure's own steps ----------
  // Also when started without them (an operator's `temporal workflow start`): the UI filters on these.
  upsertSearchAttributes([
    { key: BatchKind, value: 'RANK_PROMOTION' },
    { key: BatchYear, value: state.year },
    { key: OrgUnit, value: state.orgUnit },
  ]);
  showProgress();
  const persisting = persistLoop();
  background(persisting);
  background(watchOpinions());

  while (!finished()) {
    const step = nextRankStep(state);
    if (step.kind === 'stage') {
      emit(changeRankStage(state, step.to));
      continue;
    }
    if (step.kind === 'openPublicity') {
      const window = await withCalendar(() =>
        publicityWindow({
          startsOn: shanghaiDate(new Date().toISOString()),
          workingDays: ruleset.publicityWorkingDays,
        }),
      );
      if (window && state.stage === 'DECIDING') emit(applyRankPublicity(state, window, step.personIds));
      continue;
    }
    if (state.stage === 'PUBLICITY' && state.publicity && !state.publicity.ended) {
      const endsAt = state.publicity.endsAt;
      const changed = await waitUntil(() => state.publicity?.endsAt !== endsAt || finished(), endsAt);
      if (!changed) emit(endRankPublicity(state));
      continue;
    }
    const before = version;
    await condition(() => version !== before || backgroundFailure !== undefined);
    if (backgroundFailure !== undefined) throw backgroundFailure;
  }
  await persisting;
  // Let update handlers still waiting for their event to be persisted answer their callers.
  await condition(allHandlersFinished);
  return { stage: state.stage };
}

function calendarYearMissing(err: unknown): number | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === 'CALENDAR_NOT_PUBLISHED') {
    const details = cause.details?.[0] as { year?: number } | undefined;
    return details?.year ?? 0;
  }
  return undefined;
}
