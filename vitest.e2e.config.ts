import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Product builds close the injected UI's shadow roots, which Playwright locators cannot enter. The e2e tests
 * therefore drive the e2e build (`wxt build --mode e2e`: the same code with open roots), which global-setup builds
 * fresh on every run next to the product build; trust.e2e.ts runs the product build itself
 * (PRODUCT_EXTENSION_DIR). Set ACC_EXTENSION_DIR to drive another build instead (then nothing is built).
 */
const outDir = process.env.ACC_OUT_DIR ?? '.output';
if (!process.env.ACC_EXTENSION_DIR) {
  process.env.ACC_EXTENSION_DIR = resolve(outDir, 'chrome-mv3-e2e');
  process.env.ACC_BUILD_E2E = '1';
}

// The built extension in a real Chromium against the fake portal: one browser per file, files in series.
export default defineConfig({
  // Product modules imported by the tests read their words through WXT's generated i18n (see i18n-setup.ts).
  resolve: { alias: { '#i18n': resolve('.wxt/i18n/index.ts') } },
  test: {
    setupFiles: ['./test/e2e/i18n-setup.ts'],
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/e2e/global-setup.ts'],
  },
});
