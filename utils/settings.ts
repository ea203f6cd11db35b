/**
 * Typed settings with defaults, kept in extension storage. Read through `loadSettings` so that a stored
 * value from an older version, or one edited by hand, is repaired field by field instead of breaking.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { CLOUD_IDS, DEFAULT_CLOUD, type CloudId } from './portal/hosts';

/** Chrome's alarms fire at most every 30 s (Chrome 120+); Firefox allows less but we keep one rule. */
export const MIN_POLL_MINUTES = 0.5;
export const MAX_POLL_MINUTES = 60;

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

const ThresholdsSchema = v.pipe(
  v.object({
    warnMinutes: v.pipe(v.number(), v.integer(), v.minValue(1)),
    alertMinutes: v.pipe(v.number(), v.integer(), v.minValue(1)),
    criticalMinutes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  v.check(
    (t) => t.warnMinutes < t.alertMinutes && t.alertMinutes < t.criticalMinutes,
    'Age thresholds must increase: warn < alert < critical.',
  ),
);

/** Hours left before the 7-day expiry (utils/actions/expiry.ts); each level is "less than this many hours left". */
const ExpiryThresholdsSchema = v.pipe(
  v.object({
    warnHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(167)),
    alertHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(167)),
    criticalHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(167)),
  }),
  v.check(
    (t) => t.warnHours > t.alertHours && t.alertHours > t.criticalHours,
    'Expiry thresholds must decrease: warn > alert > critical hours left.',
  ),
);

const NotificationSettingsSchema = v.object({
  enabled: v.boolean(),
  /** Raw ActionType values to announce; empty means every type. */
  actionTypes: v.array(v.string()),
  quietHours: v.object({
    enabled: v.boolean(),
    start: v.pipe(v.string(), v.regex(TIME_OF_DAY, 'Use HH:MM.')),
    end: v.pipe(v.string(), v.regex(TIME_OF_DAY, 'Use HH:MM.')),
  }),
  /** More new actions than this in one poll become one summary notification. */
  summaryThreshold: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)),
  onlyWhenPortalNotFocused: v.boolean(),
  /** The critical expiry warning still shows during quiet hours (off unless the analyst turns it on). */
  criticalExpiryInQuietHours: v.boolean(),
});

export const SettingsSchema = v.object({
  cloud: v.picklist(CLOUD_IDS),
  pollMinutes: v.pipe(v.number(), v.minValue(MIN_POLL_MINUTES), v.maxValue(MAX_POLL_MINUTES)),
  ageThresholds: ThresholdsSchema,
  expiryThresholds: ExpiryThresholdsSchema,
  confirmApprove: v.boolean(),
  requireRejectComment: v.boolean(),
  requireApproveComment: v.boolean(),
  notifications: NotificationSettingsSchema,
  auditRetentionDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;
export type NotificationSettings = Settings['notifications'];

export const DEFAULT_SETTINGS: Settings = {
  cloud: DEFAULT_CLOUD satisfies CloudId,
  pollMinutes: 1,
  ageThresholds: { warnMinutes: 60, alertMinutes: 240, criticalMinutes: 1440 },
  expiryThresholds: { warnHours: 48, alertHours: 24, criticalHours: 4 },
  confirmApprove: true,
  requireRejectComment: true,
  requireApproveComment: false,
  notifications: {
    enabled: true,
    actionTypes: [],
    quietHours: { enabled: false, start: '22:00', end: '07:00' },
    summaryThreshold: 3,
    onlyWhenPortalNotFocused: false,
    criticalExpiryInQuietHours: false,
  },
  auditRetentionDays: 90,
};

const settingsItem = storage.defineItem<unknown>('local:settings', { fallback: null });

type Issues = { path: string; message: string }[];

function issuesOf(result: v.SafeParseResult<typeof SettingsSchema>): Issues {
  return result.success
    ? []
    : result.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message }));
}

/** Validates a full candidate; used by the options page before saving. */
export function validateSettings(candidate: unknown): { ok: true; value: Settings } | { ok: false; issues: Issues } {
  const result = v.safeParse(SettingsSchema, candidate);
  return result.success ? { ok: true, value: result.output } : { ok: false, issues: issuesOf(result) };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Keeps each stored top-level field (and each nested group) that is valid; the rest falls back to defaults. */
export function repairSettings(stored: unknown): Settings {
  if (!isRecord(stored)) return DEFAULT_SETTINGS;
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    if (!(key in stored)) continue;
    const defaults = DEFAULT_SETTINGS[key];
    const candidate =
      isRecord(defaults) && isRecord(stored[key]) ? { ...defaults, ...(stored[key] as object) } : stored[key];
    const probe = validateSettings({ ...DEFAULT_SETTINGS, [key]: candidate });
    if (probe.ok) merged[key] = probe.value[key];
  }
  const final = validateSettings(merged);
  return final.ok ? final.value : DEFAULT_SETTINGS;
}

export async function loadSettings(): Promise<Settings> {
  return repairSettings(await settingsItem.getValue());
}

export async function saveSettings(next: Settings): Promise<{ ok: true } | { ok: false; issues: Issues }> {
  const checked = validateSettings(next);
  if (!checked.ok) return checked;
  await settingsItem.setValue(checked.value);
  return { ok: true };
}

/** Calls back with repaired settings whenever they change, in any context. Returns an unsubscribe. */
export function watchSettings(onChange: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => onChange(repairSettings(value)));
}
