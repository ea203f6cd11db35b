/**
 * The extension's words and formats. Every user-visible string comes from locales/en.yml through `t` (WXT's
 * @wxt-dev/i18n over browser.i18n: the browser's UI language picks the file, nothing is fetched); numbers,
 * dates, durations and relative times go through Intl in the same language, so "1,234" and "12.3.2026" follow
 * the analyst's browser, not the portal's page language.
 */
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';

export const t = i18n.t;

/**
 * A table of our words, each read from the message file when it is used (getters), so that every surface gets the
 * messages of the moment in the UI language.
 */
export function messageTable<K extends string>(keys: readonly K[], message: (key: K) => string): Readonly<Record<K, string>> {
  const table = {} as Record<K, string>;
  for (const key of keys) Object.defineProperty(table, key, { enumerable: true, get: () => message(key) });
  return table;
}

let language: string | undefined;

/**
 * The browser's UI language (the one browser.i18n chose messages for); English when it cannot be read. Read once:
 * it changes only with a browser restart, and each read is a call into the extension API (1.6 ms of a 1,000-row
 * re-render's 14.6 ms when every formatted value asked again).
 */
export function uiLocale(): string {
  language ??= readUiLanguage();
  return language;
}

function readUiLanguage(): string {
  try {
    const ui = browser.i18n?.getUILanguage?.();
    if (ui) return ui;
  } catch {
    // Unit tests' fake browser and some test pages have no i18n API.
  }
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en';
}

/**
 * Intl formatters are costly to build and a re-render of 1,000 portal rows formats thousands of values: one per
 * language and options, built on first use.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(kind: string, options: object, make: (locale: string) => F): F {
  const locale = uiLocale();
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key) as F | undefined;
  if (!format) {
    format = make(locale);
    formatters.set(key, format);
  }
  return format;
}

/** A count in the analyst's language ("1,234", "1.234", "1 234"). */
export function formatNumber(value: number): string {
  return cached('number', {}, (locale) => new Intl.NumberFormat(locale)).format(value);
}

/** A duration as Intl spells it ("3 hours", "3 Stunden"). */
export function formatUnit(value: number, unit: 'second' | 'minute' | 'hour' | 'day', display: 'long' | 'short' | 'narrow' = 'long'): string {
  const options: Intl.NumberFormatOptions = { style: 'unit', unit, unitDisplay: display };
  return cached('unit', options, (locale) => new Intl.NumberFormat(locale, options)).format(value);
}

/** A date and time in the analyst's language and zone. */
export function formatDateTime(at: number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return cached('date', options, (locale) => new Intl.DateTimeFormat(locale, options)).format(at);
}

/** "5 minutes ago", "in 2 days", "yesterday". */
export function formatRelative(value: number, unit: Intl.RelativeTimeFormatUnit): string {
  return cached('relative', {}, (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(value, unit);
}
