import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/pcscd.global.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The end-to-end suites share one pcscd and its two virtual readers.
    fileParallelism: false,
  },
});
