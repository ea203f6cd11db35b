import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Firefox build in Firefox ESR against the fake portal: one Firefox for the whole suite.
export default defineConfig({
  // WXT's generated `#i18n` needs the browser; the tests read English from locales/en.yml (test/e2e/i18n.ts).
  resolve: { alias: { '#i18n': fileURLToPath(new URL('./test/e2e/i18n.ts', import.meta.url)) } },
  test: {
    include: ['test/e2e-firefox/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/e2e-firefox/global-setup.ts'],
  },
});
