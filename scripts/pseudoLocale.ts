/**
 * A pseudo-locale: every message accented and about 40 % longer, between ⟦ and ⟧. A build with ACC_PSEUDO=1
 * ships it as the English messages, so a literal that skipped the message file shows up plain, and a layout
 * that cannot take a longer language shows it breaking (screenshots). Unit tests use the same transform.
 */

const ACCENTED: Readonly<Record<string, string>> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ĺ', m: 'ɱ',
  n: 'ñ', o: 'ó', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ú', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ĺ', M: 'Ṁ',
  N: 'Ñ', O: 'Ó', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ú', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';
/** Longer than the 30 % the issue asks, since German and Finnish run longer than that on short labels. */
const GROWTH = 0.4;
const PAD = '·';

/** Placeholders ($1…$9, $$, {name}) and the plural separator pass through untouched. */
const KEEP = /(\$\$|\$[1-9]|\{[A-Za-z0-9_]+\}| \| )/;

function accent(text: string): string {
  return [...text].map((char) => ACCENTED[char] ?? char).join('');
}

function pseudoForm(message: string): string {
  if (message.trim() === '') return message;
  const parts = message.split(KEEP);
  const body = parts.map((part, at) => (at % 2 === 1 ? part : accent(part))).join('');
  const letters = parts.filter((_, at) => at % 2 === 0).join('').length;
  const padding = PAD.repeat(Math.max(1, Math.ceil(letters * GROWTH)));
  return `${PSEUDO_OPEN}${body}${padding}${PSEUDO_CLOSE}`;
}

/** Keeps @wxt-dev/i18n's plural forms (joined by " | ") separate, each pseudo-localised on its own. */
export function pseudoLocalize(message: string): string {
  return message.split(' | ').map(pseudoForm).join(' | ');
}

interface ChromeMessage {
  message: string;
  description?: string;
  placeholders?: unknown;
}

/** A Chrome `_locales/<lang>/messages.json` text, each message pseudo-localised; the extension's id-like keys kept. */
export function pseudoMessagesJson(json: string): string {
  const messages = JSON.parse(json) as Record<string, ChromeMessage>;
  const out: Record<string, ChromeMessage> = {};
  for (const [key, value] of Object.entries(messages)) {
    // @wxt-dev/i18n adds @@-prefixed predefined keys only on read; anything else is ours.
    out[key] = { ...value, message: pseudoLocalize(value.message) };
  }
  return JSON.stringify(out, null, 2);
}
