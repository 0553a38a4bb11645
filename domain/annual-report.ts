import type { z } from 'zod';
import { trainingKindLabels, trainingKinds } from './training';
import type { fourMusts } from './vetting';
import type {
  annualReportSchema,
  batchOutcomeSchema,
  checkCountsSchema,
  fourMustFiguresSchema,
  monthFiguresSchema,
  trainingCountsShape,
} from './views/annual-report';
import type { View } from './views/view';

// Pure: the annual figures of domain.md §5 and their rendering as the report's text.

export type FourMustKind = (typeof fourMusts)[number];

/** The report's figures: the view the API answers with (domain/views/annual-report.ts) is their one description. */
export type AnnualReport = View<typeof annualReportSchema>;
export type CheckCounts = View<typeof checkCountsSchema>;
export type FourMustFigures = View<typeof fourMustFiguresSchema>;
export type BatchOutcome = View<typeof batchOutcomeSchema>;
export type MonthFigures = View<typeof monthFiguresSchema>;
export type TrainingCounts = View<z.ZodObject<typeof trainingCountsShape>>;
export type BatchRef = Pick<AnnualReport['cancelledBeforeDecision'][number], 'id' | 'kind' | 'title'>;

/** The date that decides each figure of the report's sentence (批, 人, 任, 职级 任, 期). */
export const dateBasis = {
  batches: "批: the batch's declared year",
  divisionLevelPromotions: '人: the appointment notice date',
  sectionLevelAppointments: '任: the appointment notice date',
  rankPromotions: '职级 任: the approval date',
  training: '期: the start date of the session',
};

export const reportBasis =
  'batches by their declared year; appointments by the notice date; rank promotions by the approval date; training ' +
  'sessions by their start date; probation outcomes by the date decided; every other figure by the date of the fact ' +
  '(Asia/Shanghai); batches whose timers ran scaled are left out';

/** The note under the figures that says which date decides each. */
export const dateBasisNote =
  '统计口径：批次按批次所属年度，新提拔处级领导职务干部（人）和科级干部（任）按任职通知日期，职级晋升（任）按批准日期，' +
  '培训（期）按开班日期统计；其余数据按事项发生日期（北京时间）所在年度统计，其中试用期考核结果按党组决定日期统计。' +
  '撤销且未对任何人选作出决定的批次不计入批次数；一件举报先暂缓任用、后查清处理的，两种处理结果各计一次。';

/** The report's notes: the date basis first, then what was left out or listed apart. */
export function annualReportNotes(r: Pick<AnnualReport, 'cancelledBeforeDecision' | 'scaledBatchesLeftOut'>): string[] {
  const names = (batches: BatchRef[]) => batches.map((b) => `${b.title}（${b.id}）`).join('、');
  return [
    dateBasisNote,
    ...(r.cancelledBeforeDecision.length > 0
      ? [
          `另有 ${r.cancelledBeforeDecision.length} 个批次在作出任何决定前撤销，单独列出，不计入批次数：` +
            `${names(r.cancelledBeforeDecision)}。`,
        ]
      : []),
    ...(r.scaledBatchesLeftOut.length > 0
      ? [
          `${r.scaledBatchesLeftOut.length} 个批次按缩短的时限运行（测试、演练），其公示期、试用期未实际经过，` +
            `未计入本报告任何数据：${names(r.scaledBatchesLeftOut)}。`,
        ]
      : []),
  ];
}

export const emptyTrainingCounts = (): TrainingCounts => ({
  sessions: 0,
  participants: 0,
  people: 0,
  hours: 0,
  participantHours: 0,
  evaluatedSessions: 0,
  teachingQualityAverage: null,
  tested: 0,
  passed: 0,
  failed: 0,
  passRate: null,
  testScoreAverage: null,
});

/** The kinds named in the report's sentence, in its order. */
export const trainingSentenceKinds = trainingKinds.filter((k) => k !== 'OTHER').map((k) => trainingKindLabels[k]);

/** The summary paragraph of the annual report, with the numbers filled in. */
export function summaryParagraph(r: AnnualReport): string {
  return (
    `开展干部选拔 ${r.selectionBatches.total} 批，新提拔处级领导职务干部 ${r.divisionLevelPromotions.people} 人，` +
    `科级干部 ${r.sectionLevelAppointments.appointments} 任，职级晋升 ${r.rankPromotions.promotions} 任，` +
    `组织开展${trainingSentenceKinds.join('、')}等 ${r.training.sessions} 期。`
  );
}

const kindNames: Record<FourMustKind, string> = {
  ARCHIVE_AUDIT: '干部档案必审',
  PERSONAL_MATTERS: '个人有关事项报告必核',
  DISCIPLINE_OPINION: '纪检监察机关意见必听',
  PETITION_CHECK: '信访举报必查',
};

