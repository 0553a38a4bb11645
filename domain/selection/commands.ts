import { z } from 'zod';
import { endStepRefusal } from '../procedure/end-step';
import { commandRunner, type Handler } from '../procedure/handler';
import { idSchema, isoDateSchema, reasonSchema, sharedCommandSchemas } from '../procedure/messages';
import { isRefusal, needRole, refuse } from '../procedure/refusal';
import { sharedCommands } from '../procedure/shared-commands';
import { batchOpen, candidateOr } from '../procedure/state';
import { orgStaff } from '../roles';
import { applyCheck, authorizeCheck, checkKinds, vettingOutcome, type VettingState } from '../vetting';
import { selectionSpec } from './spec';
import type { BatchState } from './state';

export const commandSchemas = {
  recordCheck: z.strictObject({
    personId: idSchema,
    kind: z.enum(checkKinds),
    result: z.enum(['clear', 'issues_not_affecting', 'affects_use']),
    note: z.string().max(4000).optional(),
    reason: reasonSchema.optional(),
  }),
  ...sharedCommandSchemas,
  appoint: z.strictObject({
    personId: idSchema,
    documentNo: z.string().trim().min(1).max(100),
    noticeDate: isoDateSchema,
  }),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandInput<N extends CommandName> = z.output<(typeof commandSchemas)[N]>;
export type RecordCheckInput = CommandInput<'recordCheck'>;
export type DecisionInput = CommandInput<'recordDecision'>;
export type AppointInput = CommandInput<'appoint'>;

const recordCheck: Handler<BatchState, RecordCheckInput> = {
  check(state, input, actor) {
    const closed = batchOpen(state);
    if (closed) return closed;
    const c = candidateOr(state, input.personId);
    if (isRefusal(c)) return c;
    if (!actor) return refuse('role.forbidden', 'a vetting check needs an identified actor');
    const auth = authorizeCheck({ actor, kind: input.kind, candidate: c });
    if (!auth.ok) return refuse(auth.code, auth.message);
    if (c.state !== 'UNDER_INSPECTION')
      return refuse('candidate.wrong_state', `candidate ${c.personId} is ${c.state}, not UNDER_INSPECTION`);
    const applied = applyCheck(c.vetting, { ...input, actor, at: '1970-01-01T00:00:00.000Z' });
    return applied.ok ? undefined : refuse(applied.code, applied.message);
  },
  apply(state, input, actor, { now }) {
    const c = state.candidates.find((x) => x.personId === input.personId)!;
    const before = c.vetting;
    const applied = applyCheck(c.vetting, { ...input, actor: actor!, at: now });
    if (!applied.ok) throw new Error(applied.code);
    c.vetting = applied.state;
    const outcome = vettingOutcome(c.vetting);
    if (outcome === 'VETTED') c.state = 'VETTED';
    else if (typeof outcome === 'object') {
      c.state = outcome.exit;
      c.exitReason = `${outcome.kind}: ${input.reason ?? 'affects use'}`;
    }
    const signer = input.kind === 'INTEGRITY_CONCLUSION' ? newSignature(before, c.vetting) : 'single';
    return { events: [{ type: 'CHECK_RECORDED', payload: { ...input, signer } }] };
  },
};

function newSignature(before: VettingState, after: VettingState): 'secretary' | 'discipline' {
  return before.INTEGRITY_CONCLUSION?.signatures.secretary === undefined &&
    after.INTEGRITY_CONCLUSION?.signatures.secretary !== undefined
    ? 'secretary'
    : 'discipline';
}

const appoint: Handler<BatchState, AppointInput> = {
  check(state, input, actor, ctx) {
    const denied = needRole(actor, orgStaff, 'issuing an appointment notice') ?? batchOpen(state);
    if (denied) return denied;
    return endStepRefusal(selectionSpec, state, ctx, input.personId, {
      code: 'appointment',
      date: input.noticeDate,
      path: 'noticeDate',
      what: 'notice date',
    });
  },
  apply(state, input) {
    const c = state.candidates.find((x) => x.personId === input.personId)!;
    const position = state.positions.find((p) => p.id === c.positionId)!;
    const decisionDate = c.decision!.heldOn;
    c.state = 'APPOINTED';
    c.appointment = { documentNo: input.documentNo, noticeDate: input.noticeDate, decisionDate };
    return {
      events: [
        { type: 'APPOINTED', payload: { ...input, positionId: c.positionId, level: position.level, decisionDate } },
      ],
    };
  },
};

export const selectionCommands = commandRunner(commandSchemas, {
  recordCheck,
  ...sharedCommands(selectionSpec),
  appoint,
});
