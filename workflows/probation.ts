import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
} from '@temporalio/workflow';
import type { z } from 'zod';
import type { createActivities } from '../activities';
import type { ActorRef, BatchEvent, Channel } from '../domain/events';
import {
  appointmentTalkSchema,
  checkAppointmentTalk,
  checkProbationOutcome,
  probationOutcomeSchema,
  probationStreamId,
  type ProbationInput,
  type ProbationState,
} from '../domain/probation';
import type { Actor } from '../domain/roles';
import { actorSchema, declaredActor, signalChannelRefusal, type Refusal } from '../domain/selection';
import { actorRef, refusalFailure, SYSTEM } from './messaging';
import { calendar, persistence } from './options';
import * as m from './probation.messages';
import { scaledTimersLine } from './scaled-timers';

const { persistEvents } = proxyActivities<ReturnType<typeof createActivities>>(persistence);
const { addWorkingDays } = proxyActivities<ReturnType<typeof createActivities>>(calendar);

/** One appointee's 试用期: started by the batch with ParentClosePolicy.ABANDON, so it outlives the batch. */
export async function probation(input: ProbationInput): Promise<{ outcome: string }> {
  const state: ProbationState = { ...input, ended: false, seq: 0 };
  const stream = probationStreamId(input.batchId, input.personId);
  const outbox: BatchEvent[] = [];
  let persistedSeq = 0;
  const base = { batchId: input.batchId, personId: input.personId };
  const record = (type: string, actor: ActorRef, payload: Record<string, unknown>, rejected = false) => {
    const event: BatchEvent = {
      seq: ++state.seq,
      type,
      actor,
      at: new Date().toISOString(),
      payload: { ...base, ...payload },
    };
    if (rejected) event.rejected = true;
    outbox.push(event);
    return state.seq;
  };
  const until = (instant: number) => Math.max(0, (instant - Date.now()) * input.timerScale);

  /** One message, as signal (refusal audited) and as update (refusal thrown), validated by the same pure rule. */
  function bind<S extends z.ZodType>(
    schema: S,
    check: (s: ProbationState, i: z.output<S>, a: Actor | undefined) => Omit<Refusal, 'errors'> | undefined,
    apply: (i: z.output<S>, a: Actor | undefined, channel: Channel) => number,
    signal: typeof m.probationOutcomeSignal | typeof m.appointmentTalkSignal,
    update: typeof m.probationOutcomeUpdate | typeof m.appointmentTalkUpdate,
  ) {
    const parse = (
      raw: unknown,
    ): { refusal: Omit<Refusal, 'errors'> } | { input: z.output<S>; actor: Actor | undefined } => {
      const { actor, requestId: _r, ...body } = (raw ?? {}) as Record<string, unknown>;
      const who = actor === undefined ? undefined : actorSchema.safeParse(actor);
      const parsed = schema.safeParse(body);
      if (!parsed.success || (who && !who.success))
        return { refusal: { code: 'message.invalid', message: 'the message is not valid' } };
      const refusal = check(state, parsed.data, who?.data as Actor | undefined);
      return refusal ? { refusal } : { input: parsed.data, actor: who?.data as Actor | undefined };
    };
    setHandler(signal as typeof m.probationOutcomeSignal, (raw) => {
      const declared = (raw as { actor?: unknown } | undefined)?.actor;
      // Both of its steps bear a role: under ROLE_SIGNALS=refuse no signal of a probation is applied.
      const closed = signalChannelRefusal(input.roleSignals, signal.name, declared);
      const msg = closed ? { refusal: closed } : parse(raw);
      if ('refusal' in msg)
        record(
          'SIGNAL_REJECTED',
          actorRef(declaredActor(declared), 'SIGNAL'),
          { signal: signal.name, refusal: msg.refusal },
          true,
        );
      else apply(msg.input, msg.actor, 'SIGNAL');
    });
    setHandler(
      update as typeof m.probationOutcomeUpdate,
      async (raw) => {
        const msg = parse(raw);
        if ('refusal' in msg) throw refusalFailure(msg.refusal);
        const seq = apply(msg.input, msg.actor, 'API');
        await condition(() => persistedSeq >= seq);
        return { seq };
      },
      {
        validator: (raw) => {
          const msg = parse(raw);
          if ('refusal' in msg) throw refusalFailure(msg.refusal);
        },
      },
    );
  }

  setHandler(m.probationStateQuery, () => state);
  bind(
    probationOutcomeSchema,
    checkProbationOutcome,
    (i, a, channel) => {
      state.outcome = i.outcome;
      return record('PROBATION_CONCLUDED', actorRef(a, channel), { ...i });
    },
    m.probationOutcomeSignal,
    m.probationOutcomeUpdate,
  );
  bind(
    appointmentTalkSchema,
    checkAppointmentTalk,
    (i, a, channel) => {
      state.talkOn = i.talkOn;
      return record('APPOINTMENT_TALK', actorRef(a, channel), { ...i, talkBy: a?.id });
    },
    m.appointmentTalkSignal,
    m.appointmentTalkUpdate,
  );

  async function remindTalk() {
    for (;;) {
      try {
        const due = await addWorkingDays({ from: input.startsOn, days: input.talkReminderWorkingDays });
        const ms = until(Date.parse(due.endsAt));
        const talked = ms < 1 ? Boolean(state.talkOn) : await condition(() => Boolean(state.talkOn), ms);
        if (!talked && !state.outcome)
          record('NOTIFICATION', SYSTEM, {
            kind: 'APPOINTMENT_TALK_DUE',
            recipients: ['ORG_OFFICER'],
            message: `appointment talk (任职谈话) with ${input.personId} not recorded by ${due.end}`,
          });
        return;
      } catch (err) {
        const cause = err instanceof ActivityFailure ? err.cause : err;
        if (!(cause instanceof ApplicationFailure && cause.type === 'CALENDAR_NOT_PUBLISHED')) throw err;
        // The next year's schedule is not out yet: look again tomorrow, unless the talk is recorded meanwhile.
        if (await condition(() => Boolean(state.talkOn) || Boolean(state.outcome), '1 day')) return;
      }
    }
  }

  record('PROBATION_OPENED', SYSTEM, { ...input });
  const scaled = scaledTimersLine(input)
    .map((line) => `\n${line}`)
    .join('');
  setCurrentDetails(`试用期：${input.personId}，至 ${input.endsOn}${scaled}`);
  const endMs = until(Date.parse(`${input.endsOn}T00:00:00+08:00`));
  const yearRuns = (async () => {
    const decided = endMs < 1 ? state.outcome !== undefined : await condition(() => state.outcome !== undefined, endMs);
    if (decided) return;
    state.ended = true;
    record('NOTIFICATION', SYSTEM, {
      kind: 'PROBATION_ENDED',
      recipients: ['ORG_HEAD', 'ORG_OFFICER'],
      message: `probation of ${input.personId} ended on ${input.endsOn}: record CONFIRMED or PROBATION_FAILED`,
    });
    setCurrentDetails(`试用期：${input.personId}，${input.endsOn} 期满，等待试用期考核结论${scaled}`);
  })();
  const talk = remindTalk();

  const settled = () => state.outcome !== undefined && allHandlersFinished();
  while (!settled() || outbox.length > 0) {
    await condition(() => outbox.length > 0 || settled());
    const events = outbox.splice(0);
    if (events.length === 0) continue;
    await persistEvents({ batchId: stream, events, stream: 'probation' });
    persistedSeq = events.at(-1)!.seq;
  }
  // The timers may still be pending; the outcome is what matters now.
  for (const work of [yearRuns, talk]) work.catch(() => undefined);
  return { outcome: state.outcome! };
}
