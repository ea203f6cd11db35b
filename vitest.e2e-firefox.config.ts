import { defineConfig } from 'vitest/config';

// The Firefox build in Firefox ESR against the fake portal: one Firefox for the whole suite.
export default defineConfig({
  test: {
    include: ['test/e2e-firefox/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/e2e-firefox/global-setup.ts'],
  },
});
