import { orgStaff } from '../roles';
import { addMonths } from './dates';
import type { Handler } from './handler';
import type { KindSpec } from './kind';
import type { ObjectionInput, ResolveObjectionInput } from './messages';
import { isRefusal, needRole, refuse } from './refusal';
import {
  batchOpen,
  candidateOr,
  findCandidate,
  notification,
  objectionStanding,
  openObjections,
  type EventDraft,
  type ProcedureState,
} from './state';

/** Objections to a candidate on public notice (domain.md §2.3): filing one holds the candidate, resolving settles. */
export function objectionCommands<St extends ProcedureState>(spec: KindSpec<St>) {
  const fileObjection: Handler<St, ObjectionInput> = {
    check(state, input, actor) {
      if (actor && actor.roles.length > 0) {
        const denied = needRole(actor, orgStaff, 'registering an objection');
        if (denied) return denied;
      }
      const closed = batchOpen(state);
      if (closed) return closed;
      const c = candidateOr(state, input.personId);
      if (isRefusal(c)) return c;
      if (!state.publicity || state.publicity.ended || !state.publicity.personIds.includes(c.personId))
        return refuse('publicity.not_open', `no public notice is open for candidate ${c.personId}`);
      if (input.objectionId && state.objections.some((o) => o.objectionId === input.objectionId))
        return refuse('objection.duplicate', `objection ${input.objectionId} already exists`);
      return undefined;
    },
    apply(state, input, actor, { now }) {
      const objectionId = input.objectionId ?? `obj-${state.seq + 1}`;
      const staff = Boolean(actor && actor.roles.length > 0);
      state.objections.push({
        objectionId,
        personId: input.personId,
        channel: staff ? 'STAFF' : 'PUBLIC',
        named: Boolean(input.reporterName),
        status: 'OPEN',
      });
      const c = findCandidate<ProcedureState['candidates'][number]>(state, input.personId)!;
      if (c.state === 'IN_PUBLICITY' || c.state === spec.ready) c.state = 'ON_HOLD';
      return {
        events: [
          {
            type: 'OBJECTION_FILED',
            payload: { ...input, objectionId, channel: staff ? 'STAFF' : 'PUBLIC', receivedAt: now },
          },
        ],
        result: { objectionId },
      };
    },
  };

  const resolveObjection: Handler<St, ResolveObjectionInput> = {
    check(state, input, actor) {
      const denied = needRole(actor, ['ORG_HEAD'], 'resolving an objection') ?? batchOpen(state);
      if (denied) return denied;
      const o = state.objections.find((x) => x.objectionId === input.objectionId);
      if (!o) return refuse('objection.not_found', `objection ${input.objectionId} does not exist`);
      if (o.status === 'RESOLVED')
        return refuse('objection.already_resolved', `objection ${o.objectionId} is resolved`);
      if (o.status === 'SUSPENDED' && input.resolution === 'unverifiable')
        return refuse(
          'objection.already_suspended',
          `the ${spec.wording.end} is already suspended; the party group must decide`,
        );
      if (o.named && !input.feedback)
        return refuse('objection.feedback_required', 'a named reporter must receive feedback', [
          { path: 'feedback', message: 'required for a named reporter' },
        ]);
      return undefined;
    },
    apply(state, input, _actor, { now, deriveSuspension = true }) {
      const o = state.objections.find((x) => x.objectionId === input.objectionId)!;
      const c = findCandidate<ProcedureState['candidates'][number]>(state, o.personId)!;
      const cleared = () => (state.publicity?.ended ? spec.ready : 'IN_PUBLICITY');
      let suspendedUntil: string | undefined;
      o.resolution = input.resolution;
      if (input.resolution === 'unverifiable') {
        o.status = 'SUSPENDED';
        suspendedUntil = addMonths(now, state.ruleset.suspensionMonths);
        o.suspendedUntil = suspendedUntil;
      } else {
        o.status = 'RESOLVED';
        delete o.suspendedUntil;
      }
      if (input.resolution === 'upheld') {
        if (!spec.isSettled(c.state)) {
          c.state = 'CANCELLED';
          c.exitReason = `objection ${o.objectionId} upheld`;
        }
      } else if (deriveSuspension) {
        if (!spec.isSettled(c.state)) {
          const standing = objectionStanding(state.objections, c.personId);
          if (standing.state === 'CLEAR') c.state = cleared();
          else c.state = standing.state;
          if (standing.state === 'SUSPENDED') c.suspendedUntil = standing.until;
          else delete c.suspendedUntil;
        }
      } else if (input.resolution === 'unverifiable') {
        // Before the correction: the candidate took the date of the latest unverifiable resolution, and kept it
        // when that objection was resolved while another stayed open.
        if (!spec.isExit(c.state)) {
          c.state = 'SUSPENDED';
          c.suspendedUntil = suspendedUntil;
        }
      } else if (!spec.isSettled(c.state) && openObjections(state, c.personId).length === 0) {
        c.state = cleared();
        delete c.suspendedUntil;
      }
      const events: EventDraft[] = [
        {
          type: 'OBJECTION_RESOLVED',
          payload: { ...input, personId: o.personId, ...(suspendedUntil ? { suspendedUntil } : {}) },
        },
      ];
      if (input.resolution === 'minor')
        events.push(
          notification(
            'REMINDER_TO_CADRE',
            ['ORG_OFFICER'],
            o.personId,
            'objection found minor shortcomings: remind the cadre (提醒)',
          ),
        );
      return { events };
    },
  };

  return { fileObjection, resolveObjection };
}
