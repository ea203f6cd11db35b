import { defineConfig } from 'vitest/config';

// The built extension in a real Chromium against the fake portal: one browser per file, files in series.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/e2e/global-setup.ts'],
  },
});
