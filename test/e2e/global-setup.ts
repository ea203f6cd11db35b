/**
 * Fails the e2e run at once, with the fix in plain words, when the browser or the build is missing: never a
 * stack trace from deep inside a test, never a silent skip. Builds the e2e variant (open shadow roots, see
 * vitest.e2e.config.ts) each run, so it is never older than the code; the product build is `wxt build`'s.
 */
import { execFileSync } from 'node:child_process';
import { assertBuilt, chromePath, PRODUCT_EXTENSION_DIR } from './harness';

export default function setup(): void {
  chromePath();
  if (process.env.ACC_BUILD_E2E === '1') execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { stdio: ['ignore', 'ignore', 'inherit'] });
  assertBuilt();
  assertBuilt(PRODUCT_EXTENSION_DIR);
}
