/**
 * The options form's draft (what the inputs hold, numbers as typed text) and its conversion to Settings,
 * with field errors keyed by the settings path (e.g. "ageThresholds.warnMinutes").
 */
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

/** Plain words per field; the schema's own message is used when a field has none here. */
export const FIELD_HINTS: Readonly<Record<string, string>> = {
  pollMinutes: `Enter minutes from ${MIN_POLL_MINUTES} to ${MAX_POLL_MINUTES}.`,
  'ageThresholds.warnMinutes': 'Enter whole minutes, at least 1.',
  'ageThresholds.alertMinutes': 'Enter whole minutes, at least 1.',
  'ageThresholds.criticalMinutes': 'Enter whole minutes, at least 1.',
  'expiryThresholds.warnHours': 'Enter whole hours from 1 to 167.',
  'expiryThresholds.alertHours': 'Enter whole hours from 1 to 167.',
  'expiryThresholds.criticalHours': 'Enter whole hours from 1 to 167.',
  'notifications.quietHours.start': 'Use HH:MM, e.g. 22:00.',
  'notifications.quietHours.end': 'Use HH:MM, e.g. 07:00.',
  'notifications.summaryThreshold': 'Enter a whole number from 1 to 50.',
  auditRetentionDays: 'Enter whole days from 1 to 3650.',
};

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
    errors[path] = FIELD_HINTS[path] ?? issue.message;
  }
  return { ok: false, errors };
}
