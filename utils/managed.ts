/**
 * Managed storage: what the organisation set for this extension by policy (Chrome/Edge: the per-extension policy,
 * checked against public/managed_schema.json; Firefox: policies.json's `3rdparty` section, not checked by the
 * browser). Only reading and the key table live here, so that utils/settings.ts can resolve policy > analyst >
 * default without loading the decision-template code (utils/policy.ts validates the keys that are not settings).
 */
import { browser } from 'wxt/browser';

/** Policy keys that set a setting, and the settings path each one sets (and locks in Options). */
export const POLICY_SETTINGS = {
  cloud: 'cloud',
  pollMinutes: 'pollMinutes',
  notificationsEnabled: 'notifications.enabled',
  notificationActionTypes: 'notifications.actionTypes',
  quietHours: 'notifications.quietHours',
  confirmApprove: 'confirmApprove',
  requireApproveComment: 'requireApproveComment',
  requireRejectComment: 'requireRejectComment',
  requireCommentForDestructive: 'requireCommentForDestructive',
  confirmDestructive: 'confirmDestructive',
  auditRetentionDays: 'auditRetentionDays',
  ageThresholds: 'ageThresholds',
  expiryThresholds: 'expiryThresholds',
} as const;

export type PolicySettingKey = keyof typeof POLICY_SETTINGS;
export type SettingsPath = (typeof POLICY_SETTINGS)[PolicySettingKey];

export interface PolicyWarning {
  readonly key: string;
  readonly message: string;
}

export interface PolicyEntry {
  readonly key: string;
  /** As shown in Options: the value as JSON, or a template's request line (never its headers). */
  readonly value: string;
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export const showValue = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** Managed storage as set by the organisation; {} when there is none (Firefox rejects the read without policies). */
export async function readManaged(): Promise<Record<string, unknown>> {
  try {
    const got: unknown = await browser.storage.managed.get();
    return isRecord(got) ? got : {};
  } catch {
    return {};
  }
}

/** Calls back whenever the organisation's policy changes while the extension runs. Returns an unsubscribe. */
export function watchManaged(onChange: () => void): () => void {
  const listener = (_changes: unknown, area: string) => {
    if (area === 'managed') onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
