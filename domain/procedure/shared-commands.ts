import { decideMeeting, type PartyGroupDecision } from '../decision';
import { isPerson, orgStaff } from '../roles';
import { readySince, shanghaiDate } from './dates';
import type { Handler } from './handler';
import type { KindSpec } from './kind';
import type {
  CancelInput,
  CommandContext,
  DisqualifyInput,
  ExtendPublicityInput,
  HoldInput,
  LiftHoldInput,
  WithdrawInput,
} from './messages';
import { objectionCommands } from './objections';
import { isRefusal, needRole, refuse, type Refusal } from './refusal';
import { describeWait } from './stages';
import { batchOpen, candidateOr, findCandidate, isHeld, type ProcedureState } from './state';

/** The commands of the back half every kind shares, bound to one kind's answers. */
export function sharedCommands<St extends ProcedureState>(spec: KindSpec<St>) {
  const stillRunning = (state: ProcedureState, personId: string): Refusal | undefined => {
    const c = candidateOr(state, personId);
    if (isRefusal(c)) return c;
    if (spec.isSettled(c.state)) return refuse('candidate.wrong_state', `candidate ${personId} is already ${c.state}`);
    return undefined;
  };

  const decide = (state: St, input: PartyGroupDecision, ctx: CommandContext) =>
    decideMeeting({
      members: state.members,
      attendance: input.attendance,
      agenda: state.candidates
        .filter((c) => !spec.isExit(c.state))
        .map((c) => ({
          personId: c.personId,
          vetted: (c.state === 'VETTED' || c.state === 'DEFERRED') && !isHeld(state, c.personId),
          ...readySince(spec.lastStepAt(c), c.decision?.heldOn),
        })),
      relations: state.relations,
      votes: input.votes,
      deferIfDivergent: state.ruleset.deferIfDivergent,
      ...(ctx.boundDates === false ? {} : { dates: { heldOn: input.heldOn, today: shanghaiDate(ctx.now) } }),
      settings: { recusedCountsAsAbsent: state.ruleset.recusedCountsAsAbsent },
    });

  const recordDecision: Handler<St, PartyGroupDecision> = {
    check(state, input, actor, ctx) {
      const denied = needRole(actor, ['PARTY_GROUP_SECRETARY'], 'recording a party group decision') ?? batchOpen(state);
      if (denied) return denied;
      if (state.meetings.some((m) => m.meetingId === input.meetingId))
        return refuse('meeting.already_recorded', `meeting ${input.meetingId} is already recorded`);
      const decided = decide(state, input, ctx);
      if (!decided.ok) {
        const [first] = decided.violations;
        return refuse(
          first?.code ?? 'meeting.invalid',
          decided.violations.map((v) => v.message).join('; '),
          decided.violations.map((v) => ({ path: (v.path ?? []).join('.'), message: `${v.code}: ${v.message}` })),
        );
      }
      return spec.seatsRefusal(state, decided.outcomes);
    },
    apply(state, input, _actor, ctx) {
      const decided = decide(state, input, ctx);
      if (!decided.ok) throw new Error('decision re-validation failed');
      state.meetings.push({ meetingId: input.meetingId, heldOn: input.heldOn });
      for (const o of decided.outcomes) {
        const c = findCandidate<ProcedureState['candidates'][number]>(state, o.personId)!;
        c.decision = { meetingId: input.meetingId, heldOn: input.heldOn, outcome: o.outcome };
        c.state = o.outcome;
        if (o.outcome === 'REJECTED') c.exitReason = `party group meeting ${input.meetingId}: threshold not reached`;
      }
      return {
        events: [
          {
            type: 'DECISION_RECORDED',
            payload: { meeting: { ...input, members: state.members.length }, outcomes: decided.outcomes },
          },
        ],
      };
    },
  };

  const withdraw: Handler<St, WithdrawInput> = {
    check(state, input, actor) {
      const denied = isPerson(actor, input.personId)
        ? undefined
        : input.initiator === 'CANDIDATE'
          ? needRole(actor, orgStaff, "recording a candidate's own withdrawal")
          : needRole(actor, ['ORG_HEAD'], 'withdrawing a candidacy');
      return denied ?? batchOpen(state) ?? stillRunning(state, input.personId);
    },
    apply(state, input, actor) {
      const c = findCandidate<ProcedureState['candidates'][number]>(state, input.personId)!;
      c.state = 'WITHDRAWN';
      c.exitReason = input.reason;
      const initiator = isPerson(actor, input.personId) ? 'CANDIDATE' : input.initiator;
      return { events: [{ type: 'WITHDRAWN', payload: { ...input, initiator } }] };
    },
  };

  const disqualify: Handler<St, DisqualifyInput> = {
    check(state, input, actor) {
      return (
        needRole(actor, ['ORG_HEAD'], 'disqualifying a candidate') ??
        batchOpen(state) ??
        stillRunning(state, input.personId)
      );
    },
    apply(state, input) {
      const c = findCandidate<ProcedureState['candidates'][number]>(state, input.personId)!;
      c.state = 'DISQUALIFIED';
      c.exitReason = input.reason;
      return { events: [{ type: 'DISQUALIFIED', payload: { ...input } }] };
    },
  };

  const placeHold: Handler<St, HoldInput> = {
    check(state, input, actor) {
      const denied = needRole(actor, ['DISCIPLINE_GROUP'], 'placing a hold') ?? batchOpen(state);
      if (denied) return denied;
      if (input.personId) {
        const c = candidateOr(state, input.personId);
        if (isRefusal(c)) return c;
      }
      if (input.holdId && state.holds.some((h) => h.holdId === input.holdId))
        return refuse('hold.duplicate', `hold ${input.holdId} already exists`);
      return undefined;
    },
    apply(state, input, actor, { now }) {
      const holdId = input.holdId ?? `hold-${state.seq + 1}`;
      state.holds.push({
        holdId,
        reason: input.reason,
        placedBy: actor!.id,
        placedAt: now,
        ...(input.personId ? { personId: input.personId } : {}),
      });
      return { events: [{ type: 'HOLD_PLACED', payload: { ...input, holdId } }], result: { holdId } };
    },
  };

  const liftHold: Handler<St, LiftHoldInput> = {
    check(state, input, actor) {
      const denied = needRole(actor, ['DISCIPLINE_GROUP'], 'lifting a hold') ?? batchOpen(state);
      if (denied) return denied;
      if (!state.holds.some((h) => h.holdId === input.holdId))
        return refuse('hold.not_found', `no active hold ${input.holdId}`);
      return undefined;
    },
    apply(state, input) {
      state.holds = state.holds.filter((h) => h.holdId !== input.holdId);
      return { events: [{ type: 'HOLD_LIFTED', payload: { ...input } }] };
    },
  };

  const extendPublicity: Handler<St, ExtendPublicityInput> = {
    check(state, input, actor) {
      const denied = needRole(actor, orgStaff, 'extending the public notice') ?? batchOpen(state);
      if (denied) return denied;
      if (!state.publicity || state.publicity.ended) return refuse('publicity.not_open', 'no public notice is running');
      if (input.workingDays <= state.publicity.workingDays)
        return refuse(
          'publicity.never_shorter',
          `the notice already runs ${state.publicity.workingDays} working days`,
          [{ path: 'workingDays', message: `must be more than ${state.publicity.workingDays}` }],
        );
      return undefined;
    },
    // The new window needs the calendar (an activity): the workflow computes it, then calls applyPublicity.
    apply() {
      return { events: [] };
    },
  };

  const cancel: Handler<St, CancelInput> = {
    check(state, _input, actor) {
      return needRole(actor, ['ORG_HEAD'], 'cancelling a batch') ?? batchOpen(state);
    },
    apply(state, input) {
      for (const c of state.candidates as ProcedureState['candidates'])
        if (!spec.isSettled(c.state)) {
          c.state = 'NOT_SELECTED';
          c.exitReason = `batch cancelled: ${input.reason}`;
        }
      state.cancelReason = input.reason;
      const from = state.stage;
      state.stage = 'CANCELLED';
      state.waitingFor = describeWait(spec, state);
      return {
        events: [
          { type: 'BATCH_CANCELLED', payload: { ...input } },
          { type: 'STAGE_CHANGED', payload: { from, to: 'CANCELLED' } },
        ],
      };
    },
  };

  return {
    recordDecision,
    ...objectionCommands(spec),
    withdraw,
    disqualify,
    placeHold,
    liftHold,
    extendPublicity,
    cancel,
  };
}
