import { describe, expect, test } from 'vitest';
import { probationCommands } from '../../domain/commands/probation';
import { rankCommands } from '../../domain/commands/rank';
import type { CommandTable } from '../../domain/commands/row';
import { selectionCommands } from '../../domain/commands/selection';
import { commandSchemas } from '../../domain/selection';
import { rankCommandSchemas } from '../../domain/rank-promotion';
import * as probation from '../../workflows/probation.messages';
import * as rank from '../../workflows/rank-promotion.messages';
import * as selection from '../../workflows/selection-batch.messages';

interface Definition {
  type: string;
  name: string;
}
type Wire = [update: Definition, signals: Definition[]];

const opinions = { partyBranchOpinion: 'BRANCH_OPINION', disciplineOpinion: 'DISCIPLINE_OPINION' };

// Today's bindings (workflows/*.ts): each command's update and signals, by their definitions in workflows/*.messages.ts.
const selectionWire: Record<string, Wire> = {
  recordCheck: [
    selection.recordCheckUpdate,
    [selection.vettingResultSignal, selection.partyBranchOpinionSignal, selection.disciplineOpinionSignal],
  ],
  recordDecision: [selection.recordDecisionUpdate, [selection.partyGroupDecisionSignal]],
  fileObjection: [selection.fileObjectionUpdate, [selection.objectionSignal]],
  resolveObjection: [selection.resolveObjectionUpdate, [selection.objectionResolutionSignal]],
  withdraw: [selection.withdrawUpdate, [selection.withdrawSignal]],
  disqualify: [selection.disqualifyUpdate, [selection.disqualifySignal]],
  placeHold: [selection.placeHoldUpdate, [selection.holdSignal]],
  liftHold: [selection.liftHoldUpdate, [selection.liftHoldSignal]],
  appoint: [selection.appointUpdate, [selection.appointSignal]],
  extendPublicity: [selection.extendPublicityUpdate, [selection.extendPublicitySignal]],
  cancel: [selection.cancelUpdate, [selection.cancelSignal]],
};
const rankWire: Record<string, Wire> = {
  recordEvaluation: [rank.recordEvaluationUpdate, [rank.evaluationResultSignal]],
  recordAssessment: [rank.recordAssessmentUpdate, [rank.assessmentResultSignal]],
  recordCheck: [
    rank.rankCheckUpdate,
    [rank.rankVettingResultSignal, rank.rankBranchOpinionSignal, rank.rankDisciplineOpinionSignal],
  ],
  recordDecision: [rank.recordDecisionUpdate, [rank.partyGroupDecisionSignal]],
  fileObjection: [rank.fileObjectionUpdate, [rank.objectionSignal]],
  resolveObjection: [rank.resolveObjectionUpdate, [rank.objectionResolutionSignal]],
  withdraw: [rank.withdrawUpdate, [rank.withdrawSignal]],
  disqualify: [rank.disqualifyUpdate, [rank.disqualifySignal]],
  placeHold: [rank.placeHoldUpdate, [rank.holdSignal]],
  liftHold: [rank.liftHoldUpdate, [rank.liftHoldSignal]],
  extendPublicity: [rank.extendPublicityUpdate, [rank.extendPublicitySignal]],
  cancel: [rank.cancelUpdate, [rank.cancelSignal]],
  approve: [rank.approveRankUpdate, [rank.rankApprovalSignal]],
};
const probationWire: Record<string, Wire> = {
  appointmentTalk: [probation.appointmentTalkUpdate, [probation.appointmentTalkSignal]],
  probationOutcome: [probation.probationOutcomeUpdate, [probation.probationOutcomeSignal]],
};

/** Every update and signal a messages module defines, by wire name. */
const defined = (module: Record<string, unknown>, type: 'update' | 'signal') =>
  new Set(
    Object.values(module)
      .filter((d): d is Definition => (d as Definition)?.type === type)
      .map((d) => d.name),
  );

