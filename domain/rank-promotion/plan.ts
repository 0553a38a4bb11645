import { z } from 'zod';
import { memberSchema, relationSchema } from '../batch';
import {
  assessmentSchema,
  careerDate,
  computeEligibility,
  disciplinaryEffectSchema,
  holdingPeriodSchema,
  type Eligibility,
} from '../eligibility';
import { idSchema as id } from '../procedure/messages';
import { isOneStepUp, isRank, ranks, type Rank } from '../ranks';
import { rulesetSchema, type RulesetFieldsAddedLater } from '../ruleset';
import { checkKinds } from '../vetting';

// ---------- ruleset ----------

/**
 * The selection ruleset plus the rank-promotion [DESIGN] points (domain.md §3, §6).
 * - `requiredChecks`: the vetting a candidate needs before the decision. Default: the integrity opinion and the archive
 *   audit (domain.md §3); whether all of 凡提四必 applies to rank promotion is an open point, so add them here.
 * - `simplifiedInspection`: art. 20 lets 考察了解 be simplified for ranks without a quota ratio: no inspection report.
 * - `assessmentYear`, `missingAssessment`: see eligibilitySettingsSchema.
 */
export const rankRulesetSchema = rulesetSchema.extend({
  requiredChecks: z
    .array(z.enum(checkKinds))
    .max(checkKinds.length)
    .refine((kinds) => new Set(kinds).size === kinds.length, 'each check at most once')
    .default(['ARCHIVE_AUDIT', 'DISCIPLINE_OPINION']),
  simplifiedInspection: z.boolean().default(false),
  assessmentYear: z.enum(['held_at_year_end', 'any_part_of_year']).default('held_at_year_end'),
  missingAssessment: z.enum(['blocks', 'not_counted']).default('blocks'),
});
export type RankRuleset = z.output<typeof rankRulesetSchema>;
export const defaultRankRuleset: RankRuleset = rankRulesetSchema.parse({});
/** A rank ruleset as a batch keeps it: settings added later may be absent (domain/ruleset.ts StoredRuleset). */
export type StoredRankRuleset = Omit<RankRuleset, RulesetFieldsAddedLater> &
  Partial<Pick<RankRuleset, RulesetFieldsAddedLater>>;

export const rankCandidateSchema = z.strictObject({
  personId: id,
  name: z.string().min(1).max(100),
  branchId: id,
  currentRank: z.enum(ranks),
  targetRank: z.enum(ranks),
  rankHistory: z.array(holdingPeriodSchema).max(50),
  assessments: z.array(assessmentSchema).max(60),
  disciplinaryEffects: z.array(disciplinaryEffectSchema).max(50).default([]),
});

export const rankBatchSchema = z
  .strictObject({
    id: id.optional(),
    title: z.string().min(1).max(200),
    year: z.number().int().min(2000).max(2100),
    orgUnit: z.string().min(1).max(100),
    /** Reference date of the eligibility computation; default: the day the batch starts (Asia/Shanghai). */
    asOf: careerDate.optional(),
    candidates: z.array(rankCandidateSchema).min(1).max(1000),
    /** 职数: promotions the batch may approve per target rank, where a quota applies. */
    quotas: z
      .array(z.strictObject({ rank: z.enum(ranks), seats: z.number().int().min(0).max(1000) }))
      .max(ranks.length)
      .default([]),
    partyGroup: z.array(memberSchema).min(3).max(50),
    relations: z.array(relationSchema).max(1000).default([]),
    ruleset: rankRulesetSchema.optional(),
  })
  .superRefine((batch, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const memberIds = new Set(batch.partyGroup.map((m) => m.memberId));
    const personIds = new Set(batch.candidates.map((c) => c.personId));
    duplicates(batch.candidates.map((c) => c.personId)).forEach((i) =>
      issue(['candidates', i, 'personId'], 'duplicate candidate'),
    );
    duplicates(batch.partyGroup.map((m) => m.memberId)).forEach((i) =>
      issue(['partyGroup', i, 'memberId'], 'duplicate member'),
    );
    duplicates(batch.quotas.map((q) => q.rank)).forEach((i) => issue(['quotas', i, 'rank'], 'duplicate rank'));
    if (batch.partyGroup.filter((m) => m.isSecretary).length !== 1)
      issue(['partyGroup'], 'exactly one member must be the secretary');
    batch.relations.forEach((r, i) => {
      if (!memberIds.has(r.memberId)) issue(['relations', i, 'memberId'], 'unknown party group member');
      if (!personIds.has(r.personId)) issue(['relations', i, 'personId'], 'unknown candidate');
    });
    batch.candidates.forEach((c, i) => {
      duplicates(c.assessments.map((a) => String(a.year))).forEach((j) =>
        issue(['candidates', i, 'assessments', j, 'year'], 'one assessment per year'),
      );
      c.rankHistory.forEach((p, j) => {
        if (p.to === undefined && isRank(p.holding) && p.holding !== c.currentRank)
          issue(['candidates', i, 'rankHistory', j], `the rank held now is currentRank (${c.currentRank})`);
      });
    });
  });

export type RankBatchBody = z.input<typeof rankBatchSchema>;
export type RankBatchPlan = Omit<z.output<typeof rankBatchSchema>, 'ruleset' | 'asOf'> & { id: string; asOf: string };
export type RankCandidatePlan = RankBatchPlan['candidates'][number];

/** [REG art. 17] one step at a time: the 422 the API answers before anything starts. */
export function stepViolations(plan: { candidates: readonly { currentRank: Rank; targetRank: Rank }[] }) {
  return plan.candidates.flatMap((c, i) =>
    isOneStepUp(c.currentRank, c.targetRank)
      ? []
      : [{ path: `candidates.${i}.targetRank`, message: `${c.targetRank} is not one step above ${c.currentRank}` }],
  );
}

/**
 * Each candidate's eligibility on the batch's reference date. `awaitLastYearsAssessment` (the workflow passes
 * `patched(AWAITING_ASSESSMENT)`; default true): a candidate whose eligibility depends on last year's assessment, not
 * recorded yet, awaits it instead of being found ineligible.
 */
export function candidateEligibility(
  plan: RankBatchPlan,
  ruleset: StoredRankRuleset,
  { awaitLastYearsAssessment = true }: { awaitLastYearsAssessment?: boolean } = {},
): Eligibility[] {
  return plan.candidates.map((c) => eligibilityOf(c, plan.asOf, ruleset, awaitLastYearsAssessment));
}

/** The part of a candidate's personnel file that eligibility is computed from. */
export type RankCareer = Pick<RankCandidatePlan, 'currentRank' | 'targetRank' | 'rankHistory' | 'assessments'> & {
  disciplinaryEffects?: RankCandidatePlan['disciplinaryEffects'];
};

/** A candidate's eligibility on `asOf` (domain.md §3). */
export function eligibilityOf(
  c: RankCareer,
  asOf: string,
  ruleset: StoredRankRuleset,
  awaitLastYearsAssessment: boolean,
): Eligibility {
  return computeEligibility({
    currentRank: c.currentRank,
    targetRank: c.targetRank,
    rankHistory: c.rankHistory,
    assessments: c.assessments,
    disciplinaryEffects: c.disciplinaryEffects ?? [],
    asOf,
    settings: { assessmentYear: ruleset.assessmentYear, missingAssessment: ruleset.missingAssessment },
    awaitLastYearsAssessment,
  });
}

function duplicates(values: string[]): number[] {
  const seen = new Set<string>();
  return values.flatMap((v, i) => (seen.has(v) ? [i] : (seen.add(v), [])));
}
