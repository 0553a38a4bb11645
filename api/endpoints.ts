import { batchEndpoints } from './batches.routes';
import { calendarEndpoints } from './calendar.routes';
import { codecEndpoints } from './codec.routes';
import { docsEndpoints } from './docs.routes';
import { healthEndpoints } from './health.routes';
import { inboxEndpoints } from './inbox.routes';
import { metricsEndpoint } from './metrics';
import { rankBatchEndpoints } from './rank-batches.routes';
import { reportEndpoints } from './reports.routes';
import { accessOf } from './route-declaration';
import { trainingEndpoints } from './training.routes';

/** Every route but the commands (those are rows of the command tables), as each declares itself beside its handler. */
export const declaredRoutes = [
  ...Object.values(healthEndpoints),
  metricsEndpoint,
  ...Object.values(codecEndpoints),
  ...Object.values(docsEndpoints),
  ...Object.values(batchEndpoints),
  ...Object.values(calendarEndpoints),
  ...Object.values(rankBatchEndpoints),
  ...Object.values(trainingEndpoints),
  ...Object.values(reportEndpoints),
  ...Object.values(inboxEndpoints),
];

/** Who may call each of them that is under /api/v1: their rows of the role matrix (api/access.ts). */
export const declaredAccess = accessOf(declaredRoutes);
