import type { BatchStage } from '../batch';
import type { PublicityWindow } from '../calendar';
import type { KindSpec } from './kind';
import { attachChanges, isHeld, snapshot, type EventDraft, type ProcedureState } from './state';

export type NextStep =
  { kind: 'none' } | { kind: 'openPublicity'; personIds: string[] } | { kind: 'stage'; to: BatchStage };

/** What the batch does next on its own: advance its stage, or open the public notice. */
export function nextStep<St extends ProcedureState>(spec: KindSpec<St>, state: St): NextStep {
  const active = state.candidates.filter((c) => !spec.isExit(c.state));
  const all = (pred: (c: St['candidates'][number]) => boolean) => active.every(pred);
  // A held candidate cannot move forward, and the batch moves only when all its candidates can (domain.md §2.1, §2.5).
  if (spec.holdsStopStages) {
    const held = active.some((c) => !spec.isSettled(c.state) && isHeld(state, c.personId));
    if (held && active.length > 0) return { kind: 'none' };
  }
  switch (state.stage) {
    case 'INSPECTING':
      if (active.length === 0) return { kind: 'stage', to: 'CLOSED' };
      return all((c) => !spec.inFrontHalf(c)) ? { kind: 'stage', to: 'DECIDING' } : { kind: 'none' };
    case 'DECIDING': {
      if (active.length === 0) return { kind: 'stage', to: 'CLOSED' };
      if (!all((c) => c.state === 'APPROVED' || spec.isSettled(c.state))) return { kind: 'none' };
      const approved = active.filter((c) => c.state === 'APPROVED').map((c) => c.personId);
      return approved.length > 0 ? { kind: 'openPublicity', personIds: approved } : { kind: 'stage', to: 'CLOSED' };
    }
    case 'PUBLICITY':
      if (!state.publicity?.ended) return { kind: 'none' };
      return all((c) => c.state === spec.ready || spec.isSettled(c.state))
        ? { kind: 'stage', to: 'APPOINTING' }
        : { kind: 'none' };
    case 'APPOINTING':
      return all((c) => spec.isSettled(c.state)) ? { kind: 'stage', to: 'CLOSED' } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

export function describeWait<St extends ProcedureState>(spec: KindSpec<St>, state: St): string {
  const open = state.stage !== 'CLOSED' && state.stage !== 'CANCELLED';
  if (spec.holdsStopStages && open && state.holds.length > 0)
    return `the discipline group to lift ${state.holds.length} hold(s)`;
  switch (state.stage) {
    case 'INSPECTING':
      return spec.wording.inspecting(state);
    case 'DECIDING':
      return `party group decision (${spec.wording.decision}) on the vetted candidates`;
    case 'PUBLICITY': {
      const p = state.publicity;
      if (!p) return 'opening the public notice';
      if (!p.ended) return `public notice (${spec.wording.notice}) until ${p.endsOn} 24:00`;
      return 'open objections to be resolved';
    }
    case 'APPOINTING':
      return spec.wording.appointing;
    case 'CLOSED':
      return 'nothing: the batch is closed';
    case 'CANCELLED':
      return 'nothing: the batch is cancelled';
  }
}

export function changeStage<St extends ProcedureState>(spec: KindSpec<St>, state: St, to: BatchStage): EventDraft[] {
  const before = snapshot(state);
  const from = state.stage;
  state.stage = to;
  state.waitingFor = describeWait(spec, state);
  const events: EventDraft[] = [{ type: 'STAGE_CHANGED', payload: { from, to, waitingFor: state.waitingFor } }];
  attachChanges(state, before, events);
  return events;
}

/** [REG art. 20] 公示 of at least 5 working days, never skipped; an extension replaces the window. */
export function applyPublicity<St extends ProcedureState>(
  spec: KindSpec<St>,
  state: St,
  window: PublicityWindow,
  personIds: string[],
): EventDraft[] {
  const before = snapshot(state);
  const extended = Boolean(state.publicity);
  state.publicity = { ...window, windowNo: 1, ended: false, personIds };
  const events: EventDraft[] = [];
  if (!extended) {
    for (const c of state.candidates as ProcedureState['candidates'])
      if (personIds.includes(c.personId) && c.state === 'APPROVED') c.state = 'IN_PUBLICITY';
    state.stage = 'PUBLICITY';
    events.push({ type: 'STAGE_CHANGED', payload: { from: 'DECIDING', to: 'PUBLICITY' } });
  }
  state.waitingFor = describeWait(spec, state);
  delete state.waitingForCalendarYear;
  events.push({
    type: extended ? 'PUBLICITY_EXTENDED' : 'PUBLICITY_OPENED',
    payload: { window: { ...window, windowNo: 1, personIds }, waitingFor: state.waitingFor },
  });
  attachChanges(state, before, events);
  return events;
}

export function endPublicity<St extends ProcedureState>(spec: KindSpec<St>, state: St): EventDraft[] {
  if (!state.publicity) return [];
  const before = snapshot(state);
  state.publicity.ended = true;
  for (const c of state.candidates as ProcedureState['candidates'])
    if (c.state === 'IN_PUBLICITY') c.state = spec.ready;
  state.waitingFor = describeWait(spec, state);
  const events: EventDraft[] = [{ type: 'PUBLICITY_ENDED', payload: { windowNo: 1, waitingFor: state.waitingFor } }];
  attachChanges(state, before, events);
  return events;
}

export function waitForCalendar(state: ProcedureState, year: number): EventDraft[] {
  state.waitingForCalendarYear = year;
  state.waitingFor = `CALENDAR_NOT_PUBLISHED: the official holiday schedule for ${year} (PUT /api/v1/calendar/years/${year})`;
  return [{ type: 'WAITING', payload: { waitingFor: state.waitingFor, calendarYear: year } }];
}

/** The stage machine bound to one kind: what the kind's workflow calls. */
export interface KindStages<St extends ProcedureState> {
  nextStep(state: St): NextStep;
  changeStage(state: St, to: BatchStage): EventDraft[];
  applyPublicity(state: St, window: PublicityWindow, personIds: string[]): EventDraft[];
  endPublicity(state: St): EventDraft[];
  waitForCalendar(state: St, year: number): EventDraft[];
  describeWait(state: St): string;
}

export function kindStages<St extends ProcedureState>(spec: KindSpec<St>): KindStages<St> {
  return {
    nextStep: (state: St) => nextStep(spec, state),
    changeStage: (state: St, to: BatchStage) => changeStage(spec, state, to),
    applyPublicity: (state: St, window: PublicityWindow, personIds: string[]) =>
      applyPublicity(spec, state, window, personIds),
    endPublicity: (state: St) => endPublicity(spec, state),
    waitForCalendar: (state: St, year: number) => waitForCalendar(state, year),
    describeWait: (state: St) => describeWait(spec, state),
  };
}
