/**
 * The four settings the portal page needs, read straight from extension storage.
 *
 * Why not utils/settings.ts: its schema library and storage wrapper alone weigh more than a third of the content
 * script's 20 kB budget, and the page needs only these fields. They are read from the same storage key and
 * repaired field by field the same way; test/unit/page-settings.test.ts checks this against loadSettings /
 * repairSettings and DEFAULT_SETTINGS, so the two cannot drift apart silently.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings';

export type PageSettings = Pick<Settings, 'ageThresholds' | 'expiryThresholds' | 'confirmApprove' | 'requireRejectComment' | 'requireApproveComment' | 'requireCommentForDestructive' | 'confirmDestructive'>;

/** Same values as DEFAULT_SETTINGS (checked by a unit test). */
export const PAGE_DEFAULTS: PageSettings = {
  ageThresholds: { warnMinutes: 60, alertMinutes: 240, criticalMinutes: 1440 },
  expiryThresholds: { warnHours: 48, alertHours: 24, criticalHours: 4 },
  confirmApprove: true,
  requireRejectComment: true,
  requireApproveComment: false,
  requireCommentForDestructive: false,
  confirmDestructive: true,
};

/** utils/settings.ts keeps its item under `local:settings`. */
const KEY = 'settings';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const isMinutes = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;

/** The page's settings from a stored value; an invalid field falls back to its default (as repairSettings does). */
export function pageSettingsFrom(stored: unknown): PageSettings {
  if (!isRecord(stored)) return PAGE_DEFAULTS;
  const flag = (key: 'confirmApprove' | 'requireRejectComment' | 'requireApproveComment' | 'requireCommentForDestructive' | 'confirmDestructive') =>
    typeof stored[key] === 'boolean' ? stored[key] : PAGE_DEFAULTS[key];
  let ageThresholds = PAGE_DEFAULTS.ageThresholds;
  const t = stored.ageThresholds;
  if (isRecord(t)) {
    const merged = { ...PAGE_DEFAULTS.ageThresholds, ...t };
    const { warnMinutes, alertMinutes, criticalMinutes } = merged;
    if (isMinutes(warnMinutes) && isMinutes(alertMinutes) && isMinutes(criticalMinutes) && warnMinutes < alertMinutes && alertMinutes < criticalMinutes) {
      ageThresholds = { warnMinutes, alertMinutes, criticalMinutes };
    }
  }
  let expiryThresholds = PAGE_DEFAULTS.expiryThresholds;
  const e = stored.expiryThresholds;
  if (isRecord(e)) {
    const { warnHours, alertHours, criticalHours } = { ...PAGE_DEFAULTS.expiryThresholds, ...e };
    const isHours = (n: unknown): n is number => isMinutes(n) && n <= 167;
    if (isHours(warnHours) && isHours(alertHours) && isHours(criticalHours) && warnHours > alertHours && alertHours > criticalHours) {
      expiryThresholds = { warnHours, alertHours, criticalHours };
    }
  }
  return {
    ageThresholds,
    expiryThresholds,
    confirmApprove: flag('confirmApprove'),
    requireRejectComment: flag('requireRejectComment'),
    requireApproveComment: flag('requireApproveComment'),
    requireCommentForDestructive: flag('requireCommentForDestructive'),
    confirmDestructive: flag('confirmDestructive'),
  };
}

/**
 * The organisation's policy on top (utils/settings.ts applyPolicy, for these fields): a policy field that is valid
 * replaces the analyst's, an invalid one is ignored. Policy keys for these fields have the settings' names.
 */
export function withPolicy(analyst: PageSettings, managed: unknown): PageSettings {
  if (!isRecord(managed)) return analyst;
  const policy = pageSettingsFrom(managed);
  const out = { ...analyst };
  if ('ageThresholds' in managed && policy.ageThresholds !== PAGE_DEFAULTS.ageThresholds) out.ageThresholds = policy.ageThresholds;
  for (const key of ['confirmApprove', 'requireRejectComment', 'requireApproveComment', 'requireCommentForDestructive', 'confirmDestructive'] as const) {
    if (typeof managed[key] === 'boolean') out[key] = policy[key];
  }
  return out;
}

/** Managed storage; {} without a policy (Firefox rejects the read then). */
async function readManaged(): Promise<Record<string, unknown>> {
  try {
    return await browser.storage.managed.get();
  } catch {
    return {};
  }
}

/** In-page feature ids the organisation turned off (policy `disabledFeatures`); read once when a page starts. */
export async function loadDisabledFeatures(): Promise<readonly string[]> {
  const list = (await readManaged()).disabledFeatures;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

export async function loadPageSettings(): Promise<PageSettings> {
  const [got, managed] = await Promise.all([browser.storage.local.get(KEY), readManaged()]);
  return withPolicy(pageSettingsFrom(got[KEY]), managed);
}

export function watchPageSettings(onChange: (settings: PageSettings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if ((area === 'local' && KEY in changes) || area === 'managed') void loadPageSettings().then(onChange);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
