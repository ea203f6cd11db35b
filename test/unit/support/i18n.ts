/**
 * browser.i18n for unit tests: the same messages the build ships (locales/en.yml through @wxt-dev/i18n's own
 * converter), read with Chrome's $1…$9 rules. `usePseudoLocale()` switches a test to the pseudo-locale, so
 * `expectNoLiteral` can prove every visible word came from the message file.
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PSEUDO_CLOSE, PSEUDO_OPEN, pseudoLocalize } from '../../../scripts/pseudoLocale';

const english = generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../../locales/en.yml')));
let pseudo = false;

function substitute(message: string, substitutions: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (_, which: string) => (which === '$' ? '$' : (substitutions[Number(which) - 1] ?? '')));
}

export function getMessage(name: string, substitutions?: string | readonly string[]): string {
  const entry = english[name];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : typeof substitutions === 'string' ? [substitutions] : substitutions;
  return substitute(pseudo ? pseudoLocalize(entry.message) : entry.message, subs);
}

/** Installs the messages into WXT's fake browser; setup.ts calls it before each test (reset() drops it). */
export function installI18n(): void {
  pseudo = false;
  fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => 'en-US';
}

/** From here to the end of the test, every message is pseudo-localised (⟦Áþþŕóṽé···⟧). */
export function usePseudoLocale(): void {
  pseudo = true;
}

/**
 * Fails when a visible text of `root` (text nodes, and the accessible names set by aria-label, title, placeholder
 * and alt) holds a letter outside a pseudo-localised message and outside `data`, the strings the test's fixture
 * put there (portal names, ids). Digits, punctuation and symbols may stand alone.
 */
export function expectNoLiteral(root: ParentNode, data: readonly string[] = []): void {
  const texts: string[] = [];
  const walker = document.createTreeWalker(root as Node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement;
      if (parent && (parent.tagName === 'STYLE' || parent.tagName === 'SCRIPT')) continue;
      texts.push(node.textContent ?? '');
    } else if (node instanceof Element) {
      for (const attribute of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription']) {
        const value = node.getAttribute(attribute);
        if (value) texts.push(value);
      }
    }
  }
  const leftovers = texts
    .map((text) => stripData(stripPseudo(text), data))
    .filter((text) => /\p{L}/u.test(text));
  expect(leftovers, 'visible text that did not come from locales/en.yml').toEqual([]);
}

/** Innermost first, until none is left: a message substituted into another ("The first in ⟦18 h⟧ …") nests. */
function stripPseudo(text: string): string {
  const innermost = new RegExp(`${PSEUDO_OPEN}[^${PSEUDO_OPEN}${PSEUDO_CLOSE}]*${PSEUDO_CLOSE}`, 'gu');
  let left = text;
  for (let before = ''; before !== left; ) {
    before = left;
    left = left.replace(innermost, ' ');
  }
  return left;
}

function stripData(text: string, data: readonly string[]): string {
  // Longest first, so "Invoice #88213" goes before "Invoice".
  return [...data].sort((a, b) => b.length - a.length).reduce((left, value) => (value ? left.split(value).join(' ') : left), text);
}
