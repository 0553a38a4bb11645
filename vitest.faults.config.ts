import { defineConfig } from 'vitest/config';

// `npm run test:faults`: fault injection against the real local cluster (runtime/cluster), one file at a time.
// Not part of `npm test` (vitest.config.ts excludes test/faults); CI runs it with a time bound.
export default defineConfig({
  test: {
    pool: 'forks',
    fileParallelism: false,
    env: { TZ: 'Asia/Shanghai' },
    include: ['test/faults/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/faults.json' },
    testTimeout: 300_000,
    // The first run builds the Temporal server (about 3 minutes); later runs start the cluster in seconds.
    hookTimeout: 420_000,
  },
});
