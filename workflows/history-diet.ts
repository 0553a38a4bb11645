import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { patched, upsertSearchAttributes } from '@temporalio/workflow';

/**
 * Since this patch search attributes are upserted only when they change: each upsert is a history event (Temporal
 * caps a history at 51,200), and most messages change none. Workflows begun before keep upserting on every change.
 *
 * Persistence stays a regular activity on purpose: a local activity writes before its workflow task is committed,
 * and a task that then fails (a worker killed, the server refusing it) re-runs with possibly other messages under
 * the same sequence numbers, which the idempotent write would then keep wrong.
 */
export const CHANGED_SEARCH_ATTRIBUTES = 'upsert-changed-search-attributes-only';

/** An upsertSearchAttributes that leaves out the attributes whose value has not changed since the last call. */
export function changedSearchAttributes() {
  const last = new Map<string, string>();
  return (pairs: SearchAttributeUpdatePair[]) => {
    if (!patched(CHANGED_SEARCH_ATTRIBUTES)) return upsertSearchAttributes(pairs);
    const changed = pairs.filter(({ key, value }) => last.get(key.name) !== JSON.stringify(value));
    for (const { key, value } of changed) last.set(key.name, JSON.stringify(value));
    if (changed.length > 0) upsertSearchAttributes(changed);
  };
}
