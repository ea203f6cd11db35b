/**
 * Organisation policy in a real Chromium with a real policy file: Chromium reads
 * /etc/chromium/policies/managed/*.json, and `3rdparty.extensions.<id>` reaches the extension with that id through
 * storage.managed, checked against public/managed_schema.json. The build's manifest `key` pins the id, so the
 * file names it before the browser starts. Writing there needs root (CI runs as root); otherwise this file is
 * skipped and says why. The file exists only while this file's browser runs, and names only this extension's id.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakePortal } from '../fake-portal/server';
import { BUILT_IN_TEMPLATE } from '../../utils/portal/decisionTemplate';
import { EXTENSION_DIR, type Harness } from './harness';
import { ask, launchSignedIn, until, waitFor } from './helpers';

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'acc-e2e.json');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) console.warn(`policy.e2e.ts skipped: writing a Chromium policy file under ${POLICY_DIR} needs root (CI runs as root).`);

/** Chromium's id for a manifest key: the first 32 hex digits of the key's SHA-256, 0-f mapped to a-p. */
function idOfKey(base64Key: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

const POLL_MINUTES = 3;
/** What the organisation sets; ageThresholds passes Chromium's schema check but not the extension's (not increasing). */
const POLICY = {
  pollMinutes: POLL_MINUTES,
  requireApproveComment: true,
  disabledFeatures: ['nav-count'],
  allowLearning: false,
  // The request the fake portal answers, shipped by the organisation as JSON text (as a registry value holds it).
  decisionTemplate: JSON.stringify(BUILT_IN_TEMPLATE),
  ageThresholds: { warnMinutes: 500, alertMinutes: 100, criticalMinutes: 1000 },
};

describe.skipIf(!isRoot)('organisation policy (real Chromium policy file)', () => {
  const key = (JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { key?: string }).key ?? '';
  const id = idOfKey(key);
  let h: Harness;
  let fake: FakePortal;
  let surface: Page;

  beforeAll(async () => {
    mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [id]: POLICY } } }));
    try {
      ({ h, fake, surface } = await launchSignedIn());
    } catch (error) {
      rmSync(POLICY_FILE, { force: true });
      throw error;
    }
    // Chromium loads the policy a moment after start; the extension reacts to the managed area when it does.
    // (waitFor, not until: expect.poll belongs in tests, not in hooks.)
    const managed = await waitFor(
      () => h.inWorker(() => chrome.storage.managed.get()),
      (m) => m.pollMinutes === POLL_MINUTES,
    );
    if (managed.pollMinutes !== POLL_MINUTES) throw new Error(`Chromium did not give the policy to the extension: ${JSON.stringify(managed)}`);
  });

  afterAll(async () => {
    await h?.close();
    rmSync(POLICY_FILE, { force: true });
  });

  it('loads with the id its manifest key pins (the id the policy names)', () => {
    expect(key).not.toBe('');
    expect(h.extensionId).toBe(id);
  });

  it('options show the policy fields locked with their values, the ignored key named, and learning off', async () => {
    const page = await h.openExtensionPage('options');
    const poll = page.getByLabel('Check for pending actions every (minutes)');
    await expect.poll(() => poll.inputValue()).toBe(String(POLL_MINUTES));
    expect(await poll.isDisabled()).toBe(true);
    expect(await page.getByLabel('Require a comment to approve').isChecked()).toBe(true);
    expect(await page.getByLabel('Require a comment to approve').isDisabled()).toBe(true);
    expect(await page.getByRole('group', { name: 'Set by your organisation' }).count()).toBe(2);
    // Not set by the policy: still the analyst's.
    expect(await page.getByLabel('Require a comment to reject').isDisabled()).toBe(false);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Policy' }) });
    const ignored = section.getByRole('list', { name: 'Ignored policy values' });
    expect(await ignored.textContent()).toContain('ageThresholds');
    const inForce = (await section.locator('dl').textContent()) ?? '';
    for (const k of ['pollMinutes', 'requireApproveComment', 'disabledFeatures', 'allowLearning', 'decisionTemplate']) expect(inForce).toContain(k);
    expect(inForce).not.toContain('ageThresholds');
    // The malformed key is ignored: the thresholds are the analyst's (defaults here) and editable.
    expect(await page.getByLabel('Warn after').inputValue()).toBe('60');
    expect(await page.getByLabel('Warn after').isDisabled()).toBe(false);
    await page.getByText('Learning is turned off by your organisation').waitFor();
    expect(await page.getByLabel('Import from a HAR file').count()).toBe(0);
    await page.close();
  });

  it("uses the organisation's template for decisions (nothing learned, learning off), and Options says so", async () => {
    const status = await ask(surface, 'decisionMethod', undefined);
    expect(status.inUse).toBe('policy');
    const page = await h.openExtensionPage('options');
    await page.getByText('Set by your organisation.', { exact: true }).waitFor();
    await page.close();
  });

  it('polls at the interval the policy sets', async () => {
    await ask(surface, 'refresh', { reason: 'user' });
    const state = await until(
      () => ask(surface, 'getState', undefined),
      (s) => s.lastSuccessAt !== null && s.nextPollAt !== null && s.polling === false,
      'a poll after the policy applied',
    );
    expect(state.nextPollAt! - state.lastSuccessAt!).toBe(POLL_MINUTES * 60_000);
    const alarm = await h.inWorker(() => chrome.alarms.get('poll'));
    expect(alarm?.scheduledTime).toBe(state.nextPollAt);
  });

  it('does not mount an in-page feature the policy turns off, and mounts the others', async () => {
    const page = await h.openPortal('/action-center/pending');
    const pending = fake.state().pending.length;
    expect(pending).toBeGreaterThan(0);
    await until(() => page.locator('acc-row-controls').count(), (n) => n > 0, 'row controls on the pending rows');
    expect(await page.locator('acc-nav-count').count()).toBe(0);
    await page.close();
  });
});