/** The report as Markdown: the summary paragraph, then every other figure. */
export function renderAnnualReportMarkdown(r: AnnualReport): string {
  const f = r.fourMusts;
  const lines = [
    `# ${r.year}年度干部选拔任用工作情况`,
    '',
    summaryParagraph(r),
    '',
    '## 分项数据',
    '',
    `- 干部选拔批次：${r.selectionBatches.total} 批${stages(r.selectionBatches.byStage)}`,
    `- 新提拔处级领导职务干部：${r.divisionLevelPromotions.people} 人（正处 ${r.divisionLevelPromotions.byLevel['正处'].people} 人，副处 ${r.divisionLevelPromotions.byLevel['副处'].people} 人）`,
    `- 科级干部任职：${r.sectionLevelAppointments.appointments} 任（正科 ${r.sectionLevelAppointments.byLevel['正科'].appointments} 任，副科 ${r.sectionLevelAppointments.byLevel['副科'].appointments} 任；${r.sectionLevelAppointments.people} 人）`,
    `- 职级晋升：${r.rankPromotions.promotions} 任 / ${r.rankPromotions.people} 人（${r.rankPromotionBatches.total} 批）${
      r.rankPromotions.byTargetRank.length > 0
        ? `：${r.rankPromotions.byTargetRank.map((x) => `${x.rank} ${x.promotions} 任`).join('，')}`
        : ''
    }`,
    `- 凡提四必（干部选拔）：${fourMustLine(f)}`,
    `- 职级晋升批次核查（另计）：${fourMustLine(r.rankPromotionChecks)}`,
    `- 公示期间受理举报：${r.objections.received} 件（查实 ${r.objections.upheld} 件，暂缓任用 ${r.objections.suspended} 件，不属实 ${r.objections.unfounded} 件，一般性问题 ${r.objections.minor} 件，办理中 ${r.objections.open} 件；暂缓后又查清的，两项各计）`,
    `- 党组讨论决定会议：${r.decisionMeetings.held} 次（表决事项：通过 ${r.decisionMeetings.items.APPROVED} 项，未通过 ${r.decisionMeetings.items.REJECTED} 项，暂缓 ${r.decisionMeetings.items.DEFERRED} 项）；回避 ${r.recusals.recusals} 人次`,
    `- 试用期：新开始 ${r.probation.started} 人，期满考核合格 ${r.probation.confirmed} 人，不合格 ${r.probation.failed} 人`,
    `- 教育培训：${r.training.sessions} 期（${r.training.byKind.map((k) => `${k.label} ${k.sessions} 期`).join('，')}），` +
      `培训 ${r.training.participants} 人次（${r.training.people} 人），${formatNumber(r.training.hours)} 学时；` +
      `教学质量评估平均 ${scoreText(r.training.teachingQualityAverage)}（已评估 ${r.training.evaluatedSessions} 期），` +
      `学习效果测试 ${r.training.tested} 人次，合格率 ${r.training.passRate === null ? '—' : `${r.training.passRate}%`}，` +
      `平均 ${scoreText(r.training.testScoreAverage)}`,
    ...(r.cancelledBeforeDecision.length > 0
      ? [
          `- 作出决定前撤销的批次（不计入批次数）：${r.cancelledBeforeDecision
            .map((b) => `${b.title}（${b.id}${b.cancelReason ? `，${b.cancelReason}` : ''}）`)
            .join('；')}`,
        ]
      : []),
    ...(r.scaledBatchesLeftOut.length > 0
      ? [
          `- 按缩短时限运行、未计入的批次（测试、演练）：${r.scaledBatchesLeftOut
            .map((b) => `${b.title}（${b.id}，计时 ×${b.timerScale}）`)
            .join('；')}`,
        ]
      : []),
    '',
    ...r.notes.flatMap((n) => [`> ${n}`, '>']).slice(0, -1),
    '',
  ];
  return lines.join('\n');
}

function fourMustLine(f: FourMustFigures): string {
  return (
    `${(Object.keys(kindNames) as FourMustKind[]).map((k) => `${kindNames[k]} ${f.checks[k].done} 人次`).join('，')}；` +
    `纪检监察机关否决 ${f.vetoes} 人，其他核查不宜使用 ${f.disqualified} 人；暂停（hold）${f.holds.placed} 次，解除 ${f.holds.lifted} 次`
  );
}

/** 40 → "40", 40.5 → "40.5". */
export function formatNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function scoreText(score: number | null): string {
  return score === null ? '—' : `${formatNumber(score)} 分`;
}

function stages(byStage: Record<string, number>): string {
  const parts = Object.entries(byStage).map(([stage, n]) => `${stage} ${n}`);
  return parts.length > 0 ? `（${parts.join('，')}）` : '';
}
