import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { patched, proxyActivities, proxyLocalActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { calendar, localCalendar, localPersistence, persistence } from './options';

// What keeps a batch's history short (Temporal caps a history at 51,200 events).

type Activities = ReturnType<typeof createActivities>;
const persistRemotely = proxyActivities<Activities>(persistence);
const calendarRemotely = proxyActivities<Activities>(calendar);
const persistLocally = proxyLocalActivities<Activities>(localPersistence);
const calendarLocally = proxyLocalActivities<Activities>(localCalendar);

/**
 * Since this patch the writes to PostgreSQL and the calendar lookups are local activities: one marker event inside
 * the workflow task that needs them, instead of an activity's three events and a workflow task of its own; and
 * search attributes are upserted only when they change (each upsert is an event). Workflows begun before the patch
 * keep their old commands on replay.
 */
export const HISTORY_DIET = 'local-activities-and-changed-search-attributes';

/** Writes a slice of the outbox; idempotent per (stream, seq), so a retried or replayed write changes nothing. */
export function persistEvents(args: Parameters<Activities['persistEvents']>[0]) {
  return patched(HISTORY_DIET) ? persistLocally.persistEvents(args) : persistRemotely.persistEvents(args);
}

export function publicityWindow(args: Parameters<Activities['publicityWindow']>[0]) {
  return patched(HISTORY_DIET) ? calendarLocally.publicityWindow(args) : calendarRemotely.publicityWindow(args);
}

export function addWorkingDays(args: Parameters<Activities['addWorkingDays']>[0]) {
  return patched(HISTORY_DIET) ? calendarLocally.addWorkingDays(args) : calendarRemotely.addWorkingDays(args);
}

/** An upsertSearchAttributes that leaves out the attributes whose value has not changed since the last call. */
export function changedSearchAttributes() {
  const last = new Map<string, string>();
  return (pairs: SearchAttributeUpdatePair[]) => {
    if (!patched(HISTORY_DIET)) return upsertSearchAttributes(pairs);
    const changed = pairs.filter(({ key, value }) => last.get(key.name) !== JSON.stringify(value));
    for (const { key, value } of changed) last.set(key.name, JSON.stringify(value));
    if (changed.length > 0) upsertSearchAttributes(changed);
  };
}
