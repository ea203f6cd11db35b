/**
 * Fails the Firefox run at once, with the fix in plain words, when Firefox or the Firefox build is missing.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findFirefox } from '../e2e/browsers';

export default function setup(): void {
  findFirefox();
  const dir = resolve(process.env.ACC_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3');
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`No Firefox build in ${dir}: run "npm run build:firefox" first.`);
}
