// Pure and deterministic: imported by workflow code. No I/O, no clock, no randomness.

/** [REG 《公务员职务与职级并行规定》(2019) art. 7] 综合管理类 rank ladder, high to low. */
export const ranks = [
  '一级巡视员',
  '二级巡视员',
  '一级调研员',
  '二级调研员',
  '三级调研员',
  '四级调研员',
  '一级主任科员',
  '二级主任科员',
  '三级主任科员',
  '四级主任科员',
  '一级科员',
  '二级科员',
] as const;
export type Rank = (typeof ranks)[number];

/** Leading posts (领导职务) whose years also qualify for some ranks (art. 18). */
export const leadingPosts = [
  '厅局级正职',
  '厅局级副职',
  '县处级正职',
  '县处级副职',
  '乡科级正职',
  '乡科级副职',
] as const;
export type LeadingPost = (typeof leadingPosts)[number];

/** What a person held during a period of their career: a rank or a leading post. */
export const holdings = [...ranks, ...leadingPosts] as const;
export type Holding = Rank | LeadingPost;

export const isRank = (h: string): h is Rank => (ranks as readonly string[]).includes(h);

/** The rank one step above, or undefined at the top. */
export function rankAbove(rank: Rank): Rank | undefined {
  const i = ranks.indexOf(rank);
  return i > 0 ? ranks[i - 1] : undefined;
}

/** [REG art. 17] promotion is one step at a time. */
export function isOneStepUp(current: Rank, target: Rank): boolean {
  return rankAbove(current) === target;
}

export interface TenureRule {
  target: Rank;
  /** Minimum years in one of `from` before promotion to `target`. */
  years: number;
  /** The rank directly below, and the leading post whose years count the same, where the regulation names one. */
  from: Holding[];
}

/**
 * [REG 《公务员职务与职级并行规定》(2019) art. 18] minimum years in the rank below (or the named leading post).
 * The lowest rank (二级科员) is an entry rank: nobody is promoted to it.
 */
export const tenureRules: Record<Exclude<Rank, '二级科员'>, TenureRule> = {
  一级巡视员: { target: '一级巡视员', years: 4, from: ['二级巡视员', '厅局级副职'] },
  二级巡视员: { target: '二级巡视员', years: 4, from: ['一级调研员'] },
  一级调研员: { target: '一级调研员', years: 3, from: ['二级调研员', '县处级正职'] },
  二级调研员: { target: '二级调研员', years: 2, from: ['三级调研员'] },
  三级调研员: { target: '三级调研员', years: 2, from: ['四级调研员', '县处级副职'] },
  四级调研员: { target: '四级调研员', years: 2, from: ['一级主任科员'] },
  一级主任科员: { target: '一级主任科员', years: 2, from: ['二级主任科员', '乡科级正职'] },
  二级主任科员: { target: '二级主任科员', years: 2, from: ['三级主任科员'] },
  三级主任科员: { target: '三级主任科员', years: 2, from: ['四级主任科员', '乡科级副职'] },
  四级主任科员: { target: '四级主任科员', years: 2, from: ['一级科员'] },
  一级科员: { target: '一级科员', years: 2, from: ['二级科员'] },
};

export function tenureRule(target: Rank): TenureRule | undefined {
  return target === '二级科员' ? undefined : tenureRules[target];
}
