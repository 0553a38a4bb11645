import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    env: { TZ: 'Asia/Shanghai' },
    include: ['test/**/*.test.ts'],
    // Fault tests start their own cluster and take minutes: `npm run test:faults`.
    exclude: [...configDefaults.exclude, 'test/faults/**'],
    globalSetup: ['test/global-setup.ts'],
    // The JSON report feeds the closing "N passed, N failed" line of .ci/run (scripts/ci-summary.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    setupFiles: ['test/setup.ts'],
    // Real servers answer within milliseconds, but two cores under a full parallel run can make that seconds.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
