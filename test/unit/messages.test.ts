/**
 * The background's door (utils/messages.ts handleRequests): who may ask what, payloads validated before a handler
 * sees them, and the decision's surface taken from the sender. Messages are delivered with fakeBrowser's
 * onMessage.trigger, which lets a test choose the sender the browser would report.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleRequests, onBroadcast, type RequestHandlers, type RequestSender } from '@/utils/messages';

const PORTAL_PAGE = 'https://security.microsoft.com/action-center/pending';
const isPortalUrl = (url: string) => url.startsWith('https://security.microsoft.com/');
const STATE = { pending: [] } as unknown as Awaited<ReturnType<RequestHandlers['getState']>>;
const REPORT = { results: [], error: null };

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

function own(path: string) {
  return `chrome-extension://${fakeBrowser.runtime.id}/${path}`;
}

/** Senders as Chrome reports them. */
const senders = {
  contentScript: () => ({ id: fakeBrowser.runtime.id, url: PORTAL_PAGE, tab: { id: 7 } }),
  popup: () => ({ id: fakeBrowser.runtime.id, url: own('popup.html') }),
  optionsInTab: () => ({ id: fakeBrowser.runtime.id, url: own('options.html'), tab: { id: 3 } }),
  decisionWindow: () => ({ id: fakeBrowser.runtime.id, url: own('popup.html?action=abc&verdict=approve'), tab: { id: 9 } }),
  otherSite: () => ({ id: fakeBrowser.runtime.id, url: 'https://evil.example/', tab: { id: 8 } }),
  otherExtension: () => ({ id: 'someone-else', url: 'chrome-extension://someone-else/x.html' }),
};

function setup() {
  const seen: { name: string; payload: unknown; sender: RequestSender }[] = [];
  const record =
    <T,>(name: string, value: T) =>
    async (payload: unknown, sender: RequestSender) => {
      seen.push({ name, payload, sender });
      return value;
    };
  const handlers = {
    getState: record('getState', STATE),
    refresh: record('refresh', STATE),
    decide: record('decide', REPORT),
    listAudit: record('listAudit', []),
    listHistory: record('listHistory', { actions: [], error: null }),
    openInPortal: record('openInPortal', null),
    clearLocalData: record('clearLocalData', null),
  } as unknown as RequestHandlers;
  handleRequests(handlers, { isPortalUrl });
  return seen;
}

type Sender = Parameters<typeof fakeBrowser.runtime.onMessage.trigger>[1];

/** Delivers a message as the browser would, from `sender` (a partial MessageSender, as Chrome fills it). */
function deliver(message: object, sender: object): Promise<unknown[]> {
  return fakeBrowser.runtime.onMessage.trigger(message, sender as Sender) as Promise<unknown[]>;
}

async function send(name: string, payload: unknown, sender: object): Promise<Reply | undefined> {
  const replies = await deliver({ acc: 'request', name, payload }, sender);
  return replies.find((r) => r !== undefined) as Reply | undefined;
}

describe('requests from a content script (portal tab)', () => {
  it('refuses clearLocalData, listHistory and openInPortal, and never calls their handlers', async () => {
    const seen = setup();
    for (const [name, payload] of [
      ['clearLocalData', undefined],
      ['listHistory', { days: 7 }],
      ['openInPortal', { actionId: 'abc' }],
    ] as const) {
      const reply = await send(name, payload, senders.contentScript());
      expect(reply, name).toEqual({ ok: false, error: `Refused: the portal page may not ask for ${name}.` });
    }
    expect(seen).toEqual([]);
  });

  it('may ask what the page needs: state, refresh, decide, audit marks', async () => {
    const seen = setup();
    expect(await send('getState', undefined, senders.contentScript())).toEqual({ ok: true, value: STATE });
    expect((await send('refresh', { reason: 'portalTab' }, senders.contentScript()))?.ok).toBe(true);
    expect((await send('listAudit', { limit: 500 }, senders.contentScript()))?.ok).toBe(true);
    expect((await send('decide', { actionIds: ['a1'], verdict: 'approve', comment: '' }, senders.contentScript()))?.ok).toBe(true);
    expect(seen.map((s) => s.name)).toEqual(['getState', 'refresh', 'listAudit', 'decide']);
    expect(seen.every((s) => s.sender.context === 'content' && s.sender.surface === 'portal' && s.sender.tabId === 7)).toBe(true);
  });

  it('takes the surface from the sender: a page that claims "popup" is still the portal', async () => {
    const seen = setup();
    await send('decide', { actionIds: ['a1'], verdict: 'reject', comment: 'x', surface: 'popup' }, senders.contentScript());
    expect(seen[0]?.sender.surface).toBe('portal');
    // The claimed surface is dropped from the payload the handler gets.
    expect(seen[0]?.payload).toEqual({ actionIds: ['a1'], verdict: 'reject', comment: 'x' });
  });

  it('refuses a tab that is not a portal page, and other extensions are ignored', async () => {
    const seen = setup();
    expect(await send('getState', undefined, senders.otherSite())).toMatchObject({ ok: false });
    expect(await send('getState', undefined, senders.otherExtension())).toBeUndefined();
    expect(seen).toEqual([]);
  });
});

