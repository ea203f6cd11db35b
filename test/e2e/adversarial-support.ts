/**
 * Helpers shared by the adversarial e2e files (hostile.e2e.ts, faults.e2e.ts, resilience.e2e.ts): talk to the
 * background as a surface does (utils/messages.ts envelope), read the fake portal's truth, and drive a decision
 * from the popup the way an analyst would.
 */
import type { Page } from 'playwright-core';
import type { AuditEntry } from '../../utils/actions/types';
import type { RequestMap, RequestName } from '../../utils/messages';
import type { FakePortal } from '../fake-portal/server';
import type { Harness } from './harness';

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Sends one request to the background from an extension page, exactly as the popup does. */
export async function ask<N extends RequestName>(
  page: Page,
  name: N,
  payload: RequestMap[N]['request'],
): Promise<RequestMap[N]['response']> {
  const reply = await page.evaluate(
    async ([n, p]) => (await chrome.runtime.sendMessage({ acc: 'request', name: n, payload: p })) as unknown,
    [name, payload] as const,
  );
  const typed = reply as Reply<RequestMap[N]['response']> | undefined;
  if (!typed) throw new Error(`No answer to ${name}`);
  if (!typed.ok) throw new Error(`${name} failed: ${typed.error}`);
  return typed.value;
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
