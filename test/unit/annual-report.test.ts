import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import {
  annualReportNotes,
  dateBasis,
  dateBasisNote,
  emptyTrainingCounts,
  renderAnnualReportMarkdown,
  reportBasis,
  type AnnualReport,
  type FourMustFigures,
} from '../../domain/annual-report';
import { annualReportDocx } from '../../reports/annual-report.docx';
import { trainingKindLabels, trainingKinds } from '../../domain/training';

const noChecks = (): FourMustFigures => ({
  checks: {
    ARCHIVE_AUDIT: { done: 2, clear: 2, issues_not_affecting: 0, affects_use: 0 },
    PERSONAL_MATTERS: { done: 0, clear: 0, issues_not_affecting: 0, affects_use: 0 },
    DISCIPLINE_OPINION: { done: 2, clear: 1, issues_not_affecting: 0, affects_use: 1 },
    PETITION_CHECK: { done: 0, clear: 0, issues_not_affecting: 0, affects_use: 0 },
  },
  checksDone: 4,
  vetoes: 1,
  disqualified: 0,
  holds: { placed: 0, lifted: 0, onCandidates: 0, onBatches: 0 },
});

/** A year with two drills left out and a batch cancelled before any decision; every figure zero. */
function report(): AnnualReport {
  const left = {
    cancelledBeforeDecision: [{ id: 'b-early', kind: 'SELECTION' as const, title: '第三批', cancelReason: '工作调整' }],
    scaledBatchesLeftOut: [
      { id: 'drill-1', kind: 'SELECTION' as const, title: '演练一', timerScale: 0.00001 },
      { id: 'drill-2', kind: 'RANK_PROMOTION' as const, title: '演练二', timerScale: 0.00001 },
    ],
  };
  const level = { appointments: 0, people: 0 };
  return {
    year: 2026,
    selectionBatches: { total: 0, byStage: {} },
    rankPromotionBatches: { total: 0, byStage: {} },
    divisionLevelPromotions: { people: 0, appointments: 0, byLevel: { 正处: level, 副处: level } },
    sectionLevelAppointments: { people: 0, appointments: 0, byLevel: { 正科: level, 副科: level } },
    rankPromotions: { promotions: 0, people: 0, byTargetRank: [] },
    fourMusts: noChecks(),
    rankPromotionChecks: noChecks(),
    objections: { received: 1, fromPublic: 1, upheld: 0, suspended: 1, unfounded: 1, minor: 0, open: 0 },
    recusals: { recusals: 0, items: 0 },
    probation: { started: 0, confirmed: 0, failed: 0 },
    decisionMeetings: { held: 0, byBatchKind: {}, items: { APPROVED: 0, REJECTED: 0, DEFERRED: 0 } },
    selectionBatchOutcomes: [],
    monthly: Array.from({ length: 12 }, (_, i) => ({
      month: i + 1,
      divisionAppointments: 0,
      sectionAppointments: 0,
      rankPromotions: 0,
    })),
    training: {
      ...emptyTrainingCounts(),
      byKind: trainingKinds.map((kind) => ({ kind, label: trainingKindLabels[kind], ...emptyTrainingCounts() })),
    },
    ...left,
    dateBasis,
    basis: reportBasis,
    notes: annualReportNotes(left),
  };
}

describe('annual report rendering', () => {
  describe('annualReportNotes', () => {
    test('when batches were left out or listed apart, the notes say so after the date basis', () => {
      const notes = report().notes;
      expect(notes[0]).toBe(dateBasisNote);
      expect(notes[1]).toContain('1 个批次在作出任何决定前撤销');
      expect(notes[2]).toContain('2 个批次按缩短的时限运行（测试、演练）');
      expect(notes[2]).toContain('演练一（drill-1）');
    });
  });

  describe('renderAnnualReportMarkdown', () => {
    test('when rendered, the notes come under the figures and both kinds of checks are shown apart', () => {
      const markdown = renderAnnualReportMarkdown(report());
      const figures = markdown.indexOf('- 教育培训');
      expect(markdown.indexOf(`> ${dateBasisNote}`)).toBeGreaterThan(figures);
      expect(markdown).toContain('- 凡提四必（干部选拔）：干部档案必审 2 人次');
      expect(markdown).toContain('- 职级晋升批次核查（另计）：干部档案必审 2 人次');
      expect(markdown).toContain('- 作出决定前撤销的批次（不计入批次数）：第三批（b-early，工作调整）');
    });
  });

  describe('annualReportDocx', () => {
    test('when rendered, the note on the dates follows the summary figures, and the rank checks have their own table', async () => {
      const docx = await annualReportDocx(report(), { charts: [] });
      const xml = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!);
      const text = xml.replace(/<[^>]+>/g, '');
      const summary = text.indexOf('开展干部选拔 0 批');
      const note = text.indexOf(`注：${dateBasisNote}`);
      expect(summary).toBeGreaterThan(-1);
      expect(note).toBeGreaterThan(summary);
      expect(note).toBeLessThan(text.indexOf('二、干部选拔批次及结果'));
      expect(text).toContain('职级晋升批次（另行统计）');
      expect(text).toContain('作出决定前撤销、不计入批次数的批次：第三批（工作调整）');
      expect(text).toContain('2 个批次按缩短的时限运行');
    });
  });
});
