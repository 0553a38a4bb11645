import { defineQuery } from '@temporalio/workflow';
import type { BatchState } from '../domain/selection';

export const taskQueueDefault = 'xuanren';

export const stateQuery = defineQuery<BatchState>('state');
