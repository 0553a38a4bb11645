import type { Rank } from './ranks';
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
  /** 培训 N 期: training sessions are recorded from a later release; not counted yet. */
  training: null;
  basis: string;
  notes: string[];
}

export const reportBasis =
  'batches by their declared year; every other figure by the date of the fact in the calendar year (Asia/Shanghai)';

/** The summary paragraph of the annual report, with the numbers filled in. */
export function summaryParagraph(r: AnnualReport): string {
  return (
    `开展干部选拔 ${r.selectionBatches.total} 批，新提拔处级领导职务干部 ${r.divisionLevelPromotions.people} 人，` +
    `科级干部 ${r.sectionLevelAppointments.appointments} 任，职级晋升 ${r.rankPromotions.promotions} 任。`
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
    '',
    ...r.notes.map((n) => `> ${n}`),
    '',
  ];
  return lines.join('\n');
}

function stages(byStage: Record<string, number>): string {
  const parts = Object.entries(byStage).map(([stage, n]) => `${stage} ${n}`);
  return parts.length > 0 ? `（${parts.join('，')}）` : '';
}
