/**
 * `#i18n` for the e2e suites (vitest.e2e.config.ts and vitest.e2e-firefox.config.ts alias it here). The tests run
 * in Node, where WXT's generated `#i18n` does not resolve and there is no browser.i18n, yet they import product
 * modules whose words come from locales/en.yml (ERROR_HEADLINES in utils/portal/errors.ts) to assert what the
 * analyst sees. English, read from the same file with the same converter the build uses, and picked the way
 * @wxt-dev/i18n's `t` picks (key dots become underscores, $1…$9 substitutions, a count picks the plural form).
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';

const english = generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../locales/en.yml')));

function message(name: string, substitutions: readonly string[]): string {
  const text = english[name]?.message;
  if (text === undefined) throw new Error(`locales/en.yml has no message ${name}`);
  return text.replace(/\$(\$|[1-9])/g, (_, which: string) => (which === '$' ? '$' : (substitutions[Number(which) - 1] ?? '')));
}

function t(key: string, ...args: unknown[]): string {
  const count = args.find((arg): arg is number => typeof arg === 'number');
  const given = args.find((arg): arg is unknown[] => Array.isArray(arg));
  const substitutions = given ? given.map(String) : count !== undefined ? [String(count)] : [];
  const text = message(key.replaceAll('.', '_'), substitutions);
  if (count === undefined) return text;
  const forms = text.split(' | ');
  if (forms.length === 2) return forms[count === 1 ? 0 : 1] ?? text;
  if (forms.length === 3) return forms[count === 0 || count === 1 ? count : 2] ?? text;
  return text;
}

export const i18n = { t };
