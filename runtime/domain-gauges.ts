import type { MetricMeter } from '@temporalio/common';
import type { Logger } from 'pino';
import type { createGaugesRepository } from '../db/gauges.repository';
import { batchStages } from '../domain/batch';

const openStages = batchStages.filter((s) => s !== 'CLOSED' && s !== 'CANCELLED');

/**
 * Gauges of the current state, read from the PostgreSQL read model (the same truth the API lists) and set on the
 * worker's metric meter, so they are scraped with the SDK's own metrics. Every worker process reports the same
 * values: aggregate with max(), not sum().
 */
export function startDomainGauges({
  counts,
  meter,
  logger,
  intervalMs = 15_000,
}: {
  counts: ReturnType<typeof createGaugesRepository>;
  meter: MetricMeter;
  logger: Logger;
  intervalMs?: number;
}) {
  const objectionsOpen = meter.createGauge(
    'xuanren_objections_open',
    'int',
    'objections',
    'Objections not yet resolved (open or suspended 暂缓)',
  );
  const batchesOpen = meter.createGauge('xuanren_batches_open', 'int', 'batches', 'Batches not yet closed, by stage');
  let failing = false;

  async function refresh() {
    try {
      const objections = await counts.openObjections();
      const stages = await counts.openBatchesByStage();
      objectionsOpen.set(objections);
      for (const stage of openStages) batchesOpen.set(stages.get(stage) ?? 0, { stage });
      if (failing) logger.info('domain gauges: PostgreSQL answers again');
      failing = false;
    } catch (err) {
      if (!failing) logger.warn({ err }, 'domain gauges: cannot read PostgreSQL; the gauges keep their last values');
      failing = true;
    }
  }

  let current = refresh();
  const timer = setInterval(() => {
    current = current.then(refresh);
  }, intervalMs);
  timer.unref();
  return {
    /** Resolves once the latest refresh has finished. */
    refreshed: () => current,
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
