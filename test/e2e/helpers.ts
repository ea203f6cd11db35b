/**
 * Small helpers shared by the e2e files that run against the fake portal: talk to the background as a surface
 * would (utils/messages.ts envelope), read the toolbar badge and the poll alarm, and wait without sleeping.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { AuditEntry } from '../../utils/actions/types';
import { expect } from 'vitest';
import type { RequestMap, RequestName } from '../../utils/messages';
import type { FakePortal } from '../fake-portal/server';
import { EXTENSION_DIR, launchHarness, type Harness, type HarnessOptions } from './harness';

/** Long enough for a poll through the fake portal on a busy 2-core machine; polls every 100 ms. */
export const WAIT = { timeout: 15_000, interval: 100 } as const;

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Sends a request to the background from an extension page (as the popup does) and returns its answer. */
export async function ask<N extends RequestName>(
  extensionPage: Page,
  name: N,
  payload: RequestMap[N]['request'],
): Promise<RequestMap[N]['response']> {
  const reply = await extensionPage.evaluate(
    async (message) => (await chrome.runtime.sendMessage(message)) as unknown,
    { acc: 'request', name, payload },
  );
  const typed = reply as Reply<RequestMap[N]['response']> | undefined;
  if (!typed) throw new Error(`The background did not answer ${name}.`);
  if (!typed.ok) throw new Error(`The background refused ${name}: ${typed.error}`);
  return typed.value;
}

export async function badgeText(h: Harness): Promise<string> {
  return h.inWorker(() => chrome.action.getBadgeText({}));
}

/** The poll alarm, or null when polling is paused. */
export async function pollAlarm(h: Harness): Promise<{ scheduledTime: number } | null> {
  return h.inWorker(async () => {
    const alarm = await chrome.alarms.get('poll');
    return alarm ? { scheduledTime: alarm.scheduledTime } : null;
  });
}

/** Back to default settings (other files' tests may change them). */
export async function resetSettings(h: Harness): Promise<void> {
  await h.inWorker(() => chrome.storage.local.remove('settings'));
}

export async function setSettings(h: Harness, patch: Record<string, unknown>): Promise<void> {
  const worker = await h.serviceWorker();
  await worker.evaluate(async (p) => {
    const got = await chrome.storage.local.get('settings');
    const current = (got.settings ?? {}) as Record<string, unknown>;
    await chrome.storage.local.set({ settings: { ...current, ...p } });
  }, patch);
}

/** The version the built manifest declares (what the content script stamps on its presence element). */
export function builtVersion(dir = EXTENSION_DIR): string {
  return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string }).version;
}

/** Waits until `read` returns a value that passes `ok`; on timeout the error names what was last read. */
export async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  try {
    await expect
      .poll(async () => {
        last = await read();
        return ok(last);
      }, WAIT)
      .toBe(true);
  } catch {
    throw new Error(`Timed out waiting for ${what}; last read: ${JSON.stringify(last)}`);
  }
  return last as T;
}

/** Audit entries of one action made since `since` (epoch ms), oldest first. */
export async function auditOf(page: Page, actionId: string, since: number): Promise<AuditEntry[]> {
  const all = await ask(page, 'listAudit', {});
  return all.filter((e) => e.actionId === actionId && e.requestedAt >= since).sort((a, b) => a.requestedAt - b.requestedAt);
}

/** The fake portal's truth: is this action still pending there? */
export function stillPending(fake: FakePortal, actionId: string): boolean {
  return fake.state().pending.some((a) => a.ActionId === actionId);
}

/** A portal page visit, so the profile has the session cookies an analyst would have (TESTING.md). */
export async function signInOnce(h: Harness): Promise<void> {
  const page = await h.openPortal('/action-center/pending', { waitForReady: false });
  await page.close();
}

/**
 * The usual start of a file that runs against the fake portal: a browser with the extension, signed in to the
 * portal, and an extension page to talk to the background from (as the popup would).
 */
export async function launchSignedIn(opts: HarnessOptions = {}): Promise<{ h: Harness; fake: FakePortal; surface: Page }> {
  const h = await launchHarness(opts);
  h.context.setDefaultTimeout(15_000);
  await signInOnce(h);
  const surface = await h.openExtensionPage('options');
  return { h, fake: h.fake!, surface };
}

/** Opens the popup and waits until its list shows the row of `entity`. */
export async function openPopupWith(h: Harness, entity: string): Promise<Page> {
  const popup = await h.openExtensionPage('popup');
  await popup.getByRole('button', { name: new RegExp(`^Approve .*${escapeRegExp(entity)}`) }).first().waitFor({ timeout: 15_000 });
  return popup;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Approve from a popup row, confirm in the dialog, and wait until the popup settled: the dialog closed (results
 * panel shows the outcome) or stayed with an error (nothing happened). Returns what the analyst reads.
 */
export async function approveInPopup(popup: Page, entity: string, timeout = 30_000): Promise<string> {
  await popup.getByRole('button', { name: new RegExp(`^Approve .*${escapeRegExp(entity)}`) }).first().click();
  const dialog = popup.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Approve 1 action' }).click();
  await popup.waitForFunction(
    () => {
      const d = document.querySelector('.acc-dialog');
      if (!d) return true;
      return d.querySelector('.acc-dialog__error') !== null && d.querySelector('form')?.getAttribute('aria-busy') !== 'true';
    },
    undefined,
    { timeout },
  );
  return (await popup.locator('.acc-dialog__error, .acc-results').allInnerTexts()).join('\n');
}

/** Polls `read` until `done` holds or the timeout passes; returns the last value. */
export async function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 15_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, everyMs));
    value = await read();
  }
  return value;
}

/** Requests to one route the extension (not the fake page) made since `since`. */
export function extensionRequests(fake: FakePortal, route: 'pending' | 'history' | 'decision', since: number): number {
  return fake.requests({ route, fromPage: false }).filter((r) => r.at >= since).length;
}

/** axe-core's findings on a page, one line each (rule: offending markup); empty when it is clean. */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
  });
}
let axeSource: string | undefined;
