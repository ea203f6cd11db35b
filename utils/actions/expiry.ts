/**
 * When a pending action expires, and how close that is. The one place expiry is computed; every surface (row
 * badge, popup, toolbar, notifications, decisions) asks here.
 *
 * The portal expires a pending action one week after it was raised and then treats it as rejected.
 */
import { formatDateTime, formatNumber, formatUnit, t } from '../i18n';
import { PENDING_EXPIRY_MS, type Action } from './model';

/** Hours left at which the expiry escalates. Each is "less than this many hours left". */
export interface ExpiryThresholds {
  readonly warnHours: number;
  readonly alertHours: number;
  readonly criticalHours: number;
}

export const DEFAULT_EXPIRY_THRESHOLDS: ExpiryThresholds = { warnHours: 48, alertHours: 24, criticalHours: 4 };

/** The popup's "Expires within 24 h" facet. */
export const EXPIRING_FACET_MS = 24 * 3_600_000;

export type ExpiryLevel = 'none' | 'warn' | 'alert' | 'critical' | 'expired';

type Timed = Pick<Action, 'createdAt' | 'startedAt' | 'expiresAt'>;

/**
 * Epoch ms at which the action expires. In PORTAL.md's terms: an expiry the item states itself (no such field is
 * documented; the contract takes one named like ExpirationTime/ExpiresAt if a portal ever sends it), else the
 * earlier of `StartTime` and `EventTime` + 7 days. The earlier one, because EventTime may be an update time
 * ("Action update time" in the grid) and a later base would promise time the analyst does not have. Zone-less
 * portal times were already read as UTC by the contract (parsePortalTime), so this is plain arithmetic on UTC ms:
 * a DST change in the analyst's zone moves the wall-clock time shown, never the instant.
 */
export function expiresAt(action: Timed): number {
  if (action.expiresAt !== undefined && Number.isFinite(action.expiresAt)) return action.expiresAt;
  const started = action.startedAt !== undefined && Number.isFinite(action.startedAt) ? action.startedAt : action.createdAt;
  return Math.min(started, action.createdAt) + PENDING_EXPIRY_MS;
}

export function timeLeftMs(action: Timed, now: number): number {
  return expiresAt(action) - now;
}

export function isExpired(action: Timed, now: number): boolean {
  return timeLeftMs(action, now) <= 0;
}

export function expiryLevel(action: Timed, now: number, t: ExpiryThresholds): ExpiryLevel {
  const left = timeLeftMs(action, now);
  if (left <= 0) return 'expired';
  if (left < t.criticalHours * 3_600_000) return 'critical';
  if (left < t.alertHours * 3_600_000) return 'alert';
  if (left < t.warnHours * 3_600_000) return 'warn';
  return 'none';
}

/** Actions that expire within `withinMs` (and have not expired yet). */
export function expiringWithin<T extends Timed>(actions: readonly T[], now: number, withinMs: number): T[] {
  return actions.filter((a) => {
    const left = timeLeftMs(a, now);
    return left > 0 && left < withinMs;
  });
}

/** The action that expires first among those not expired yet; null when none. */
export function nearestExpiry<T extends Timed>(actions: readonly T[], now: number): T | null {
  let best: T | null = null;
  for (const a of actions) {
    if (isExpired(a, now)) continue;
    if (best === null || expiresAt(a) < expiresAt(best)) best = a;
  }
  return best;
}

/** Compact time left for a badge: "35 min", "18 h", "6 d"; "expired" once past. Rounded down: never more than is left. */
export function formatTimeLeft(ms: number): string {
  if (ms <= 0) return t('components.expiredShort');
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return t('components.leftMinutes', [formatNumber(Math.max(1, minutes))]);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('components.leftHours', [formatNumber(hours)]);
  return t('components.leftDays', [formatNumber(Math.floor(hours / 24))]);
}

/** Long form of formatTimeLeft: "18 hours", "35 minutes", "6 days". */
export function formatTimeLeftLong(ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  const [unit, value]: ['minute' | 'hour' | 'day', number] =
    minutes < 60 ? ['minute', minutes] : minutes < 48 * 60 ? ['hour', Math.floor(minutes / 60)] : ['day', Math.floor(minutes / 1440)];
  return formatUnit(value, unit, 'long');
}

export interface ZoneOptions {
  /** BCP 47 locale; the browser's UI language (utils/i18n.ts) when absent. */
  readonly locale?: string;
  /** IANA zone; the browser's when absent. */
  readonly timeZone?: string;
}

function formatIn(at: number, options: Intl.DateTimeFormatOptions, o: ZoneOptions): string {
  const withZone = { ...options, timeZone: o.timeZone };
  return o.locale ? new Intl.DateTimeFormat(o.locale, withZone).format(at) : formatDateTime(at, withZone);
}

/** Wall-clock time of day in the analyst's zone, "14:05" (12- or 24-hour as the locale has it). */
export function formatClock(at: number, o: ZoneOptions = {}): string {
  return formatIn(at, { hour: '2-digit', minute: '2-digit' }, o);
}

/** The exact time for a tooltip: date, time and zone in the analyst's locale, e.g. "Sun, Nov 29, 2026, 14:05 EST". */
export function formatExactTime(at: number, o: ZoneOptions = {}): string {
  return formatIn(
    at,
    { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
    o,
  );
}

/** Spoken text: "Expires in 18 hours, at 14:05" or "Expired at 14:05". A day or more away adds the date. */
export function expirySentence(action: Timed, now: number, o: ZoneOptions = {}): string {
  const at = expiresAt(action);
  const left = at - now;
  const when =
    Math.abs(left) < 20 * 3_600_000 ? formatClock(at, o) : formatIn(at, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }, o);
  return left <= 0 ? t('components.expiredAt', [when]) : t('components.expiresInAt', [formatTimeLeftLong(left), when]);
}

/** Why a decision on an expired action is not sent (decide.ts, surfaces). */
export function expiredMessage(): string {
  return t('components.expiredNotSent');
}

/**
 * Whether a history item ended by expiring rather than by someone's decision: a status that says so (Expired,
 * TimedOut), or no decider and a last update at or after its expiry (the portal then records it as rejected).
 */
export function endedByExpiry(action: Pick<Action, 'createdAt' | 'startedAt' | 'expiresAt' | 'status' | 'decidedBy' | 'updatedAt'>): boolean {
  if (/expir|timed\s*out|timeout/i.test(action.status)) return true;
  return !action.decidedBy && action.updatedAt >= expiresAt(action);
}
