/**
 * Learning the portal's decision request (issue 11), per fake decision shape unlike the built-in guess:
 * the guess is refused (404) and said honestly; one decision in the portal's own flyout teaches the extension;
 * from then on the popup decides with exactly one request on the learned route; a reject is sent with the
 * derived spelling where one can be derived; a learned route that later answers 404 is marked broken; a HAR file
 * the fake portal produces imports the same request and keeps no cookie or token.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../utils/actions/model';
import type { MethodStatus } from '../../utils/portal/decisionMethod';
import type { DecisionShape, RecordedDecision } from '../fake-portal/types';
import type { FakePortal } from '../fake-portal/server';
import type { Harness } from './harness';
import { approveInPopup, ask, auditOf, escapeRegExp, launchSignedIn, stillPending, until } from './helpers';

const GUESS_PATH = '/apiproxy/mtp/actionCenter/actioncenterui/pending-actions/decision';

function decisionsSince(fake: FakePortal, since: number): RecordedDecision[] {
  return fake.decisions().filter((d) => d.at >= since);
}

function guessRequestsSince(fake: FakePortal, since: number): number {
  return fake.requests({ fromPage: false }).filter((r) => r.at >= since && r.path.startsWith(GUESS_PATH)).length;
}

async function rejectInPopup(popup: Page, entity: string, comment: string): Promise<string> {
  await popup.getByRole('button', { name: new RegExp(`^Reject .*${escapeRegExp(entity)}`) }).first().click();
  const dialog = popup.getByRole('dialog');
  await dialog.getByRole('textbox').fill(comment);
  await dialog.getByRole('button', { name: 'Reject 1 action' }).click();
  await popup.waitForFunction(() => {
    const d = document.querySelector('.acc-dialog');
    return !d || (d.querySelector('.acc-dialog__error') !== null && d.querySelector('form')?.getAttribute('aria-busy') !== 'true');
  });
  return (await popup.locator('.acc-dialog__error, .acc-results').allInnerTexts()).join('\n');
}

describe.each<{ shape: DecisionShape; rejectDerivable: boolean }>([
  { shape: 'approvals', rejectDerivable: true },
  { shape: 'autoir', rejectDerivable: false },
])('learning the decision request: $shape', ({ shape, rejectDerivable }) => {
  let h: Harness;
  let fake: FakePortal;
  let surface: Page;
  let actions: Action[];

  beforeAll(async () => {
    ({ h, fake, surface } = await launchSignedIn({ scenario: 'default' }));
    fake.setConfig({ decisionShape: shape });
    const state = await ask(surface, 'refresh', { reason: 'user' });
    actions = [...state.pending];
    expect(actions.length).toBeGreaterThanOrEqual(5);
  });

  afterAll(async () => {
    await h?.close();
  });

  const method = () => ask(surface, 'decisionMethod', undefined);

  it('says "decide in the portal" when the built-in guess is refused, after exactly one request', async () => {
    const since = Date.now();
    const target = actions[0]!;
    const popup = await h.openExtensionPage('popup');
    const text = await approveInPopup(popup, target.entityName);
    expect(text).toContain('Decide this one in the portal');
    expect(guessRequestsSince(fake, since)).toBe(1);
    expect(stillPending(fake, target.id)).toBe(true);
    const audit = await auditOf(surface, target.id, since);
    expect(audit.map((e) => e.outcome)).toEqual(['unsupported']);
    const status = await method();
    expect(status.inUse).toBe('none');
    // A second click sends nothing: the refused guess is not tried again.
    await popup.reload();
    await approveInPopup(popup, target.entityName);
    expect(guessRequestsSince(fake, since)).toBe(1);
    await popup.close();
  });

  it('learns from one Approve in the portal’s own flyout', async () => {
    const since = Date.now();
    const target = actions[1]!;
    const page = await h.openPortal('/action-center/pending');
    const row = page.locator('[role="row"]').filter({ hasText: target.approvalId! });
    await row.locator('[data-automation-key="bulkId"]').click();
    await page.locator('.fp-flyout-buttons button', { hasText: /^Approve$/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await until(() => stillPending(fake, target.id), (p) => !p, 'the portal applied its own decision');
    const learned = await until(method, (s: MethodStatus) => s.inUse === 'learned', 'the request learned');
    expect(learned.template?.from).toBe('actionCenter');
    expect(learned.template?.source).toBe('learned');
    // The page's own request, once; the extension sent none.
    expect(decisionsSince(fake, since).map((d) => [d.shape, d.fromPage])).toEqual([[shape, true]]);
    // Kept: the shape, never the action's data.
    const stored = JSON.stringify(await h.inWorker(() => chrome.storage.local.get('decisionMethods')));
    expect(stored).not.toContain(target.id);
    expect(stored).not.toContain(target.approvalId!);
    await page.close();
  });

  it('then approves from the popup with exactly one request on the learned route', async () => {
    const since = Date.now();
    const target = actions[2]!;
    const popup = await h.openExtensionPage('popup');
    const text = await approveInPopup(popup, target.entityName);
    expect(text).not.toContain('Decide this one in the portal');
    const sent = decisionsSince(fake, since);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.shape).toBe(shape);
    expect(sent[0]!.fromPage).toBe(false);
    expect(sent[0]!.actionIds).toEqual([target.id]);
    expect(sent[0]!.decision).toBe('Approve');
    expect(stillPending(fake, target.id)).toBe(false);
    const audit = await until(() => auditOf(surface, target.id, since), (e) => e.at(-1)?.outcome === 'applied', 'audit applied');
    expect(audit.at(-1)?.verdict).toBe('approve');
    await popup.close();
  });

  it(rejectDerivable ? 'rejects with the derived spelling, which the portal then confirms' : 'does not guess a numeric reject: it asks for one Reject in the portal', async () => {
    const since = Date.now();
    const target = actions[3]!;
    const popup = await h.openExtensionPage('popup');
    const text = await rejectInPopup(popup, target.entityName, 'False positive');
    const sent = decisionsSince(fake, since);
    if (rejectDerivable) {
      expect(sent.map((d) => [d.shape, d.decision, d.actionIds])).toEqual([[shape, 'Reject', [target.id]]]);
      expect(stillPending(fake, target.id)).toBe(false);
      expect(fake.state().history.find((a) => a.ActionId === target.id)?.ActionDecision).toBe('Rejected');
      const status = await until(method, (s: MethodStatus) => s.template?.template.verdicts.reject?.derived === false, 'reject confirmed');
      expect(status.inUse).toBe('learned');
    } else {
      expect(sent).toHaveLength(0);
      expect(text).toContain('Decide this one in the portal');
      expect(stillPending(fake, target.id)).toBe(true);
      const audit = await auditOf(surface, target.id, since);
      expect(audit.map((e) => [e.outcome, e.message])).toEqual([['unsupported', expect.stringContaining('has not yet seen how this portal sends a rejection')]]);
    }
    await popup.close();
  });

  it('approves from the portal page’s own row controls with the learned request', async () => {
    const since = Date.now();
    const target = actions[5]!;
    const page = await h.openPortal('/action-center/pending');
    const name = `Approve: ${target.typeLabel} on ${target.entityName}`;
    await page.getByRole('button', { name, exact: true }).click();
    await page.getByRole('dialog', { name: 'Approve 1 action?' }).getByRole('button', { name: 'Approve 1 action', exact: true }).click();
    await until(() => stillPending(fake, target.id), (p) => !p, 'the page’s decision applied');
    expect(decisionsSince(fake, since).map((d) => [d.shape, d.fromPage, d.actionIds])).toEqual([[shape, false, [target.id]]]);
    await page.close();
  });

  it('marks a learned route that later answers 404 as broken, after one request', async () => {
    const since = Date.now();
    const target = actions[4]!;
    fake.setFault({ route: 'decision', kind: 'status', status: 404, times: 1 });
    const popup = await h.openExtensionPage('popup');
    const text = await approveInPopup(popup, target.entityName);
    expect(text).toContain('Decide this one in the portal');
    expect(decisionsSince(fake, since)).toHaveLength(1);
    const status = await method();
    expect(status.template?.brokenAt).not.toBeNull();
    expect(status.inUse).toBe('none');
    // Broken: not sent again, and the guess is not retried either.
    await popup.reload();
    await approveInPopup(popup, target.entityName);
    expect(decisionsSince(fake, since)).toHaveLength(1);
    expect(guessRequestsSince(fake, since)).toBe(0);
    await popup.close();
  });

  it('with no working request, the page’s Approve opens the row’s own flyout, where the portal’s Approve is', async () => {
    const since = Date.now();
    const target = actions[6]!;
    const page = await h.openPortal('/action-center/pending');
    const name = `Approve: ${target.typeLabel} on ${target.entityName}`;
    await page.getByRole('button', { name, exact: true }).click();
    await page.getByRole('dialog', { name: 'Approve 1 action?' }).getByRole('button', { name: 'Approve 1 action', exact: true }).click();
    const flyout = page.locator('[role="dialog"]').filter({ has: page.locator('.fp-flyout-buttons') });
    await flyout.waitFor();
    expect(await flyout.textContent()).toContain(target.approvalId!);
    await page.getByText('Decide this one in the portal', { exact: false }).first().waitFor();
    expect(decisionsSince(fake, since)).toHaveLength(0);
    expect(guessRequestsSince(fake, since)).toBe(0);
    await page.close();
  });

  it('imports the same request from a HAR file the portal produced, keeping no cookie or token', async () => {
    await ask(surface, 'forgetDecisionMethod', undefined);
    const har = fake.har();
    expect(har).toContain('XSRF-TOKEN');
    const options = await h.openExtensionPage('options');
    await options.locator('#acc-har-file').setInputFiles({ name: 'portal.har', mimeType: 'application/json', buffer: Buffer.from(har) });
    // The fake's numeric verdict (autoir) does not say which decision it was: the analyst says it was an Approve.
    await options.getByRole('button', { name: /^(It was an Approve: use|Use) this request$/ }).first().click();
    await options.getByText('Saved. Companion sends decisions this way from now on.').waitFor();
    const status = await method();
    expect(status.inUse).toBe('imported');
    const stored = JSON.stringify(await h.inWorker(() => chrome.storage.local.get(null)));
    for (const secret of har.match(/"(?:sccauth|XSRF-TOKEN)=([^;"]+)/g) ?? []) expect(stored).not.toContain(secret.split('=')[1]);
    expect(stored.toLowerCase()).not.toContain('sccauth');
    await options.close();
  });
});
