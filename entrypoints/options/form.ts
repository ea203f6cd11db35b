/**
 * The options form's draft (what the inputs hold, numbers as typed text) and its conversion to Settings,
 * with field errors keyed by the settings path (e.g. "ageThresholds.warnMinutes").
 */
import { formatNumber, t } from '@/utils/i18n';
import { MAX_POLL_MINUTES, MIN_POLL_MINUTES, validateSettings, type Settings } from '@/utils/settings';

export interface Draft {
  cloud: Settings['cloud'];
  pollMinutes: string;
  warnMinutes: string;
  alertMinutes: string;
  criticalMinutes: string;
  /** Hours left before the 7-day expiry. */
  expiryWarnHours: string;
  expiryAlertHours: string;
  expiryCriticalHours: string;
  criticalExpiryInQuietHours: boolean;
  confirmApprove: boolean;
  requireRejectComment: boolean;
  requireApproveComment: boolean;
  requireCommentForDestructive: boolean;
  confirmDestructive: boolean;
  notificationsEnabled: boolean;
  /** Empty: every type. */
  actionTypes: string[];
  quietEnabled: boolean;
  quietStart: string;
  quietEnd: string;
  summaryThreshold: string;
  onlyWhenPortalNotFocused: boolean;
  auditRetentionDays: string;
}

export type FieldErrors = Partial<Record<string, string>>;

export function draftOf(s: Settings): Draft {
  return {
    cloud: s.cloud,
    pollMinutes: String(s.pollMinutes),
    warnMinutes: String(s.ageThresholds.warnMinutes),
    alertMinutes: String(s.ageThresholds.alertMinutes),
    criticalMinutes: String(s.ageThresholds.criticalMinutes),
    expiryWarnHours: String(s.expiryThresholds.warnHours),
    expiryAlertHours: String(s.expiryThresholds.alertHours),
    expiryCriticalHours: String(s.expiryThresholds.criticalHours),
    criticalExpiryInQuietHours: s.notifications.criticalExpiryInQuietHours,
    confirmApprove: s.confirmApprove,
    requireRejectComment: s.requireRejectComment,
    requireApproveComment: s.requireApproveComment,
    requireCommentForDestructive: s.requireCommentForDestructive,
    confirmDestructive: s.confirmDestructive,
    notificationsEnabled: s.notifications.enabled,
    actionTypes: [...s.notifications.actionTypes],
    quietEnabled: s.notifications.quietHours.enabled,
    quietStart: s.notifications.quietHours.start,
    quietEnd: s.notifications.quietHours.end,
    summaryThreshold: String(s.notifications.summaryThreshold),
    onlyWhenPortalNotFocused: s.notifications.onlyWhenPortalNotFocused,
    auditRetentionDays: String(s.auditRetentionDays),
  };
}

/** Plain words per field, in the analyst's language; `fallback` (the schema's own message) when a field has none. */
export function fieldError(path: string, fallback?: string): string {
  const n = formatNumber;
  switch (path) {
    case 'pollMinutes':
      return t('options.errPoll', [n(MIN_POLL_MINUTES), n(MAX_POLL_MINUTES)]);
    case 'ageThresholds.warnMinutes':
    case 'ageThresholds.alertMinutes':
    case 'ageThresholds.criticalMinutes':
      return t('options.errMinutes', [n(1)]);
    case 'expiryThresholds.warnHours':
    case 'expiryThresholds.alertHours':
    case 'expiryThresholds.criticalHours':
      return t('options.errHours', [n(1), n(167)]);
    case 'notifications.quietHours.start':
      return t('options.errTime', [formatTime(22)]);
    case 'notifications.quietHours.end':
      return t('options.errTime', [formatTime(7)]);
    case 'notifications.summaryThreshold':
      return t('options.errSummary', [n(1), n(50)]);
    case 'auditRetentionDays':
      return t('options.errRetention', [n(1), n(3650)]);
    default:
      return fallback ?? t('options.errInvalid');
  }
}

/** An example for the HH:MM fields; the input's value is always HH:MM, so the example is too. */
function formatTime(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

function num(text: string): number {
  const t = text.trim().replace(',', '.');
  return t === '' ? Number.NaN : Number(t);
}

export function candidateOf(d: Draft): Settings {
  return {
    cloud: d.cloud,
    pollMinutes: num(d.pollMinutes),
    ageThresholds: {
      warnMinutes: num(d.warnMinutes),
      alertMinutes: num(d.alertMinutes),
      criticalMinutes: num(d.criticalMinutes),
    },
    expiryThresholds: {
      warnHours: num(d.expiryWarnHours),
      alertHours: num(d.expiryAlertHours),
      criticalHours: num(d.expiryCriticalHours),
    },
    confirmApprove: d.confirmApprove,
    requireRejectComment: d.requireRejectComment,
    requireApproveComment: d.requireApproveComment,
    requireCommentForDestructive: d.requireCommentForDestructive,
    confirmDestructive: d.confirmDestructive,
    notifications: {
      enabled: d.notificationsEnabled,
      actionTypes: [...new Set(d.actionTypes)],
      quietHours: { enabled: d.quietEnabled, start: d.quietStart, end: d.quietEnd },
      summaryThreshold: num(d.summaryThreshold),
      onlyWhenPortalNotFocused: d.onlyWhenPortalNotFocused,
      criticalExpiryInQuietHours: d.criticalExpiryInQuietHours,
    },
    auditRetentionDays: num(d.auditRetentionDays),
  };
}

/** Validates the draft with validateSettings; errors keyed by path, one per field. */
export function checkDraft(d: Draft): { ok: true; value: Settings } | { ok: false; errors: FieldErrors } {
  const result = validateSettings(candidateOf(d));
  if (result.ok) return result;
  const errors: FieldErrors = {};
  for (const issue of result.issues) {
    const path = issue.path || 'form';
    if (errors[path]) continue;
    errors[path] = fieldError(path, issue.message);
  }
  return { ok: false, errors };
}
