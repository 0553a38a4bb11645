import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    env: { TZ: 'Asia/Shanghai' },
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
