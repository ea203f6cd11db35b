/**
 * The extension's words and formats. Every user-visible string comes from locales/en.yml through `t` (WXT's
 * @wxt-dev/i18n over browser.i18n: the browser's UI language picks the file, nothing is fetched); numbers,
 * dates, durations and relative times go through Intl in the same language, so "1,234" and "12.3.2026" follow
 * the analyst's browser, not the portal's page language.
 */
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';

export const t = i18n.t;

/** The browser's UI language (the one browser.i18n chose messages for); English when it cannot be read. */
export function uiLocale(): string {
  try {
    const language = browser.i18n?.getUILanguage?.();
    if (language) return language;
  } catch {
    // Unit tests' fake browser and some test pages have no i18n API.
  }
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en';
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count in the analyst's language ("1,234", "1.234", "1 234"). */
export function formatNumber(value: number): string {
  const locale = uiLocale();
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** A duration as Intl spells it ("3 hours", "3 Stunden"). */
export function formatUnit(value: number, unit: 'second' | 'minute' | 'hour' | 'day', display: 'long' | 'short' | 'narrow' = 'long'): string {
  return new Intl.NumberFormat(uiLocale(), { style: 'unit', unit, unitDisplay: display }).format(value);
}

/** A date and time in the analyst's language and zone. */
export function formatDateTime(at: number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return new Intl.DateTimeFormat(uiLocale(), options).format(at);
}

/** "5 minutes ago", "in 2 days", "yesterday". */
export function formatRelative(value: number, unit: Intl.RelativeTimeFormatUnit): string {
  return new Intl.RelativeTimeFormat(uiLocale(), { numeric: 'auto' }).format(value, unit);
}
