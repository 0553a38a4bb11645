import { defineSignal } from '@temporalio/workflow';

/** Sent by PUT /calendar/years/:year to batches waiting for that year's schedule (or by an operator). */
export const calendarUpdatedSignal = defineSignal<[{ year: number }]>('calendarUpdated');
