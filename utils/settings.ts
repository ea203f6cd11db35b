/**
 * Typed settings with defaults, kept in extension storage. Read through `loadSettings` so that a stored
 * value from an older version, or one edited by hand, is repaired field by field instead of breaking.
 */
import * as v from 'valibot';
import { t } from './i18n';
import { browser } from 'wxt/browser';
import { CLOUD_IDS, DEFAULT_CLOUD, type CloudId } from './portal/hosts';
import {
  isRecord as isPlainRecord,
  POLICY_SETTINGS,
  readManaged,
  showValue,
  watchManaged,
  type PolicyEntry,
  type PolicySettingKey,
  type PolicyWarning,
  type SettingsPath,
} from './managed';

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
    () => t('options.errAgeOrder'),
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
    () => t('options.errExpiryOrder'),
  ),
);

const NotificationSettingsSchema = v.object({
  enabled: v.boolean(),
  /** Raw ActionType values to announce; empty means every type. */
  actionTypes: v.array(v.string()),
  quietHours: v.object({
    enabled: v.boolean(),
    start: v.pipe(v.string(), v.regex(TIME_OF_DAY, () => t('options.errTimeShort'))),
    end: v.pipe(v.string(), v.regex(TIME_OF_DAY, () => t('options.errTimeShort'))),
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
  /** Containment and destructive types (utils/actions/model.ts impactOf): a comment for any verdict. */
  requireCommentForDestructive: v.boolean(),
  /** Containment and destructive types: a confirmation even with confirmApprove off. */
  confirmDestructive: v.boolean(),
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
  requireCommentForDestructive: false,
  confirmDestructive: true,
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

/**
 * The analyst's settings under `local:settings` (utils/page/settings.ts reads the same key). Plain extension
 * storage, not WXT's storage wrapper: the popup loads this module, and the wrapper (with its lock library, about
 * 3.5 kB gzip) would load there for this one key.
 */
const SETTINGS_KEY = 'settings';

async function readStoredSettings(): Promise<unknown> {
  const got: Record<string, unknown> = await browser.storage.local.get(SETTINGS_KEY);
  return got[SETTINGS_KEY] ?? null;
}

/** Calls back when the stored settings change (not when the same value is written again). Returns an unsubscribe. */
function watchStoredSettings(onChange: () => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, area: string) => {
    const change = changes[SETTINGS_KEY];
    if (area !== 'local' || !change) return;
    if (JSON.stringify(change.newValue) !== JSON.stringify(change.oldValue)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

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

// --- Organisation policy: policy > analyst > default ------------------------------------------------------------

/** The settings part of the organisation's policy (utils/policy.ts adds the keys that are not settings). */
export interface SettingsPolicy {
  /** Validated values of the settings keys the organisation set. */
  readonly settings: Readonly<Partial<Record<PolicySettingKey, unknown>>>;
  /** Settings paths set by the organisation (locked in Options). */
  readonly locked: ReadonlySet<SettingsPath>;
  readonly inForce: readonly PolicyEntry[];
  readonly warnings: readonly PolicyWarning[];
}

function getAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (isPlainRecord(at) ? at[key] : undefined), root);
}

function setAt<T>(root: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const record = root as Record<string, unknown>;
  if (!head) return root;
  return { ...record, [head]: rest.length === 0 ? value : setAt(record[head], rest.join('.'), value) } as T;
}

/**
 * Validates each settings key of the policy on its own, against the defaults: a key that does not validate is
 * left out (with a warning naming it) and every other key still applies. An object (quiet hours, age thresholds)
 * may set some of its fields; the others take their defaults, and the whole object is what the policy sets.
 */
export function resolvePolicySettings(managed: Record<string, unknown>): SettingsPolicy {
  const settings: Partial<Record<PolicySettingKey, unknown>> = {};
  const locked = new Set<SettingsPath>();
  const inForce: PolicyEntry[] = [];
  const warnings: PolicyWarning[] = [];
  for (const key of Object.keys(POLICY_SETTINGS) as PolicySettingKey[]) {
    if (!(key in managed)) continue;
    const path = POLICY_SETTINGS[key];
    const defaults = getAt(DEFAULT_SETTINGS, path);
    const raw = managed[key];
    const candidate = isPlainRecord(defaults) && isPlainRecord(raw) ? { ...defaults, ...raw } : raw;
    const probe = validateSettings(setAt(DEFAULT_SETTINGS, path, candidate));
    if (probe.ok) {
      const value = getAt(probe.value, path);
      settings[key] = value;
      locked.add(path);
      inForce.push({ key, value: showValue(value) });
    } else {
      warnings.push({ key, message: probe.issues[0]?.message ?? t('options.policyNotValid') });
    }
  }
  return { settings, locked, inForce, warnings };
}

/** The analyst's settings with every valid policy value on top. */
export function applyPolicy(analyst: Settings, policy: SettingsPolicy): Settings {
  let out = analyst;
  for (const [key, value] of Object.entries(policy.settings) as [PolicySettingKey, unknown][]) {
    out = setAt(out, POLICY_SETTINGS[key], value);
  }
  // Each value validated on its own; a combination that does not is not applied half-way.
  const checked = validateSettings(out);
  return checked.ok ? checked.value : analyst;
}

/** The analyst's own settings (what Options saves), without policy. */
export async function loadAnalystSettings(): Promise<Settings> {
  return repairSettings(await readStoredSettings());
}

/** The settings in effect: policy > analyst > default. */
export async function loadSettings(): Promise<Settings> {
  const [analyst, managed] = await Promise.all([loadAnalystSettings(), readManaged()]);
  return applyPolicy(analyst, resolvePolicySettings(managed));
}

/**
 * Saves the analyst's settings. A field the organisation sets keeps the analyst's own stored value: a policy value
 * is never written as the analyst's, so it does not outlive the policy.
 */
export async function saveSettings(next: Settings): Promise<{ ok: true } | { ok: false; issues: Issues }> {
  const checked = validateSettings(next);
  if (!checked.ok) return checked;
  const [analyst, managed] = await Promise.all([loadAnalystSettings(), readManaged()]);
  let value = checked.value;
  for (const path of resolvePolicySettings(managed).locked) value = setAt(value, path, getAt(analyst, path));
  await browser.storage.local.set({ [SETTINGS_KEY]: value });
  return { ok: true };
}

/**
 * Calls back with the settings in effect whenever the analyst's settings or the organisation's policy change, in
 * any context. Returns an unsubscribe.
 */
export function watchSettings(onChange: (settings: Settings) => void): () => void {
  const emit = () => void loadSettings().then(onChange);
  const stopLocal = watchStoredSettings(emit);
  const stopManaged = watchManaged(emit);
  return () => {
    stopLocal();
    stopManaged();
  };
}
