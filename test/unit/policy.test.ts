/**
 * Organisation policy (managed storage): policy > analyst > default, resolved in utils/settings.ts; an invalid
 * policy value is ignored with a warning naming its key while the rest applies; changes apply while running.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { applyPolicy, DEFAULT_SETTINGS, loadAnalystSettings, loadSettings, saveSettings, watchSettings, type Settings } from '@/utils/settings';
import { loadPolicy, methodsAllowed, resolvePolicy } from '@/utils/policy';
import { resolveMethod, type HostMethods } from '@/utils/portal/decisionMethod';
import { POLICY_SETTINGS } from '@/utils/managed';
import { BUILT_IN_TEMPLATE } from '@/utils/portal/decisionTemplate';
import { loadDisabledFeatures, loadPageSettings, withPolicy, PAGE_DEFAULTS } from '@/utils/page/settings';
import { FEATURES } from '@/utils/page/features';

const setAnalyst = (s: Partial<Settings>) => fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, ...s } });
const setPolicy = (p: Record<string, unknown>) => fakeBrowser.storage.managed.set(p);

describe('precedence: policy > analyst > default', () => {
  it('uses the defaults with neither', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it("uses the analyst's value over the default, and the policy's over the analyst's", async () => {
    await setAnalyst({ pollMinutes: 5, confirmApprove: false, auditRetentionDays: 30 });
    expect((await loadSettings()).pollMinutes).toBe(5);
    await setPolicy({ pollMinutes: 2, confirmApprove: true });
    const s = await loadSettings();
    expect(s.pollMinutes).toBe(2);
    expect(s.confirmApprove).toBe(true);
    // Not set by policy: the analyst's own.
    expect(s.auditRetentionDays).toBe(30);
  });

  it('maps flat policy keys onto nested settings; an object key may set some fields, the others default', async () => {
    await setAnalyst({ notifications: { ...DEFAULT_SETTINGS.notifications, quietHours: { enabled: false, start: '20:00', end: '06:00' } } });
    await setPolicy({ notificationsEnabled: false, notificationActionTypes: ['IsolateResponse'], quietHours: { enabled: true, start: '23:00' } });
    const n = (await loadSettings()).notifications;
    expect(n.enabled).toBe(false);
    expect(n.actionTypes).toEqual(['IsolateResponse']);
    expect(n.quietHours).toEqual({ enabled: true, start: '23:00', end: DEFAULT_SETTINGS.notifications.quietHours.end });
    expect(n.summaryThreshold).toBe(DEFAULT_SETTINGS.notifications.summaryThreshold);
  });
});

describe('invalid policy values', () => {
  it('ignores each invalid key with a warning naming it; every valid key still applies', async () => {
    await setAnalyst({ pollMinutes: 5, ageThresholds: { warnMinutes: 10, alertMinutes: 20, criticalMinutes: 30 } });
    await setPolicy({
      pollMinutes: 0.1,
      ageThresholds: { warnMinutes: 500, alertMinutes: 100, criticalMinutes: 1000 },
      cloud: 'mars',
      allowLearning: 'no',
      disabledFeatures: 'nav-count',
      decisionTemplate: '{ not json',
      requireApproveComment: true,
      colour: 'blue',
    });
    const s = await loadSettings();
    expect(s.pollMinutes).toBe(5);
    expect(s.ageThresholds).toEqual({ warnMinutes: 10, alertMinutes: 20, criticalMinutes: 30 });
    expect(s.cloud).toBe(DEFAULT_SETTINGS.cloud);
    expect(s.requireApproveComment).toBe(true);
    const policy = await loadPolicy();
    expect(policy.warnings.map((w) => w.key).sort()).toEqual(
      ['ageThresholds', 'allowLearning', 'cloud', 'colour', 'decisionTemplate', 'disabledFeatures', 'pollMinutes'].sort(),
    );
    expect(policy.warnings.find((w) => w.key === 'ageThresholds')?.message).toMatch(/increase/);
    expect(policy.inForce).toEqual([{ key: 'requireApproveComment', value: 'true' }]);
    expect([...policy.locked]).toEqual(['requireApproveComment']);
    expect(policy.allowLearning).toBe(true);
    expect(policy.disabledFeatures).toEqual([]);
    expect(policy.decisionTemplate).toBeNull();
  });

  it('validates the decision template as an imported one: JSON text or an object, a broken shape is named', () => {
    expect(resolvePolicy({ decisionTemplate: JSON.stringify(BUILT_IN_TEMPLATE) }).decisionTemplate).toEqual(BUILT_IN_TEMPLATE);
    expect(resolvePolicy({ decisionTemplate: BUILT_IN_TEMPLATE }).decisionTemplate).toEqual(BUILT_IN_TEMPLATE);
    const broken = resolvePolicy({ decisionTemplate: JSON.stringify({ ...BUILT_IN_TEMPLATE, method: 'GET' }) });
    expect(broken.decisionTemplate).toBeNull();
    expect(broken.warnings).toEqual([{ key: 'decisionTemplate', message: expect.stringMatching(/^is not a valid decision request: /) }]);
    // The schema's default, "", means not set.
    expect(resolvePolicy({ decisionTemplate: '' })).toMatchObject({ decisionTemplate: null, warnings: [], inForce: [] });
  });

  it('reads allowLearning and disabledFeatures', () => {
    const p = resolvePolicy({ allowLearning: false, disabledFeatures: ['nav-count', 'history-marks'] });
    expect(p.allowLearning).toBe(false);
    expect(p.disabledFeatures).toEqual(['nav-count', 'history-marks']);
    expect(p.warnings).toEqual([]);
  });
});

describe('reactive to the managed area', () => {
  it('calls back with the policy value when the organisation sets it, and the analyst value when it is lifted', async () => {
    await setAnalyst({ pollMinutes: 5 });
    const seen: number[] = [];
    const stop = watchSettings((s) => seen.push(s.pollMinutes));
    await setPolicy({ pollMinutes: 3 });
    await expect.poll(() => seen.at(-1)).toBe(3);
    await fakeBrowser.storage.managed.remove('pollMinutes');
    await expect.poll(() => seen.at(-1)).toBe(5);
    stop();
  });

  it("calls back when the analyst's settings are saved in another context (the options page)", async () => {
    await setAnalyst({ pollMinutes: 5 });
    const seen: number[] = [];
    const stop = watchSettings((s) => seen.push(s.pollMinutes));
    await setAnalyst({ pollMinutes: 7 });
    await expect.poll(() => seen.at(-1)).toBe(7);
    stop();
  });
});

describe('saving under a policy', () => {
  it("keeps the analyst's own value in a locked field: a policy value never outlives the policy", async () => {
    await setAnalyst({ pollMinutes: 5 });
    await setPolicy({ pollMinutes: 2 });
    const effective = await loadSettings();
    expect(await saveSettings({ ...effective, auditRetentionDays: 12 })).toEqual({ ok: true });
    const analyst = await loadAnalystSettings();
    expect(analyst.pollMinutes).toBe(5);
    expect(analyst.auditRetentionDays).toBe(12);
  });
});

describe('the portal page', () => {
  it('applies valid policy values for its fields and ignores invalid ones', () => {
    const analyst = { ...PAGE_DEFAULTS, confirmApprove: false, ageThresholds: { warnMinutes: 1, alertMinutes: 2, criticalMinutes: 3 } };
    expect(withPolicy(analyst, { confirmApprove: true, requireRejectComment: 'yes', ageThresholds: { warnMinutes: 9, alertMinutes: 5 } })).toEqual({
      ...analyst,
      confirmApprove: true,
    });
    expect(withPolicy(analyst, { ageThresholds: { warnMinutes: 5 } }).ageThresholds).toEqual({ ...PAGE_DEFAULTS.ageThresholds, warnMinutes: 5 });
  });

  it('reads the page settings and the features turned off from managed storage', async () => {
    await setPolicy({ requireApproveComment: true, disabledFeatures: ['nav-count', 7] });
    expect((await loadPageSettings()).requireApproveComment).toBe(true);
    expect(await loadDisabledFeatures()).toEqual(['nav-count']);
  });
});

describe('managed storage schema (public/managed_schema.json)', () => {
  const schema = JSON.parse(readFileSync('public/managed_schema.json', 'utf8')) as {
    type: string;
    properties: Record<string, { title?: string; description?: string; default?: unknown; properties?: Record<string, { title?: string; description?: string; default?: unknown }> }>;
  };

  it('is an object whose every key (and nested key) has a title, a description and a default', () => {
    expect(schema.type).toBe('object');
    for (const [key, prop] of Object.entries(schema.properties)) {
      expect({ key, title: typeof prop.title, description: typeof prop.description, hasDefault: 'default' in prop }).toEqual({
        key,
        title: 'string',
        description: 'string',
        hasDefault: true,
      });
      for (const [inner, p] of Object.entries(prop.properties ?? {})) {
        expect({ inner, title: typeof p.title, description: typeof p.description, hasDefault: 'default' in p }).toEqual({
          inner,
          title: 'string',
          description: 'string',
          hasDefault: true,
        });
      }
    }
  });

  it('declares exactly the keys the extension reads, with the defaults it uses', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...Object.keys(POLICY_SETTINGS), 'disabledFeatures', 'decisionTemplate', 'allowLearning'].sort());
    const defaults = Object.fromEntries(Object.entries(schema.properties).map(([k, p]) => [k, p.default]));
    const settingsDefaults = resolvePolicy(defaults);
    // Every default validates, and applying them all gives the extension's defaults.
    expect(settingsDefaults.warnings).toEqual([]);
    expect(settingsDefaults.allowLearning).toBe(true);
    expect(settingsDefaults.disabledFeatures).toEqual([]);
    expect(applyPolicy({ ...DEFAULT_SETTINGS, pollMinutes: 7, confirmApprove: false }, settingsDefaults)).toEqual(DEFAULT_SETTINGS);
  });

  it('names every in-page feature in the disabledFeatures description', () => {
    for (const f of FEATURES) expect(schema.properties.disabledFeatures?.description).toContain(f.id);
  });
});

describe('decision method under the policy', () => {
  const learnedTemplate = { ...BUILT_IN_TEMPLATE, path: '/apiproxy/learned/decide' };
  const orgTemplate = { ...BUILT_IN_TEMPLATE, path: '/apiproxy/org/decide' };
  const methods: HostMethods = {
    template: { source: 'learned', template: learnedTemplate, from: 'actionCenter', at: 1, brokenAt: null, brokenReason: null },
    builtIn: { confirmedAt: null, brokenAt: null, brokenReason: null },
  };

  it('prefers what was learned while learning is allowed, the organisation\'s template once it is turned off', () => {
    const allowed = resolvePolicy({ decisionTemplate: JSON.stringify(orgTemplate) });
    expect(resolveMethod(methodsAllowed(methods, allowed), allowed.decisionTemplate)).toMatchObject({ source: 'learned', template: learnedTemplate });
    const off = resolvePolicy({ decisionTemplate: JSON.stringify(orgTemplate), allowLearning: false });
    expect(resolveMethod(methodsAllowed(methods, off), off.decisionTemplate)).toMatchObject({ source: 'policy', template: orgTemplate });
  });
});
