import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Unit tests run in a zone with an offset (and daylight saving), so code that reads a zone-less time as local
 * time, or formats in UTC where the analyst's local time is meant, fails here as it would on an analyst's
 * machine; a CI runner in UTC would hide both. The `utc` project keeps the few tests that must hold in UTC too.
 */
export const UNIT_TZ = 'America/New_York';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto', './test/unit/setup.ts'],
    restoreMocks: true,
    // Both projects extend the settings above.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          exclude: ['test/unit/**/*.utc.test.{ts,tsx}'],
          env: { TZ: UNIT_TZ },
        },
      },
      {
        extends: true,
        test: { name: 'utc', include: ['test/unit/**/*.utc.test.{ts,tsx}'], env: { TZ: 'UTC' } },
      },
    ],
  },
});
