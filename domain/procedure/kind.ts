import type { ItemDecision } from '../decision';
import type { Refusal } from './refusal';
import type { ProcedureState } from './state';

/**
 * What a batch kind tells the shared stage machine about itself. The machine owns the back half every kind shares
 * (the decision meeting, the public notice, objections, holds, withdrawal, disqualification, cancellation); a kind
 * brings its front half (the steps before the meeting), its end (appointment, approval) and these answers.
 */
export interface KindSpec<St extends ProcedureState = ProcedureState> {
  /** The state a candidate reaches when the notice ends clear (READY_TO_APPOINT, READY_TO_APPROVE). */
  ready: St['candidates'][number]['state'];
  /** Ended before the kind's end: off the agenda, out of the stage counts. */
  isExit(state: string): boolean;
  /** Exited or reached the kind's end: nothing more happens to the candidate in this batch. */
  isSettled(state: string): boolean;
  /** Still in the front half: the INSPECTING stage waits for the candidate. */
  inFrontHalf(candidate: St['candidates'][number]): boolean;
  /** When the candidate's last step before the meeting was recorded (a meeting may not be dated earlier). */
  lastStepAt(candidate: St['candidates'][number]): string | undefined;
  /** The meeting's outcomes, added to the approvals already made, would exceed the seats (职位, 职数). */
  seatsRefusal(state: St, approved: ItemDecision[]): Refusal | undefined;
  /** Whether a hold stops the batch's own stage moves and leads its waitingFor line. */
  holdsStopStages: boolean;
  wording: {
    /** The candidate's end, in "the … is already suspended". */
    end: string;
    /** waitingFor while INSPECTING. */
    inspecting(state: St): string;
    /** The meeting's name, in "party group decision (…) on the vetted candidates". */
    decision: string;
    /** The notice's name, in "public notice (…) until …". */
    notice: string;
    /** waitingFor while APPOINTING. */
    appointing: string;
  };
}
