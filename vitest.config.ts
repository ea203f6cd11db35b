import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Unit tests run in a zone with an offset (and daylight saving), so code that reads a zone-less time as local
 * time, or formats in UTC where the analyst's local time is meant, fails here as it would on an analyst's
 * machine; a CI runner in UTC would hide both. The `utc` project keeps the few tests that must hold in UTC too.
 */
export const UNIT_TZ = 'America/New_York';

const shared = {
  environment: 'happy-dom',
  setupFiles: ['fake-indexeddb/auto', './test/unit/setup.ts'],
  restoreMocks: true,
} as const;

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          ...shared,
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          exclude: ['test/unit/**/*.utc.test.{ts,tsx}'],
          env: { TZ: UNIT_TZ },
        },
      },
      {
        extends: true,
        test: { ...shared, name: 'utc', include: ['test/unit/**/*.utc.test.{ts,tsx}'], env: { TZ: 'UTC' } },
      },
    ],
  },
});
