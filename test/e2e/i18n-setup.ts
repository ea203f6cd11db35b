/**
 * e2e test files run in Node and import product modules (ERROR_HEADLINES, impactOf, …) whose words come from
 * locales/en.yml through WXT's i18n (`#i18n`, browser.i18n). Here they read the English messages the build ships,
 * as the unit harness does, so a test compares what the analyst sees with the same words.
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';

const messages = generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../locales/en.yml')));

function getMessage(name: string, substitutions?: string | readonly string[]): string {
  const entry = messages[name];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : typeof substitutions === 'string' ? [substitutions] : substitutions;
  return entry.message.replace(/\$(\$|[1-9])/g, (_, which: string) => (which === '$' ? '$' : (subs[Number(which) - 1] ?? '')));
}

const g = globalThis as { chrome?: unknown };
g.chrome ??= { i18n: { getMessage, getUILanguage: () => 'en-US' } };
