/**
 * Small helpers shared by the e2e files that run against the fake portal: talk to the background as a surface
 * would (utils/messages.ts envelope), read the toolbar badge and the poll alarm, and wait without sleeping.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RequestMap, RequestName } from '../../utils/messages';
import { EXTENSION_DIR, type Harness } from './harness';

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
