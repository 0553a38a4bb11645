import { z } from 'zod';
import { startBatchSchema } from '../domain/batch';

/** The `:id` of a batch's routes, as a started batch's id is written. */
export const batchIdParams = z.object({
  id: startBatchSchema.shape.id.unwrap().describe('batch id (the workflow is `batch-<id>`)'),
});
