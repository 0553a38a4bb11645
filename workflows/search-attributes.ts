import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Stored unencrypted by Temporal: ids and codes only, never personal data.
export const BatchKind = defineSearchAttributeKey('BatchKind', SearchAttributeType.KEYWORD);
export const BatchStage = defineSearchAttributeKey('BatchStage', SearchAttributeType.KEYWORD);
export const BatchYear = defineSearchAttributeKey('BatchYear', SearchAttributeType.INT);
export const OrgUnit = defineSearchAttributeKey('OrgUnit', SearchAttributeType.KEYWORD);
export const PendingOpinions = defineSearchAttributeKey('PendingOpinions', SearchAttributeType.INT);
export const PublicityEndsAt = defineSearchAttributeKey('PublicityEndsAt', SearchAttributeType.DATETIME);

/** Name and CLI type of every custom search attribute, for registering them on a server. */
export const searchAttributeDefinitions = [
  { name: 'BatchKind', type: 'Keyword' },
  { name: 'BatchStage', type: 'Keyword' },
  { name: 'BatchYear', type: 'Int' },
  { name: 'OrgUnit', type: 'Keyword' },
  { name: 'PendingOpinions', type: 'Int' },
  { name: 'PublicityEndsAt', type: 'Datetime' },
] as const;