// The wire names running batches answer to (saved histories carry them): [update, ...signals] per command.
const shared = {
  recordCheck: ['recordCheck', 'vettingResult', 'partyBranchOpinion', 'disciplineOpinion'],
  recordDecision: ['recordDecision', 'partyGroupDecision'],
  fileObjection: ['fileObjection', 'objection'],
  resolveObjection: ['resolveObjection', 'objectionResolution'],
  withdraw: ['withdrawCandidate', 'withdraw'],
  disqualify: ['disqualifyCandidate', 'disqualify'],
  placeHold: ['placeHold', 'hold'],
  liftHold: ['liftHold', 'liftHold'],
  extendPublicity: ['extendPublicity', 'extendPublicity'],
  cancel: ['cancelBatch', 'cancel'],
};
const wireNames: Record<string, Record<string, string[]>> = {
  selection: { ...shared, appoint: ['appoint', 'appoint'] },
  rank: {
    ...shared,
    recordEvaluation: ['recordEvaluation', 'evaluationResult'],
    recordAssessment: ['recordAssessment', 'assessmentResult'],
    approve: ['approveRankPromotion', 'rankApproval'],
  },
  probation: {
    appointmentTalk: ['recordAppointmentTalk', 'appointmentTalk'],
    probationOutcome: ['recordProbationOutcome', 'probationOutcome'],
  },
};

const tables: [string, CommandTable, Record<string, Wire>, Record<string, unknown>][] = [
  ['selection', selectionCommands, selectionWire, selection],
  ['rank', rankCommands, rankWire, rank],
  ['probation', probationCommands, probationWire, probation],
];

describe('domain/commands', () => {
  describe.each(tables)('the %s table', (kind, table, wire, messages) => {
    test('when its rows are read, each keeps the update and signal names running batches answer to', () => {
      expect(
        Object.fromEntries(table.map((row) => [row.name, [row.update, ...row.signals.map((s) => s.name)]])),
      ).toEqual(wireNames[kind]);
    });

    test('when compared with the messages the workflow defines today, each row keeps its update and signal names', () => {
      expect(table.map((row) => row.name).sort()).toEqual(Object.keys(wire).sort());
      for (const row of table) {
        const [update, signals] = wire[row.name]!;
        expect(row.update, row.name).toBe(update.name);
        expect(
          row.signals.map((s) => s.name),
          row.name,
        ).toEqual(signals.map((s) => s.name));
      }
    });

    test('when a messages module defines an update or a command signal, a row names it', () => {
      expect(new Set(table.map((row) => row.update))).toEqual(defined(messages, 'update'));
      const signals = defined(messages, 'signal');
      signals.delete('calendarUpdated');
      expect(new Set(table.flatMap((row) => row.signals.map((s) => s.name)))).toEqual(signals);
    });

    test('when a signal implies a field, the row says which and with what value', () => {
      for (const row of table)
        for (const signal of row.signals) {
          const implied = opinions[signal.name as keyof typeof opinions];
          expect(signal.defaults, `${row.name} ${signal.name}`).toEqual(implied ? { kind: implied } : undefined);
        }
    });

    test('when a route takes fields from its path, they are parameters of its path and fields of its schema', () => {
      for (const row of table)
        for (const field of row.http.fromPath ?? []) {
          expect(row.http.path, row.name).toContain(`/:${field}`);
          expect(Object.keys((row.schema as unknown as { shape: object }).shape), row.name).toContain(field);
        }
    });
  });

  test('when a batch kind declares a command, its schema is the kind’s own', () => {
    for (const row of selectionCommands) expect(row.schema).toBe(commandSchemas[row.name]);
    for (const row of rankCommands) expect(row.schema).toBe(rankCommandSchemas[row.name]);
  });

  test('when operationIds and endpoints are listed across the tables, none is declared twice', () => {
    const rows = tables.flatMap(([, table]) => table);
    const ids = rows.map((row) => row.doc.operationId);
    const endpoints = rows.map((row) => `${row.http.method} ${row.http.path}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(endpoints).size).toBe(endpoints.length);
  });
});
