import { z } from 'zod';
import { rulesetSchema } from './ruleset';

export const batchStages = ['INSPECTING', 'DECIDING', 'PUBLICITY', 'APPOINTING', 'CLOSED', 'CANCELLED'] as const;
export type BatchStage = (typeof batchStages)[number];

/** The stages in the office's words (the Temporal UI's current details, which supervisors read). */
export const stageNamesZh: Record<BatchStage, string> = {
  INSPECTING: '考察',
  DECIDING: '讨论决定',
  PUBLICITY: '公示',
  APPOINTING: '任职',
  CLOSED: '已办结',
  CANCELLED: '已撤销',
};

export const batchKinds = ['SELECTION', 'RANK_PROMOTION'] as const;
export type BatchKind = (typeof batchKinds)[number];

/** 处级 / 科级 leading posts: the annual report counts them separately (domain.md §5). */
export const positionLevels = ['正处', '副处', '正科', '副科'] as const;
export type PositionLevel = (typeof positionLevels)[number];

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"');

export const positionSchema = z.strictObject({
  id,
  title: z.string().min(1).max(200),
  orgUnit: z.string().min(1).max(100),
  level: z.enum(positionLevels),
  seats: z.number().int().min(1).max(50).default(1),
});

export const candidateSchema = z.strictObject({
  personId: id,
  name: z.string().min(1).max(100),
  branchId: id,
  positionId: id,
  /** 破格 promotion: the public notice must state the reason (条例 art. 42). */
  exceptionalReason: z.string().min(1).max(2000).optional(),
});

export const memberSchema = z.strictObject({
  memberId: id,
  name: z.string().min(1).max(100),
  isSecretary: z.boolean().default(false),
});

export const relationSchema = z.strictObject({
  memberId: id,
  personId: id,
  /** 《公务员法》 art. 74: spouse, lineal, collateral within three generations, close in-law, adoptive, self. */
  kind: z.enum(['SELF', 'SPOUSE', 'LINEAL', 'COLLATERAL', 'IN_LAW', 'ADOPTIVE']),
});

export const startBatchSchema = z
  .strictObject({
    id: id.optional(),
    title: z.string().min(1).max(200),
    year: z.number().int().min(2000).max(2100),
    orgUnit: z.string().min(1).max(100),
    positions: z.array(positionSchema).min(1).max(100),
    candidates: z.array(candidateSchema).min(1).max(1000),
    partyGroup: z.array(memberSchema).min(3).max(50),
    relations: z.array(relationSchema).max(1000).default([]),
    /** [DESIGN] settings this batch keeps for its whole life; defaults from domain.md. */
    ruleset: rulesetSchema.optional(),
  })
  .superRefine((batch, ctx) => {
    const positionIds = new Set(batch.positions.map((p) => p.id));
    const memberIds = new Set(batch.partyGroup.map((m) => m.memberId));
    const personIds = new Set(batch.candidates.map((c) => c.personId));
    duplicates(batch.positions.map((p) => p.id)).forEach((i) =>
      ctx.addIssue({ code: 'custom', path: ['positions', i, 'id'], message: 'duplicate position id' }),
    );
    duplicates(batch.candidates.map((c) => c.personId)).forEach((i) =>
      ctx.addIssue({ code: 'custom', path: ['candidates', i, 'personId'], message: 'duplicate candidate' }),
    );
    duplicates(batch.partyGroup.map((m) => m.memberId)).forEach((i) =>
      ctx.addIssue({ code: 'custom', path: ['partyGroup', i, 'memberId'], message: 'duplicate member' }),
    );
    batch.candidates.forEach((c, i) => {
      if (!positionIds.has(c.positionId))
        ctx.addIssue({ code: 'custom', path: ['candidates', i, 'positionId'], message: 'unknown position' });
    });
    const secretaries = batch.partyGroup.filter((m) => m.isSecretary).length;
    if (secretaries !== 1)
      ctx.addIssue({ code: 'custom', path: ['partyGroup'], message: 'exactly one member must be the secretary' });
    batch.relations.forEach((r, i) => {
      if (!memberIds.has(r.memberId))
        ctx.addIssue({ code: 'custom', path: ['relations', i, 'memberId'], message: 'unknown party group member' });
      if (!personIds.has(r.personId))
        ctx.addIssue({ code: 'custom', path: ['relations', i, 'personId'], message: 'unknown candidate' });
    });
  });

export type StartBatchInput = z.input<typeof startBatchSchema>;
export type BatchPlan = Omit<z.output<typeof startBatchSchema>, 'ruleset'> & { id: string };

function duplicates(values: string[]): number[] {
  const seen = new Set<string>();
  return values.flatMap((v, i) => (seen.has(v) ? [i] : (seen.add(v), [])));
}
