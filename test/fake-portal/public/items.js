// @ts-check
/** Reading API items leniently, and the values the portal shows for them. */

import { CONFIG } from './config.js';
import { withTid } from './router.js';

/** @typedef {Record<string, unknown>} Item */

/** A field whatever its casing (tools have seen camelCase variants). @param {Item} item @param {string} name */
export function field(item, name) {
  if (name in item) return item[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(item)) if (key.toLowerCase() === lower) return item[key];
  return undefined;
}

/** Text of any JSON value; null when there is nothing to show. @param {unknown} value @returns {string | null} */
export function textOfValue(value) {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** @param {Item} item @param {string} name */
export function fieldText(item, name) {
  return textOfValue(field(item, name));
}

/** Epoch ms of an ISO time; a time without a zone is UTC (observed quirk). @param {unknown} value */
function timeOf(value) {
  if (typeof value !== 'string') return Number.NaN;
  return Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`);
}

const TIME_FORMAT = new Intl.DateTimeFormat(CONFIG.language === 'de' ? 'de-DE' : 'en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });

/** @param {unknown} value */
export function formatTime(value) {
  const ms = timeOf(value);
  return Number.isNaN(ms) ? textOfValue(value) : TIME_FORMAT.format(ms);
}

/** @param {Record<string, string>} labels @param {string | null} raw */
export function labelOf(labels, raw) {
  return raw === null ? null : Object.prototype.hasOwnProperty.call(labels, raw) ? (labels[raw] ?? raw) : raw;
}

/** @param {Item} item */
export function actionIdOf(item) {
  return fieldText(item, 'ActionId');
}

/** @param {Item} item */
export function investigationIdOf(item) {
  return fieldText(item, 'InvestigationId');
}

/** Office 365 (MDO) investigations live under /airinvestigation. @param {Item} item */
export function investigationPath(item) {
  const id = investigationIdOf(item);
  if (id === null) return null;
  const office = String(field(item, 'Product') ?? '').toUpperCase() === 'MDO';
  return withTid(`/${office ? 'air' : ''}investigation/${encodeURIComponent(id)}`);
}

/** The entity's best human name (the flyout's "Entity" field). @param {Item} item */
export function entityNameOf(item) {
  for (const name of ['ComputerName', 'FileName', 'Subject', 'Url', 'UserPrincipalName', 'Recipient', 'MachineId']) {
    const text = fieldText(item, name);
    if (text !== null) return text;
  }
  return null;
}

export const DASH = '-';