describe('requests from the extension pages', () => {
  it('may ask everything', async () => {
    const seen = setup();
    expect((await send('clearLocalData', undefined, senders.optionsInTab()))?.ok).toBe(true);
    expect((await send('listHistory', { days: 7 }, senders.popup()))?.ok).toBe(true);
    expect((await send('openInPortal', { actionId: 'abc' }, senders.popup()))?.ok).toBe(true);
    expect(seen.map((s) => [s.name, s.sender.context])).toEqual([
      ['clearLocalData', 'extension'],
      ['listHistory', 'extension'],
      ['openInPortal', 'extension'],
    ]);
  });

  it('records the popup as popup and the notification decision window (popup.html?action=…) as notification', async () => {
    const seen = setup();
    await send('decide', { actionIds: ['a1'], verdict: 'approve', comment: '', surface: 'portal' }, senders.popup());
    await send('decide', { actionIds: ['a1'], verdict: 'approve', comment: '', surface: 'popup' }, senders.decisionWindow());
    expect(seen.map((s) => s.sender.surface)).toEqual(['popup', 'notification']);
  });
});

describe('payloads', () => {
  it.each([
    ['decide', { actionIds: 'a1', verdict: 'approve', comment: '' }, 'actionIds'],
    ['decide', { actionIds: [], verdict: 'approve', comment: '' }, 'actionIds'],
    ['decide', { actionIds: Array.from({ length: 101 }, (_, i) => `a${i}`), verdict: 'approve', comment: '' }, 'actionIds'],
    ['decide', { actionIds: ['x'.repeat(129)], verdict: 'approve', comment: '' }, 'actionIds.0'],
    ['decide', { actionIds: [7], verdict: 'approve', comment: '' }, 'actionIds.0'],
    ['decide', { actionIds: ['a1'], verdict: 'maybe', comment: '' }, 'verdict'],
    ['decide', { actionIds: ['a1'], verdict: 'approve', comment: 'c'.repeat(1001) }, 'comment'],
    ['decide', undefined, ''],
    ['refresh', { reason: 'alarm' }, 'reason'],
    ['listAudit', { limit: -1 }, 'limit'],
    ['listHistory', { days: 1e9 }, 'days'],
    ['openInPortal', { actionId: { toString: 'x' } }, 'actionId'],
    ['getState', { sneaky: true }, ''],
  ])('refuses %s with %j (field %s) and never calls the handler', async (name, payload, field) => {
    const seen = setup();
    const reply = await send(name, payload, senders.popup());
    expect(reply?.ok).toBe(false);
    const error = reply && !reply.ok ? reply.error : '';
    expect(error).toContain(`the ${name} request does not fit`);
    if (field) expect(error).toContain(`${field}:`);
    expect(seen).toEqual([]);
  });

  it('refuses an unknown request name', async () => {
    setup();
    expect(await send('__proto__', undefined, senders.popup())).toEqual({ ok: false, error: 'Refused: unknown request "__proto__".' });
  });
});

describe('broadcasts', () => {
  it('extension pages listen only to the background, not to a content script in a tab', async () => {
    const listener = vi.fn();
    onBroadcast('stateChanged', listener);
    const payload = { state: STATE, diff: { added: [], decided: [], gone: [] } };
    await deliver({ acc: 'broadcast', name: 'stateChanged', payload }, senders.contentScript());
    expect(listener).not.toHaveBeenCalled();
    await deliver({ acc: 'broadcast', name: 'stateChanged', payload }, { id: fakeBrowser.runtime.id, url: own('background.js') });
    expect(listener).toHaveBeenCalledWith(payload);
  });
});
