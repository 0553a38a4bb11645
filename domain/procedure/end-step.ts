import { tooFarAhead } from './dates';
import type { KindSpec } from './kind';
import type { CommandContext } from './messages';
import { isRefusal, refuse, type Refusal } from './refusal';
import { candidateOr, isHeld, openObjections, type ProcedureState } from './state';

/**
 * Whether a candidate may reach the kind's end (an appointment notice, an approval) on `date`: not held, no open
 * objection, ready since the notice ended, dated after the notice and not too far ahead.
 */
export function endStepRefusal<St extends ProcedureState>(
  spec: KindSpec<St>,
  state: St,
  ctx: CommandContext,
  personId: string,
  end: { code: 'appointment' | 'approval'; date: string; path: string; what: string },
): Refusal | undefined {
  const c = candidateOr(state, personId);
  if (isRefusal(c)) return c;
  if (isHeld(state, c.personId))
    return refuse('candidate.on_hold', `candidate ${c.personId} is held by the discipline group`);
  if (openObjections(state, c.personId).length > 0)
    return refuse('objection.open', `candidate ${c.personId} has an open objection`);
  if (c.state !== spec.ready)
    return refuse('candidate.wrong_state', `candidate ${c.personId} is ${c.state}, not ${spec.ready}`);
  if (state.publicity && end.date <= state.publicity.endsOn)
    return refuse(`${end.code}.before_publicity_end`, `the ${end.what} must be after ${state.publicity.endsOn}`, [
      { path: end.path, message: `must be after the public notice ends (${state.publicity.endsOn})` },
    ]);
  return tooFarAhead(state, ctx, end.date, `${end.code}.too_far_ahead`, end.path);
}
