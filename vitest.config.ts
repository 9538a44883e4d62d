import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits on what a server or a page does next: a password hashed with scrypt on a loaded two-core
    // machine can take longer than vitest's default second. A condition that never comes still fails, 5 s on.
    expect: { poll: { timeout: 5_000 } },
    // Checks once per run that the tests removed every temporary folder they made.
    globalSetup: ['test/setup/temp-folders.global.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/server/**/*.test.ts', 'test/kiosk/**/*.test.ts', 'test/kiosk-integration/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/pcscd.global.ts'],
          // One pcscd and two virtual readers serve every end-to-end file, so they take turns.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // Each file drives its own Chromium and writes screenshots to one folder: they take turns.
          fileParallelism: false,
        },
      },
    ],
  },
});
