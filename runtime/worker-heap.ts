/**
 * The worker process's V8 heap limit (node --max-old-space-size), wherever the project starts a worker: `npm run
 * worker` (package.json), docker-compose.yml and the local cluster. With the bounded workflow cache
 * (WORKER_MAX_CACHED_WORKFLOWS, 200) a worker holds 10,000 open batches in about 0.9 GB RSS (bench/worker-memory.ts);
 * without a limit V8 lets garbage pile up to well over 1 GB before collecting it.
 */
export const workerHeapMb = 512;
