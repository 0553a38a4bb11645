import { describe, expect, test } from 'vitest';
import type { BatchStage } from '../../domain/batch';
import type { PublicityWindow } from '../../domain/calendar';
import { endStepRefusal } from '../../domain/procedure/end-step';
import { commandRunner, type Handler } from '../../domain/procedure/handler';
import type { KindSpec } from '../../domain/procedure/kind';
import { parseMessage, sharedCommandSchemas, type CommandContext } from '../../domain/procedure/messages';
import { refuse } from '../../domain/procedure/refusal';
import { sharedCommands } from '../../domain/procedure/shared-commands';
import { kindStages } from '../../domain/procedure/stages';
import {
  sharedCandidateStates,
  type ProcedureCandidate,
  type ProcedureState,
  type SharedCandidateState,
} from '../../domain/procedure/state';
import { rankCandidateStates } from '../../domain/rank-promotion';
import { defaultRuleset } from '../../domain/ruleset';
import { candidateStates } from '../../domain/selection';
import { discipline, head } from '../helpers/workflow-actors';
import { z } from 'zod';

// A kind made up for these tests: one front-half step (`finish`) and an end (`complete`), on the shared machine.

type ToyCandidateState = SharedCandidateState | 'READY' | 'DONE';
type ToyState = ProcedureState<ProcedureCandidate<ToyCandidateState>>;

const exits: readonly string[] = ['WITHDRAWN', 'VETOED', 'DISQUALIFIED', 'CANCELLED', 'NOT_SELECTED', 'REJECTED'];

const spec = (holdsStopStages: boolean): KindSpec<ToyState> => ({
  ready: 'READY',
  isExit: (s) => exits.includes(s),
  isSettled: (s) => exits.includes(s) || s === 'DONE',
  inFrontHalf: (c) => c.state === 'UNDER_INSPECTION',
  lastStepAt: () => undefined,
  seatsRefusal: (_state, outcomes) =>
    outcomes.filter((o) => o.outcome === 'APPROVED').length > 1 ? refuse('toy.one_seat', 'one seat') : undefined,
  holdsStopStages,
  wording: {
    end: 'toy end',
    inspecting: (state) => `toy steps: ${state.candidates.filter((c) => c.state === 'UNDER_INSPECTION').length} left`,
    decision: '讨论',
    notice: '公示',
    appointing: 'the toy end',
  },
});

const toySpec = spec(true);
const toySchemas = {
  finish: z.strictObject({ personId: z.string() }),
  ...sharedCommandSchemas,
  complete: z.strictObject({ personId: z.string(), on: z.iso.date() }),
};
const finish: Handler<ToyState, { personId: string }> = {
  check: () => undefined,
  apply(state, input) {
    state.candidates.find((c) => c.personId === input.personId)!.state = 'VETTED';
    return { events: [{ type: 'FINISHED', payload: { ...input } }] };
  },
};
const complete: Handler<ToyState, { personId: string; on: string }> = {
  check: (state, input, _actor, ctx) =>
    endStepRefusal(toySpec, state, ctx, input.personId, {
      code: 'appointment',
      date: input.on,
      path: 'on',
      what: 'date',
    }),
  apply(state, input) {
    state.candidates.find((c) => c.personId === input.personId)!.state = 'DONE';
    return { events: [{ type: 'COMPLETED', payload: { ...input } }] };
  },
};
const toy = commandRunner(toySchemas, { finish, ...sharedCommands(toySpec), complete });

const NOW = '2026-11-25T02:00:00.000Z';
const ctx: CommandContext = { now: NOW };
const window: PublicityWindow = {
  startsOn: '2026-11-26',
  workingDays: 5,
  endsOn: '2026-12-02',
  endsAt: '2026-12-02T16:00:00.000Z',
  counted: ['2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02'],
};

function toyState(personIds = ['p1', 'p2']): ToyState {
  return {
    id: 'toy-1',
    kind: 'SELECTION',
    stage: 'INSPECTING',
    title: 'toy',
    year: 2026,
    orgUnit: 'unit',
    ruleset: defaultRuleset,
    members: [],
    relations: [],
    candidates: personIds.map((personId) => ({ personId, branchId: 'b1', state: 'UNDER_INSPECTION' })),
    holds: [],
    objections: [],
    meetings: [],
    waitingFor: '',
    seq: 0,
    requestIds: [],
  };
}

function run(state: ToyState, name: keyof typeof toySchemas, message: Record<string, unknown>) {
  const checked = toy.check(state, name, message, ctx);
  if (!checked.ok) return checked.refusal;
  return toy.apply(state, name, checked.input as never, checked.actor, ctx);
}

