/**
 * Fails the e2e run at once, with the fix in plain words, when the browser or the build is missing: never a
 * stack trace from deep inside a test, never a silent skip.
 */
import { assertBuilt, chromePath } from './harness';

export default function setup(): void {
  chromePath();
  assertBuilt();
}
