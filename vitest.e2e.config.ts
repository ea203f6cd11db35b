import { fileURLToPath } from 'node:url';
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
  // WXT's generated `#i18n` needs the browser; the tests read English from locales/en.yml (test/e2e/i18n.ts).
  resolve: { alias: { '#i18n': fileURLToPath(new URL('./test/e2e/i18n.ts', import.meta.url)) } },
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/e2e/global-setup.ts'],
  },
});
