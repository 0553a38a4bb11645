import { continueAsNew, ParentClosePolicy, patched, startChild, workflowInfo } from '@temporalio/workflow';
import { selectionCommands } from '../domain/commands/selection';
import { kindStages } from '../domain/procedure/stages';
import type { ActorRef } from '../domain/events';
import { scaledSummaryPrefix } from '../domain/ruleset';
import {
  addMonths,
  applyCommand,
  checkCommand,
  initialState,
  isExit,
  pendingOpinions,
  probationWorkflowId,
  startProbation,
  type BatchState,
  type CommandName,
  type SelectionBatchInput,
} from '../domain/selection';
import { selectionSpec } from '../domain/selection/spec';
import { BatchEngine, readCorrections } from './batch-engine';
import type { BatchKindSpec, KindEngine } from './batch-kind';
import { probation } from './probation';
import { scaledTimersMark, SCALED_TIMERS_IN_PROBATION_SUMMARY } from './scaled-timers';
import * as m from './selection-batch.messages';

/** 选拔任用批次 (domain.md §2): vetting, decision, public notice, appointment; workflow id `batch-<id>`. */
export const selection: BatchKindSpec<BatchState, CommandName> = {
  stateQuery: m.stateQuery,
  commands: selectionCommands,
  check: checkCommand,
  apply: (state, name, input, actor, ctx) => applyCommand(state, name, input as never, actor, ctx),
  async afterCommand(engine, name, input, by) {
    if (name === 'appoint') await beginProbation(engine, (input as { personId: string }).personId, by);
  },
  pending: pendingOpinions,
  ...kindStages(selectionSpec),
  showsWait: true,
  candidatesLine: (state) =>
    `在办 ${state.candidates.filter((c) => !isExit(c.state)).length} 人，共 ${state.candidates.length} 人`,
  publicityName: '任前公示',
  reminderRecipients: ['ORG_OFFICER', 'BRANCH_SECRETARY', 'DISCIPLINE_GROUP'],
};

export async function selectionBatch(input: SelectionBatchInput): Promise<{ stage: string }> {
  const corrections = readCorrections();
  const state = input.carry?.state ?? initialState(input);
  const engine = new BatchEngine(selection, state, input, {
    corrections,
    continuesAsNew: corrections.dieting,
    refusesUnpublishedYear: true,
  });
  // First, before any handler exists: a signal delivered with the start (signal-with-start, or sent at once) is
  // dispatched as soon as its handler is set, and its event must come after the batch's first one.
  if (!input.carry)
    engine.record('BATCH_STARTED', input.startedBy, {
      kind: state.kind,
      workflowId: workflowInfo().workflowId,
      plan: input.plan,
      ruleset: input.ruleset,
      ...(input.roleSignals ? { roleSignals: input.roleSignals } : {}),
      ...scaledTimersMark(input.ruleset),
    });
  engine.listen();
  return engine.run((carry) => continueAsNew<typeof selectionBatch>({ ...input, carry }));
}

// ---------- probation: its own workflow, which outlives the batch ----------
async function beginProbation(engine: KindEngine<BatchState>, personId: string, by: ActorRef) {
  const { state } = engine;
  const { ruleset } = state;
  const c = state.candidates.find((x) => x.personId === personId)!;
  const position = state.positions.find((p) => p.id === c.positionId)!;
  const workflowId = probationWorkflowId(state.id, personId);
  const endsOn = addMonths(`${c.appointment!.noticeDate}T00:00:00.000Z`, ruleset.probationMonths).slice(0, 10);
  // Only a scaled batch takes the patch: at real time the summary and the commands stay as they were.
  const scaledMark =
    ruleset.timerScale < 1 && patched(SCALED_TIMERS_IN_PROBATION_SUMMARY) ? scaledSummaryPrefix(ruleset) : '';
  await startChild(probation, {
    workflowId,
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [
      {
        batchId: state.id,
        personId,
        positionId: c.positionId,
        level: position.level,
        startsOn: c.appointment!.noticeDate,
        endsOn,
        timerScale: ruleset.timerScale,
        talkReminderWorkingDays: ruleset.appointmentTalkReminderWorkingDays,
        ...(engine.input.roleSignals ? { roleSignals: engine.input.roleSignals } : {}),
      },
    ],
    staticSummary: `${scaledMark}试用期 ${personId} (${position.id}, ${position.level}) ${c.appointment!.noticeDate} → ${endsOn}`,
  });
  engine.emit(startProbation(state, personId, workflowId, endsOn), by);
}
