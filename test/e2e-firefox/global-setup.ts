/**
 * Fails the Firefox run at once, with the fix in plain words, when Firefox or the Firefox build is missing.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findFirefox } from '../e2e/browsers';

export default function setup(): void {
  findFirefox();
  // The e2e variant of the Firefox build (open shadow roots, as the Chromium suite's; see test/e2e/trust.e2e.ts).
  const dir = resolve(process.env.ACC_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3-e2e');
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`No Firefox build in ${dir}: run "npx wxt build -b firefox --mv3 --mode e2e" first.`);
}
