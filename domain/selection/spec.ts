import type { KindSpec } from '../procedure/kind';
import { refuse } from '../procedure/refusal';
import { sharedCandidateStates } from '../procedure/state';
import { lastRecordedAt, missingChecks } from '../vetting';
import { isExit, isSettled, type BatchState, type CandidateState } from './state';

sharedCandidateStates satisfies readonly CandidateState[];

/** Candidates whose opinions are still awaited, with the checks they miss (for reminders and PendingOpinions). */
export function pendingOpinions(state: BatchState): { personId: string; missing: string[] }[] {
  return state.candidates
    .filter((c) => c.state === 'UNDER_INSPECTION')
    .map((c) => ({ personId: c.personId, missing: missingChecks(c.vetting) }))
    .filter((p) => p.missing.length > 0);
}

/** Selection (选拔任用): vetting before the meeting, an appointment notice after the public notice. */
export const selectionSpec: KindSpec<BatchState> = {
  ready: 'READY_TO_APPOINT',
  isExit: (s) => isExit(s as CandidateState),
  isSettled: (s) => isSettled(s as CandidateState),
  inFrontHalf: (c) => c.state === 'UNDER_INSPECTION',
  lastStepAt: (c) => lastRecordedAt(c.vetting),
  seatsRefusal(state, outcomes) {
    const approvedPerPosition = new Map<string, number>();
    for (const c of state.candidates)
      if (!isExit(c.state) && c.decision?.outcome === 'APPROVED')
        approvedPerPosition.set(c.positionId, (approvedPerPosition.get(c.positionId) ?? 0) + 1);
    for (const o of outcomes.filter((o) => o.outcome === 'APPROVED')) {
      const c = state.candidates.find((x) => x.personId === o.personId)!;
      approvedPerPosition.set(c.positionId, (approvedPerPosition.get(c.positionId) ?? 0) + 1);
    }
    for (const p of state.positions)
      if ((approvedPerPosition.get(p.id) ?? 0) > p.seats)
        return refuse('position.seats_exceeded', `more candidates approved for ${p.id} than its ${p.seats} seat(s)`);
    return undefined;
  },
  holdsStopStages: true,
  wording: {
    end: 'appointment',
    inspecting(state) {
      const pending = pendingOpinions(state);
      const due = state.opinionsDueOn ? `, opinions due ${state.opinionsDueOn}` : '';
      return `vetting: ${pending.length} candidate(s) with checks outstanding${due}`;
    },
    decision: '讨论决定',
    notice: '任前公示',
    appointing: 'appointment notices (任职通知)',
  },
};
