import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';

/**
 * What keeps a batch's history within Temporal's cap (51,200 events; a batch takes about 100 per candidate): since
 * this patch, search attributes are upserted only when they change (each upsert is an event), and a selection batch
 * continues as new once its history is long (a rank batch since `rank-on-batch-engine`). Workflows begun before keep
 * their old commands on replay.
 *
 * Persistence stays a regular activity on purpose: a local activity writes before its workflow task is committed,
 * and a task that then fails (a worker killed, the server refusing it) re-runs with possibly other messages under
 * the same sequence numbers, which the idempotent write would then keep wrong.
 */
export const HISTORY_DIET = 'changed-search-attributes-and-continue-as-new';

/** Events after which a batch's run continues as new (input.continueAsNewAfterEvents overrides it in tests). */
export const continueAsNewAfterEvents = 10_000;
/** …or this many bytes of history (the cap is 50 MB; large plans and objections make events heavy). */
export const continueAsNewAfterBytes = 10_000_000;

/** An upsertSearchAttributes that leaves out the attributes whose value has not changed since the last call. */
export function changedSearchAttributes(patched: boolean) {
  const last = new Map<string, string>();
  return (pairs: SearchAttributeUpdatePair[]) => {
    if (!patched) return upsertSearchAttributes(pairs);
    const changed = pairs.filter(({ key, value }) => last.get(key.name) !== JSON.stringify(value));
    for (const { key, value } of changed) last.set(key.name, JSON.stringify(value));
    if (changed.length > 0) upsertSearchAttributes(changed);
  };
}
