import type { Rank } from './ranks';
import { trainingKindLabels, trainingKinds, type TrainingKind } from './training';
import type { fourMusts } from './vetting';

// Pure: the annual figures of domain.md §5 and their rendering as the report's text.

export type FourMustKind = (typeof fourMusts)[number];
export interface LevelCount {
  appointments: number;
  people: number;
}

export interface CheckCounts {
  done: number;
  clear: number;
  issues_not_affecting: number;
  affects_use: number;
}

/**
 * The annual report's figures. Each is one SQL query over the read model (db/report.queries.ts). Basis: a batch
 * counts in its declared year (`batches.year`); every other figure counts the facts dated in the calendar year in
 * Asia/Shanghai (appointment notice date, approval date of a rank change, meeting date, time a check was recorded,
 * an objection received, a hold placed, a probation started or concluded).
 */
export interface AnnualReport {
  year: number;
  /** 开展干部选拔 N 批 */
  selectionBatches: { total: number; byStage: Record<string, number> };
  rankPromotionBatches: { total: number; byStage: Record<string, number> };
  /** 新提拔处级领导职务干部 N 人: distinct people appointed to 正处 / 副处 posts. */
  divisionLevelPromotions: { people: number; appointments: number; byLevel: Record<'正处' | '副处', LevelCount> };
  /** 科级干部 N 任: appointment events to 正科 / 副科 posts. */
  sectionLevelAppointments: { appointments: number; people: number; byLevel: Record<'正科' | '副科', LevelCount> };
  /** 职级晋升 N 任: rank changes approved, 人次 (promotions) and 人 (people), by target rank. */
  rankPromotions: {
    promotions: number;
    people: number;
    byTargetRank: { rank: Rank; promotions: number; people: number }[];
  };
  /** 凡提四必: checks done per kind and result, vetoes by the integrity opinion, disqualifications, holds. */
  fourMusts: {
    checks: Record<FourMustKind, CheckCounts>;
    checksDone: number;
    vetoes: number;
    disqualified: number;
    holds: { placed: number; lifted: number; onCandidates: number; onBatches: number };
  };
  objections: {
    received: number;
    fromPublic: number;
    upheld: number;
    suspended: number;
    unfounded: number;
    minor: number;
    open: number;
  };
  /** Members who withdrew from an item (人次), and the items with at least one recusal. */
  recusals: { recusals: number; items: number };
  probation: { started: number; confirmed: number; failed: number };
  decisionMeetings: {
    held: number;
    byBatchKind: Record<string, number>;
    items: { APPROVED: number; REJECTED: number; DEFERRED: number };
  };
  /** Each selection batch of the year with what became of its candidates (the document's first table). */
  selectionBatchOutcomes: BatchOutcome[];
  /** Appointments (by notice date) and rank promotions (by approval date), month by month: the document's chart. */
  monthly: MonthFigures[];
  /** 组织开展业务培训、领导力培训、初任培训、转任培训等 N 期: sessions starting in the year, by kind. */
  training: TrainingFigures;
  basis: string;
  notes: string[];
}

export interface BatchOutcome {
  id: string;
  title: string;
  stage: string;
  candidates: number;
  /** APPOINTED, ON_PROBATION, CONFIRMED or PROBATION_FAILED: the candidate was appointed. */
  appointed: number;
  vetoed: number;
  disqualified: number;
  rejected: number;
  notSelected: number;
  cancelled: number;
  withdrawn: number;
  /** Still on the way (not appointed, not out). */
  inProgress: number;
}

export interface MonthFigures {
  month: number;
  /** Appointment notices to 正处 / 副处 posts. */
  divisionAppointments: number;
  /** Appointment notices to 正科 / 副科 posts. */
  sectionAppointments: number;
  rankPromotions: number;
}

/** Training figures of one kind, or of all kinds together. */
export interface TrainingCounts {
  /** 期 */
  sessions: number;
  /** 人次: participant rows. */
  participants: number;
  /** Distinct people trained. */
  people: number;
  /** 学时 of the sessions, added up. */
  hours: number;
  /** 学时 × participants: the hours of training received. */
  participantHours: number;
  evaluatedSessions: number;
  /** Mean teaching-quality score (教学质量评估) of the evaluated sessions, 2 decimals; null if none. */
  teachingQualityAverage: number | null;
  /** Participants with a learning-test result (学习效果测试). */
  tested: number;
  passed: number;
  failed: number;
  /** passed / (passed + failed), in percent with 1 decimal; null without a pass/fail result. */
  passRate: number | null;
  /** Mean learning-test score, 2 decimals; null without a score. */
  testScoreAverage: number | null;
}

export interface TrainingFigures extends TrainingCounts {
  /** Every kind, in the order of domain/training.ts, zeros included. */
  byKind: (TrainingCounts & { kind: TrainingKind; label: string })[];
}

export const reportBasis =
  'batches by their declared year; training sessions by their start date; every other figure by the date of the ' +
  'fact in the calendar year (Asia/Shanghai)';

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
    `- 凡提四必：${(Object.keys(kindNames) as FourMustKind[]).map((k) => `${kindNames[k]} ${f.checks[k].done} 人次`).join('，')}；纪检监察机关否决 ${f.vetoes} 人，其他核查不宜使用 ${f.disqualified} 人；暂停（hold）${f.holds.placed} 次，解除 ${f.holds.lifted} 次`,
    `- 公示期间受理举报：${r.objections.received} 件（查实 ${r.objections.upheld} 件，暂缓任用 ${r.objections.suspended} 件，不属实 ${r.objections.unfounded} 件，一般性问题 ${r.objections.minor} 件，办理中 ${r.objections.open} 件）`,
    `- 党组讨论决定会议：${r.decisionMeetings.held} 次（表决事项：通过 ${r.decisionMeetings.items.APPROVED} 项，未通过 ${r.decisionMeetings.items.REJECTED} 项，暂缓 ${r.decisionMeetings.items.DEFERRED} 项）；回避 ${r.recusals.recusals} 人次`,
    `- 试用期：新开始 ${r.probation.started} 人，期满考核合格 ${r.probation.confirmed} 人，不合格 ${r.probation.failed} 人`,
    `- 教育培训：${r.training.sessions} 期（${r.training.byKind.map((k) => `${k.label} ${k.sessions} 期`).join('，')}），` +
      `培训 ${r.training.participants} 人次（${r.training.people} 人），${formatNumber(r.training.hours)} 学时；` +
      `教学质量评估平均 ${scoreText(r.training.teachingQualityAverage)}（已评估 ${r.training.evaluatedSessions} 期），` +
      `学习效果测试 ${r.training.tested} 人次，合格率 ${r.training.passRate === null ? '—' : `${r.training.passRate}%`}，` +
      `平均 ${scoreText(r.training.testScoreAverage)}`,
    '',
    ...r.notes.map((n) => `> ${n}`),
    '',
  ];
  return lines.join('\n');
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
