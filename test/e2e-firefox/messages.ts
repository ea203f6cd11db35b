/**
 * The English messages the build ships, read from locales/en.yml in Node: the e2e runner has no browser.i18n (and
 * no WXT `#i18n` alias), so it cannot import the extension's own t-backed constants.
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import type { PortalErrorKind } from '../../utils/portal/errors';

const english = generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../locales/en.yml')));

/** One English message by its dotted key; throws on a missing key so a test never waits for an empty text. */
export function englishMessage(key: string): string {
  const message = english[key.replace(/\./g, '_')]?.message;
  if (!message) throw new Error(`locales/en.yml has no message ${key}`);
  return message;
}

/** The error headlines (errors.*) as the popup shows them in English. */
export const ERROR_HEADLINES = new Proxy({} as Record<PortalErrorKind, string>, {
  get: (_target, kind) => englishMessage(`errors.${String(kind)}`),
});