describe('the procedure engine', () => {
  test('when a kind lists its states, every state the shared stages set is among them', () => {
    for (const states of [candidateStates, rankCandidateStates] as readonly (readonly string[])[])
      expect(sharedCandidateStates.filter((s) => !states.includes(s))).toEqual([]);
  });

  describe('nextStep', () => {
    const { nextStep } = kindStages(toySpec);

    test('when a candidate is still in the front half, the batch stays INSPECTING; when none is, it moves on', () => {
      const state = toyState();
      expect(nextStep(state)).toEqual({ kind: 'none' });
      state.candidates.forEach((c) => (c.state = 'VETTED'));
      expect(nextStep(state)).toEqual({ kind: 'stage', to: 'DECIDING' });
    });

    test('when every candidate has left, the batch closes', () => {
      const state = toyState();
      state.candidates.forEach((c) => (c.state = 'WITHDRAWN'));
      expect(nextStep(state)).toEqual({ kind: 'stage', to: 'CLOSED' });
    });

    test('when every candidate is decided, the notice opens for the approved ones only', () => {
      const state = { ...toyState(), stage: 'DECIDING' as BatchStage };
      state.candidates[0]!.state = 'APPROVED';
      state.candidates[1]!.state = 'REJECTED';
      expect(nextStep(state)).toEqual({ kind: 'openPublicity', personIds: ['p1'] });
    });

    test('when the notice has ended and everyone is ready or settled, the kind end begins; when all settled, it closes', () => {
      const state = { ...toyState(), stage: 'PUBLICITY' as BatchStage };
      state.publicity = { ...window, windowNo: 1, ended: true, personIds: ['p1', 'p2'] };
      state.candidates[0]!.state = 'READY';
      state.candidates[1]!.state = 'ON_HOLD';
      expect(nextStep(state)).toEqual({ kind: 'none' });
      state.candidates[1]!.state = 'CANCELLED';
      expect(nextStep(state)).toEqual({ kind: 'stage', to: 'APPOINTING' });
      state.stage = 'APPOINTING';
      state.candidates[0]!.state = 'DONE';
      expect(nextStep(state)).toEqual({ kind: 'stage', to: 'CLOSED' });
    });

    test('when a hold is placed, a kind whose holds stop the stages stays put and the other moves on', () => {
      const state = toyState();
      state.candidates.forEach((c) => (c.state = 'VETTED'));
      state.holds.push({ holdId: 'h1', personId: 'p1', reason: 'x', placedBy: 'd', placedAt: NOW });
      expect(kindStages(spec(true)).nextStep(state)).toEqual({ kind: 'none' });
      expect(kindStages(spec(false)).nextStep(state)).toEqual({ kind: 'stage', to: 'DECIDING' });
    });
  });

  describe('describeWait', () => {
    test('when waiting, the line uses the kind wording, and a hold leads it only where holds stop the stages', () => {
      const state = toyState();
      expect(kindStages(toySpec).describeWait(state)).toBe('toy steps: 2 left');
      state.stage = 'DECIDING';
      expect(kindStages(toySpec).describeWait(state)).toBe('party group decision (讨论) on the vetted candidates');
      state.holds.push({ holdId: 'h1', reason: 'x', placedBy: 'd', placedAt: NOW });
      expect(kindStages(spec(true)).describeWait(state)).toBe('the discipline group to lift 1 hold(s)');
      expect(kindStages(spec(false)).describeWait(state)).toBe('party group decision (讨论) on the vetted candidates');
    });
  });

  describe('the notice', () => {
    test('when opened, approved candidates go on notice and the stage change and the window carry the changes', () => {
      const state = { ...toyState(), stage: 'DECIDING' as BatchStage };
      state.candidates[0]!.state = 'APPROVED';
      state.candidates[1]!.state = 'REJECTED';
      const events = kindStages(toySpec).applyPublicity(state, window, ['p1']);
      expect(events.map((e) => e.type)).toEqual(['STAGE_CHANGED', 'PUBLICITY_OPENED']);
      expect(events[1]!.payload.changes).toEqual([{ personId: 'p1', state: 'IN_PUBLICITY' }]);
      expect(state.waitingFor).toBe('public notice (公示) until 2026-12-02 24:00');
    });

    test('when it ends, the candidates on notice become ready for the kind end', () => {
      const state = { ...toyState(['p1']), stage: 'PUBLICITY' as BatchStage };
      state.candidates[0]!.state = 'IN_PUBLICITY';
      state.publicity = { ...window, windowNo: 1, ended: false, personIds: ['p1'] };
      const events = kindStages(toySpec).endPublicity(state);
      expect(events).toEqual([
        {
          type: 'PUBLICITY_ENDED',
          payload: {
            windowNo: 1,
            waitingFor: 'open objections to be resolved',
            changes: [{ personId: 'p1', state: 'READY' }],
          },
        },
      ]);
    });
  });

  describe('commands', () => {
    test('when a kind command changes a candidate, the event carries the change', () => {
      const state = toyState();
      expect(run(state, 'finish', { personId: 'p1' })).toEqual({
        events: [{ type: 'FINISHED', payload: { personId: 'p1', changes: [{ personId: 'p1', state: 'VETTED' }] } }],
      });
    });

    test('when a message holds U+0000 or an invalid actor, it is refused before the command is looked at', () => {
      expect(parseMessage(toySchemas.finish, { personId: 'p\u00001' })).toMatchObject({
        ok: false,
        refusal: { code: 'message.invalid', errors: [{ path: 'personId' }] },
      });
      expect(parseMessage(toySchemas.finish, { personId: 'p1', actor: { id: 'x', roles: ['KING'] } })).toMatchObject({
        ok: false,
        refusal: { code: 'message.invalid', message: 'actor is not valid' },
      });
    });

    test('when the batch is cancelled, unsettled candidates become NOT_SELECTED and settled ones stay', () => {
      const state = toyState();
      state.candidates[0]!.state = 'DONE';
      const effect = run(state, 'cancel', { reason: 'merged', actor: head });
      expect(effect).toMatchObject({
        events: [
          { type: 'BATCH_CANCELLED', payload: { reason: 'merged' } },
          { type: 'STAGE_CHANGED', payload: { from: 'INSPECTING', to: 'CANCELLED' } },
        ],
      });
      expect(state.candidates.map((c) => c.state)).toEqual(['DONE', 'NOT_SELECTED']);
      expect(state.waitingFor).toBe('nothing: the batch is cancelled');
      expect(run(state, 'withdraw', { personId: 'p2', reason: 'x', actor: head })).toMatchObject({
        code: 'batch.closed',
      });
    });

    test('when an objection is filed on a ready candidate, they are held; resolved unfounded, ready again', () => {
      const state = { ...toyState(['p1']), stage: 'PUBLICITY' as BatchStage };
      state.candidates[0]!.state = 'IN_PUBLICITY';
      state.publicity = { ...window, windowNo: 1, ended: false, personIds: ['p1'] };
      kindStages(toySpec).endPublicity(state);
      expect(run(state, 'fileObjection', { personId: 'p1', content: 'late' })).toMatchObject({
        code: 'publicity.not_open',
      });
      state.publicity.ended = false;
      run(state, 'fileObjection', { objectionId: 'o1', personId: 'p1', content: 'x' });
      expect(state.candidates[0]!.state).toBe('ON_HOLD');
      state.publicity.ended = true;
      run(state, 'resolveObjection', { objectionId: 'o1', resolution: 'unfounded', note: 'n', actor: head });
      expect(state.candidates[0]!.state).toBe('READY');
    });

    test('when an objection suspended already is resolved unverifiable again, the refusal names the kind end', () => {
      const state = { ...toyState(['p1']), stage: 'PUBLICITY' as BatchStage };
      state.candidates[0]!.state = 'IN_PUBLICITY';
      state.publicity = { ...window, windowNo: 1, ended: false, personIds: ['p1'] };
      run(state, 'fileObjection', { objectionId: 'o1', personId: 'p1', content: 'x' });
      run(state, 'resolveObjection', { objectionId: 'o1', resolution: 'unverifiable', note: 'n', actor: head });
      expect(state.candidates[0]).toMatchObject({ state: 'SUSPENDED', suspendedUntil: '2027-02-25T02:00:00.000Z' });
      expect(
        run(state, 'resolveObjection', { objectionId: 'o1', resolution: 'unverifiable', note: 'n', actor: head }),
      ).toEqual({
        code: 'objection.already_suspended',
        message: 'the toy end is already suspended; the party group must decide',
      });
    });

    test('when the kind end is asked for, a hold, an open objection, the state and the dates are checked in turn', () => {
      const state = { ...toyState(['p1']), stage: 'APPOINTING' as BatchStage };
      state.publicity = { ...window, windowNo: 1, ended: true, personIds: ['p1'] };
      state.candidates[0]!.state = 'READY';
      run(state, 'placeHold', { holdId: 'h1', personId: 'p1', reason: 'r', actor: discipline });
      expect(run(state, 'complete', { personId: 'p1', on: '2026-12-03' })).toMatchObject({ code: 'candidate.on_hold' });
      run(state, 'liftHold', { holdId: 'h1', actor: discipline });
      state.candidates[0]!.state = 'IN_PUBLICITY';
      expect(run(state, 'complete', { personId: 'p1', on: '2026-12-03' })).toMatchObject({
        message: 'candidate p1 is IN_PUBLICITY, not READY',
      });
      state.candidates[0]!.state = 'READY';
      expect(run(state, 'complete', { personId: 'p1', on: '2026-12-02' })).toMatchObject({
        code: 'appointment.before_publicity_end',
        errors: [{ path: 'on' }],
      });
      expect(run(state, 'complete', { personId: 'p1', on: '2027-12-03' })).toMatchObject({
        code: 'appointment.too_far_ahead',
      });
      expect(run(state, 'complete', { personId: 'p1', on: '2026-12-03' })).toMatchObject({
        events: [{ type: 'COMPLETED', payload: { changes: [{ personId: 'p1', state: 'DONE' }] } }],
      });
    });
  });
});
