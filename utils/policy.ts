/**
 * The organisation's whole policy: the settings keys (validated and applied by utils/settings.ts, the one place
 * that resolves policy > analyst > default) and the keys that are not settings — in-page features turned off, the
 * decision request template, whether learning it is allowed. Used by the background and Options; the popup and the
 * content script do not need the template code this pulls in. A key that does not validate is ignored with a
 * warning naming it; the rest applies.
 */
import type { HostMethods } from './portal/decisionMethod';
import { describeTemplate, parseTemplate, type DecisionTemplate } from './portal/decisionTemplate';
import { isRecord, POLICY_SETTINGS, readManaged, showValue, watchManaged, type PolicyEntry, type PolicyWarning } from './managed';
import { t } from './i18n';
import { resolvePolicySettings, type SettingsPolicy } from './settings';

/** Policy keys that are not settings. */
export const POLICY_OTHER_KEYS = ['disabledFeatures', 'decisionTemplate', 'allowLearning'] as const;

export interface Policy extends SettingsPolicy {
  /** In-page feature ids (utils/page/features) the content script must not mount. */
  readonly disabledFeatures: readonly string[];
  /** The organisation's decision request, used when nothing was learned (decisionMethod.ts resolveMethod). */
  readonly decisionTemplate: DecisionTemplate | null;
  /** False: the extension neither learns the decision request from the portal nor imports one from a HAR file. */
  readonly allowLearning: boolean;
}

/**
 * The template as JSON text (what the schema declares: a registry value, an OMA-URI or a plist string holds it as
 * is) or, from Firefox's policies.json, as an object; validated as a stored or imported template is.
 */
export function parseDecisionTemplate(value: unknown): { ok: true; value: DecisionTemplate } | { ok: false; problem: string } {
  let raw = value;
  if (typeof value === 'string') {
    try {
      raw = JSON.parse(value) as unknown;
    } catch {
      return { ok: false, problem: 'is not JSON text' };
    }
  }
  return parseTemplate(raw);
}

/** Every key of managed storage, validated; what does not validate is left out and named in `warnings`. */
export function resolvePolicy(raw: unknown): Policy {
  const managed = isRecord(raw) ? raw : {};
  const base = resolvePolicySettings(managed);
  const inForce: PolicyEntry[] = [...base.inForce];
  const warnings: PolicyWarning[] = [...base.warnings];
  let disabledFeatures: readonly string[] = [];
  let decisionTemplate: DecisionTemplate | null = null;
  let allowLearning = true;

  if ('disabledFeatures' in managed) {
    const value = managed.disabledFeatures;
    if (Array.isArray(value) && value.every((x): x is string => typeof x === 'string')) {
      disabledFeatures = [...new Set(value)];
      inForce.push({ key: 'disabledFeatures', value: showValue(disabledFeatures) });
    } else warnings.push({ key: 'disabledFeatures', message: t('options.policyNotList') });
  }
  if ('allowLearning' in managed) {
    if (typeof managed.allowLearning === 'boolean') {
      allowLearning = managed.allowLearning;
      inForce.push({ key: 'allowLearning', value: String(allowLearning) });
    } else warnings.push({ key: 'allowLearning', message: t('options.policyNotBoolean') });
  }
  // The schema's default is "": not set.
  if ('decisionTemplate' in managed && managed.decisionTemplate !== '') {
    const parsed = parseDecisionTemplate(managed.decisionTemplate);
    if (parsed.ok) {
      decisionTemplate = parsed.value;
      inForce.push({ key: 'decisionTemplate', value: describeTemplate(parsed.value).request });
    } else warnings.push({ key: 'decisionTemplate', message: t('options.policyBadTemplate', [parsed.problem]) });
  }
  // Chrome drops keys its schema does not know; Firefox passes them on, so say which were not understood.
  const known = new Set<string>([...Object.keys(POLICY_SETTINGS), ...POLICY_OTHER_KEYS]);
  for (const key of Object.keys(managed)) {
    if (!known.has(key)) warnings.push({ key, message: t('options.policyUnknownKey') });
  }
  return { ...base, inForce, warnings, disabledFeatures, decisionTemplate, allowLearning };
}

export async function loadPolicy(): Promise<Policy> {
  return resolvePolicy(await readManaged());
}

/** Calls back with the new policy whenever the organisation changes it. Returns an unsubscribe. */
export function watchPolicy(onChange: (policy: Policy) => void): () => void {
  return watchManaged(() => void loadPolicy().then(onChange));
}

/**
 * The decision methods kept for a host, as the organisation allows them: with learning turned off, what was
 * learned or imported before is not used (resolveMethod then takes the organisation's template, else the guess).
 */
export function methodsAllowed(methods: HostMethods, policy: Pick<Policy, 'allowLearning'>): HostMethods {
  return policy.allowLearning ? methods : { ...methods, template: null };
}
