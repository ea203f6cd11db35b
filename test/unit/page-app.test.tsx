/**
 * The content script against Fluent-like portal markup and a simulated background (utils/messages mocked):
 * injection once per row, recycled rows, removal, decisions and their errors, isolation of a failing feature.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Action } from '@/utils/actions/model';
import type { AuditEntry, DecisionReport, DecisionRequest, SyncState } from '@/utils/actions/types';
import type { BroadcastMap, RequestMap, RequestName } from '@/utils/messages';
import { onBroadcast, request } from '@/utils/messages';
import { startPage, type PageApp } from '@/utils/page/app';
import { FEATURES } from '@/utils/page/features';
import type { Feature } from '@/utils/page/features/registry';
import { ERROR_HEADLINES, portalError, type PortalErrorKind } from '@/utils/portal/errors';
import { loadPageSettings as loadSettings, watchPageSettings as watchSettings } from '@/utils/page/settings';
import { DEFAULT_SETTINGS, saveSettings, type Settings } from '@/utils/settings';
import { formatDateTime } from '@/utils/i18n';
import { decisionReport, makeAction } from './support/actions';
import { expectNoLiteral, usePseudoLocale } from './support/i18n';

const bg = vi.hoisted(() => ({
  handlers: {} as Record<string, (payload: unknown) => Promise<unknown>>,
  calls: [] as { name: string; payload: unknown }[],
  listeners: new Map<string, Set<(payload: unknown) => void>>(),
}));

vi.mock('@/utils/messages', () => ({
  request: (name: string, payload: unknown) => {
    bg.calls.push({ name, payload });
    const handler = bg.handlers[name];
    return handler ? handler(payload) : Promise.reject(new Error(`no handler for ${name}`));
  },
  onBroadcast: (name: string, listener: (payload: unknown) => void) => {
    const set = bg.listeners.get(name) ?? new Set();
    set.add(listener);
    bg.listeners.set(name, set);
    return () => set.delete(listener);
  },
}));

function on<N extends RequestName>(name: N, handler: (payload: RequestMap[N]['request']) => Promise<RequestMap[N]['response']>) {
  bg.handlers[name] = handler as (payload: unknown) => Promise<unknown>;
}

function emit<N extends keyof BroadcastMap>(name: N, payload: BroadcastMap[N]) {
  bg.listeners.get(name)?.forEach((l) => l(payload));
}

function calls(name: RequestName) {
  return bg.calls.filter((c) => c.name === name).map((c) => c.payload);
}

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

function syncState(pending: Action[], overrides: Partial<SyncState> = {}): SyncState {
  return {
    cloud: 'commercial',
    pending,
    error: null,
    lastSuccessAt: NOW,
    lastAttemptAt: NOW,
    nextPollAt: NOW + 60_000,
    polling: false,
    refusedScopes: [],
    skippedItems: 0,
    ...overrides,
  };
}

// --- Fluent-like portal markup -------------------------------------------------------------

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function cells(a: Partial<Action>) {
  return {
    investigationId: a.investigationId ?? '',
    bulkId: a.approvalId ?? '',
    actionType: a.typeLabel ?? '',
    computerName: a.asset ?? '',
    actionDecision: a.decision ?? '',
    actionStatus: 'Pending',
    eventTime: 'Nov 25, 2026 8:00 AM',
  };
}

function makeRow(c: Record<string, string>): HTMLElement {
  return el(
    'div',
    { role: 'row', class: 'ms-DetailsRow' },
    el('div', { class: 'ms-DetailsRow-cellCheck', role: 'gridcell' }),
    el(
      'div',
      { class: 'ms-DetailsRow-fields', role: 'presentation' },
      ...Object.entries(c).map(([key, text]) => el('div', { role: 'gridcell', 'data-automation-key': key, class: 'ms-DetailsRow-cell' }, text)),
    ),
  );
}

function setCell(row: Element, key: string, text: string) {
  const cell = row.querySelector(`[data-automation-key="${key}"]`)!;
  cell.textContent = text;
}

function buildPage(rows: Record<string, string>[], opts: { tab?: 'Pending' | 'History' } = {}) {
  const tab = opts.tab ?? 'Pending';
  const body = el('div', { role: 'rowgroup' }, ...rows.map(makeRow));
  document.body.replaceChildren(
    el('nav', {}, el('ul', {}, el('li', {}, el('a', { href: '/action-center?tid=t' }, 'Action center')), el('li', {}, el('a', { href: '/incidents' }, 'Incidents')))),
    el(
      'main',
      {},
      el(
        'div',
        { role: 'tablist' },
        el('button', { role: 'tab', 'aria-selected': String(tab === 'Pending') }, 'Pending'),
        el('button', { role: 'tab', 'aria-selected': String(tab === 'History') }, 'History'),
      ),
      el('div', { role: 'grid' }, el('div', { role: 'rowgroup' }, el('div', { role: 'row', class: 'ms-DetailsHeader' })), body),
    ),
  );
  return body;
}

// --- Driving the app -------------------------------------------------------------------------

const frames: (() => void)[] = [];
const schedule = (run: () => void) => {
  frames.push(run);
  return () => {
    const i = frames.indexOf(run);
    if (i >= 0) frames.splice(i, 1);
  };
};

async function settle() {
  for (let i = 0; i < 3; i += 1) await new Promise((r) => setTimeout(r, 0));
}

/** Lets everything pending run: observer records, the frame, Preact's re-renders. */
async function frame() {
  await settle();
  for (let i = 0; i < 3 && frames.length > 0; i += 1) {
    for (const run of frames.splice(0)) run();
    await settle();
  }
}

let app: PageApp | null = null;
let href = 'https://security.microsoft.com/action-center/pending?tid=t';

async function start(
  pending: Action[],
  opts: {
    features?: readonly Feature<object>[];
    settings?: Partial<Settings>;
    onFeatureError?: (id: string) => void;
    onCompat?: (id: string, status: 'worked' | 'missing') => void;
    visibility?: NonNullable<Parameters<typeof startPage>[0]['visibility']>;
  } = {},
) {
  if (opts.settings) await saveSettings({ ...DEFAULT_SETTINGS, ...opts.settings });
  on('getState', async () => syncState(pending));
  on('refresh', async () => syncState(pending));
  on('listAudit', async () => []);
  app = startPage({
    doc: document,
    request,
    onBroadcast,
    loadSettings,
    watchSettings,
    now: () => NOW,
    schedule,
    href: () => href,
    refreshDelayMs: 0,
    visibility: opts.visibility ?? null,
    ...(opts.features ? { features: opts.features } : {}),
    ...(opts.onFeatureError ? { onFeatureError: opts.onFeatureError } : {}),
    ...(opts.onCompat ? { onCompat: opts.onCompat } : {}),
  });
  await app.ready;
  await frame();
  return app;
}

function hosts(tag = 'acc-row-controls'): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(tag)];
}

function shadowOf(host: Element): ShadowRoot {
  if (!host.shadowRoot) throw new Error('no open shadow root');
  return host.shadowRoot;
}

function buttonIn(host: Element, verb: 'Approve' | 'Reject'): HTMLButtonElement {
  const b = shadowOf(host).querySelector<HTMLButtonElement>(`button[aria-label^="${verb}:"]`);
  if (!b) throw new Error(`no ${verb} button`);
  return b;
}

function layer(): ShadowRoot {
  return shadowOf(document.querySelector('acc-page-layer')!);
}

function dialog(): HTMLElement | null {
  return layer().querySelector<HTMLElement>('[role="dialog"]');
}

function type(textarea: HTMLTextAreaElement, value: string) {
  textarea.value = value;
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

function report(ids: readonly string[], outcome: 'applied' | 'alreadyDecided' | 'notApplied' | 'pendingConfirmation', extra: Partial<DecisionReport> = {}): DecisionReport {
  return decisionReport(ids, outcome, {}, extra);
}

beforeEach(() => {
  bg.handlers = {};
  bg.calls = [];
  bg.listeners.clear();
  frames.length = 0;
  href = 'https://security.microsoft.com/action-center/pending?tid=t';
});

afterEach(() => {
  app?.stop();
  app = null;
  document.body.replaceChildren();
});


/** A submit with the comment still empty sends nothing (`sentBefore` calls so far); with the comment typed, it sends. */
async function commentAndSubmit(d: Element, comment: string, sentBefore: number): Promise<void> {
  d.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await frame();
  expect(calls('decide')).toHaveLength(sentBefore);
  type(d.querySelector('textarea')!, comment);
  await frame();
  d.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await frame();
}
describe('before the background answers', () => {
  it('shows nothing while getState fails, and starts on the first state broadcast', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    on('getState', () => Promise.reject(new Error('no background')));
    app = startPage({ doc: document, request, onBroadcast, loadSettings, watchSettings, now: () => NOW, schedule, href: () => href, visibility: null });
    await frame();
    expect(hosts()).toHaveLength(0);
    expect(document.querySelector('acc-page-layer')).toBeNull();
    expect(document.querySelector('acc-nav-count')).toBeNull();

    on('refresh', async () => syncState([a]));
    emit('stateChanged', { state: syncState([a]), diff: { added: [a.id], decided: [], gone: [] } });
    await app.ready;
    await frame();
    expect(hosts()).toHaveLength(1);
  });
});

describe('pending rows', () => {
  it('puts one control group on every pending row, never twice, and leaves unknown rows alone', async () => {
    const a = makeAction({ approvalId: '1001', typeLabel: 'Isolate device', entityName: 'WS-FIN-042', asset: 'WS-FIN-042' });
    const b = makeAction({ approvalId: '1002' });
    const stranger = makeAction({ approvalId: '9999' });
    const body = buildPage([cells(a), cells(b), cells(stranger)]);
    await start([a, b]);
    expect(hosts()).toHaveLength(2);
    const first = hosts()[0]!;
    expect(first.parentElement?.classList.contains('ms-DetailsRow-fields')).toBe(true);
    // A grid row may only own cells: our host is one.
    expect(first.getAttribute('role')).toBe('gridcell');
    expect(first.previousElementSibling?.getAttribute('data-automation-key')).toBe('eventTime');
    expect(buttonIn(first, 'Approve').getAttribute('aria-label')).toBe('Approve: Isolate device on WS-FIN-042');
    expect(buttonIn(first, 'Reject').textContent).toBe('Reject');
    expect(shadowOf(first).querySelector('.acc-age')).not.toBeNull();
    expect(body.children[2]!.querySelector('acc-row-controls')).toBeNull();

    // Re-render batches (another frame, a full pass) do not inject again.
    app!.flush();
    href = `${href}&x=1`;
    body.append(el('span'));
    await frame();
    expect(hosts()).toHaveLength(2);
    expect(app!.counts()['action-center-pending-rows']).toBe(2);
  });

  it('mounts rows only once they come near the viewport, and keeps them after', async () => {
    const list = Array.from({ length: 6 }, (_, i) => makeAction({ approvalId: `${2000 + i}` }));
    const body = buildPage(list.map((a) => cells(a)));
    const watched = new Set<Element>();
    let show: (els: Element[]) => void = () => undefined;
    await start(list, {
      visibility: (onVisible) => {
        show = onVisible;
        return { watch: (el) => watched.add(el), unwatch: (el) => watched.delete(el), disconnect: () => watched.clear() };
      },
    });
    expect(hosts()).toHaveLength(0);
    expect(watched.size).toBe(6);
    const rows = [...body.children];
    show(rows.slice(0, 2));
    await frame();
    expect(hosts()).toHaveLength(2);
    expect(watched.size).toBe(4);
    show(rows.slice(4));
    await frame();
    expect(hosts()).toHaveLength(4);
    // A full re-check (state change) keeps what was shown and still waits for the rest.
    emit('stateChanged', { state: syncState(list), diff: { added: [], decided: [], gone: [] } });
    await frame();
    expect(hosts()).toHaveLength(4);
    rows[2]!.remove();
    await frame();
    expect(watched.has(rows[2]!)).toBe(false);
  });

  it('mounts the rows a batch finds already in view in that same batch, and watches only the others', async () => {
    const list = Array.from({ length: 6 }, (_, i) => makeAction({ approvalId: `${3000 + i}` }));
    const body = buildPage(list.map((a) => cells(a)));
    const watched = new Set<Element>();
    const inViewNow = new Set<Element>([...body.children].slice(0, 2));
    const asked: Element[][] = [];
    await start(list, {
      visibility: () => ({
        watch: (el) => watched.add(el),
        unwatch: (el) => watched.delete(el),
        nearNow: (els) => {
          asked.push([...els]);
          return els.map((el) => inViewNow.has(el));
        },
        disconnect: () => watched.clear(),
      }),
    });
    // No frame spent waiting for an IntersectionObserver: the first batch mounted the two rows in view.
    expect(hosts().map((h) => h.closest('[role="row"]'))).toEqual([...body.children].slice(0, 2));
    expect(watched.size).toBe(4);
    expect(asked).toHaveLength(1);

    // A re-render replaces the rows: the new ones in view get their controls in the batch that sees them.
    const fresh = list.map((a) => makeRow(cells(a)));
    inViewNow.clear();
    for (const row of fresh.slice(3, 5)) inViewNow.add(row);
    body.replaceChildren(...fresh);
    await settle();
    expect(frames.length).toBe(1);
    for (const run of frames.splice(0)) run();
    await settle();
    expect(hosts().map((h) => h.closest('[role="row"]'))).toEqual(fresh.slice(3, 5));
    // A full pass measures only the rows not seen yet.
    emit('stateChanged', { state: syncState(list), diff: { added: [], decided: [], gone: [] } });
    await frame();
    expect(asked.at(-1)).toEqual([fresh[0], fresh[1], fresh[2], fresh[5]]);
    expect(hosts()).toHaveLength(2);
  });

  it('pins row controls and paints them with their row’s background, read before they are mounted and kept up to date', async () => {
    const a = makeAction({ approvalId: '1001' });
    const body = buildPage([cells(a)]);
    const row = body.children[0] as HTMLElement;
    row.style.backgroundColor = 'rgb(255, 255, 255)';
    await start([a]);
    const host = hosts()[0]!;
    expect(host.hasAttribute('data-acc-pin')).toBe(true);
    expect(host.style.getPropertyValue('--acc-row-bg')).toBe('rgb(255, 255, 255)');
    // The portal selects the row: the selection attribute makes a batch, which reads the new colour.
    row.style.backgroundColor = 'rgb(237, 235, 233)';
    row.setAttribute('aria-selected', 'true');
    await frame();
    expect(host.style.getPropertyValue('--acc-row-bg')).toBe('rgb(237, 235, 233)');
    expect(hosts()).toEqual([host]);
  });

  it('removes the controls when their row goes, and puts them on a row that arrives', async () => {
    const a = makeAction({ approvalId: '1001' });
    const b = makeAction({ approvalId: '1002' });
    const body = buildPage([cells(a)]);
    await start([a, b]);
    expect(hosts()).toHaveLength(1);
    body.children[0]!.remove();
    await frame();
    expect(hosts()).toHaveLength(0);
    expect(app!.counts()['action-center-pending-rows']).toBe(0);
    body.append(makeRow(cells(b)));
    await frame();
    expect(hosts()).toHaveLength(1);
    expect(buttonIn(hosts()[0]!, 'Approve').getAttribute('aria-label')).toContain(b.entityName);
  });

  it('moves a row’s controls to the row the portal rebuilt for the same action, instead of building them again', async () => {
    const a = makeAction({ approvalId: '1001', entityName: 'alpha' });
    const b = makeAction({ approvalId: '1002', entityName: 'bravo' });
    const c = makeAction({ approvalId: '1003', entityName: 'charlie' });
    const body = buildPage([cells(a), cells(b)]);
    await start([a, b, c]);
    const [hostA, hostB] = hosts();
    expect(hostA).toBeDefined();

    // A re-render: every row node is new, one action is gone from the list and another one came.
    const fresh = [makeRow(cells(c)), makeRow(cells(a))];
    body.replaceChildren(...fresh);
    await frame();
    const after = hosts();
    expect(after.map((h) => h.closest('[role="row"]'))).toEqual(fresh);
    // The same action keeps its host and its rendered controls; the new one gets its own; the gone one's is unmounted.
    expect(after[1]).toBe(hostA);
    expect(buttonIn(after[1]!, 'Approve').getAttribute('aria-label')).toContain('alpha');
    expect(after[0]).not.toBe(hostB);
    expect(buttonIn(after[0]!, 'Approve').getAttribute('aria-label')).toContain('charlie');
    expect(hostB!.isConnected).toBe(false);
    expect(shadowOf(hostB!).childElementCount).toBe(0);
    expect(app!.counts()['action-center-pending-rows']).toBe(2);
  });

  it('re-checks recycled rows: a row node that now shows another action gets that action, or nothing', async () => {
    const a = makeAction({ approvalId: '1001', entityName: 'alpha' });
    const b = makeAction({ approvalId: '1002', entityName: 'bravo' });
    const body = buildPage([cells(a)]);
    await start([a, b]);
    const row = body.children[0]!;
    expect(buttonIn(hosts()[0]!, 'Approve').getAttribute('aria-label')).toContain('alpha');

    setCell(row, 'bulkId', '1002');
    await frame();
    expect(hosts()).toHaveLength(1);
    expect(buttonIn(hosts()[0]!, 'Approve').getAttribute('aria-label')).toContain('bravo');

    setCell(row, 'bulkId', '5555');
    await frame();
    expect(hosts()).toHaveLength(0);
  });

  it('puts the host back when the portal re-renders the cells and drops it', async () => {
    const a = makeAction({ approvalId: '1001' });
    const body = buildPage([cells(a)]);
    await start([a]);
    const fields = body.querySelector('.ms-DetailsRow-fields')!;
    fields.replaceChildren(...[...fields.children].filter((c) => c.tagName !== 'ACC-ROW-CONTROLS'));
    await frame();
    expect(hosts()).toHaveLength(1);
    expect(fields.querySelectorAll('acc-row-controls')).toHaveLength(1);
  });

  it('shows no controls on a row the portal already shows decided', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([{ ...cells(a), actionDecision: 'Approved' }]);
    await start([a]);
    expect(hosts()).toHaveLength(0);
  });

  it('does nothing on the History tab, and nothing when the layout is unknown', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)], { tab: 'History' });
    href = 'https://security.microsoft.com/action-center';
    await start([a]);
    expect(hosts()).toHaveLength(0);
    document.body.replaceChildren(el('div', {}, 'A redesigned portal'));
    await frame();
    expect(document.body.querySelectorAll('acc-row-controls, acc-flyout-controls, acc-nav-count')).toHaveLength(0);
  });

  it('reports the row controls working, and off (no controls) once the grid shows no id column it can recognise', async () => {
    const a = makeAction({ approvalId: '1001', investigationId: '7', typeLabel: 'Isolate device', asset: 'WS-1' });
    const b = makeAction({ approvalId: '1002', investigationId: '7', typeLabel: 'Run antivirus scan', asset: 'WS-1' });
    const reports: string[] = [];
    const body = buildPage([cells(a), cells(b)]);
    await start([a, b], { onCompat: (id, status) => reports.push(`${id}:${status}`) });
    expect(hosts()).toHaveLength(2);
    expect(reports).toContain('action-center-pending-rows:worked');

    // A redesign drops the Approval ID column: investigation, type and asset would still single the rows out,
    // but without the ids we do not guess.
    reports.length = 0;
    const header = document.querySelector('.ms-DetailsHeader')!;
    header.append(el('div', { role: 'columnheader', 'data-item-key': 'redesigned' }));
    for (const cell of body.querySelectorAll('[data-automation-key="bulkId"]')) cell.remove();
    await frame();
    expect(hosts()).toHaveLength(0);
    expect(reports).toContain('action-center-pending-rows:missing');
  });

  it('never changes portal nodes: only our hosts are added', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    const before = document.body.cloneNode(true) as HTMLElement;
    await start([a]);
    const after = document.body.cloneNode(true) as HTMLElement;
    for (const own of after.querySelectorAll('acc-row-controls, acc-nav-count, acc-page-layer')) own.remove();
    expect(after.isEqualNode(before)).toBe(true);
  });

  it('shows a hostile entity name as text', async () => {
    const evil = '<img src=x onerror="alert(1)">WS-<b>1</b>';
    const a = makeAction({ approvalId: '1001', entityName: evil });
    buildPage([cells(a)]);
    await start([a]);
    const root = shadowOf(hosts()[0]!);
    expect(root.querySelector('img, b')).toBeNull();
    expect(buttonIn(hosts()[0]!, 'Approve').getAttribute('aria-label')).toBe(`Approve: ${a.typeLabel} on ${evil}`);
  });

  it('stops clicks on our buttons from reaching the row', async () => {
    const a = makeAction({ approvalId: '1001' });
    const body = buildPage([cells(a)]);
    await start([a]);
    const rowClicks = vi.fn();
    body.addEventListener('click', rowClicks);
    buttonIn(hosts()[0]!, 'Reject').click();
    expect(rowClicks).not.toHaveBeenCalled();
  });
});

/** An event as a portal script would dispatch it: isTrusted false (happy-dom events are trusted in these tests). */
function untrusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: false });
  return event;
}

describe('input from page scripts', () => {
  it('ignores synthetic clicks on Approve and Reject (confirmation off): nothing is sent', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    on('decide', async (req) => report(req.actionIds, 'applied'));
    for (const verb of ['Approve', 'Reject'] as const) {
      buttonIn(hosts()[0]!, verb).dispatchEvent(untrusted(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true })));
    }
    await frame();
    expect(dialog()).toBeNull();
    expect(calls('decide')).toHaveLength(0);
    // The analyst's own click still works.
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    expect(calls('decide')).toHaveLength(1);
  });

  it('ignores a synthetic confirm, submit or Escape in the confirmation dialog', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a]);
    on('decide', async (req) => report(req.actionIds, 'applied'));
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    const d = dialog()!;
    const confirm = d.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    confirm.dispatchEvent(untrusted(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true })));
    d.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    d.dispatchEvent(untrusted(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })));
    await frame();
    expect(calls('decide')).toHaveLength(0);
    expect(dialog()).not.toBeNull();
    confirm.click();
    await frame();
    expect(calls('decide')).toHaveLength(1);
  });
});

describe('decisions', () => {
  it('approves with a comment after confirmation: one request, then the row shows the outcome', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    const refresh = vi.fn();
    await start([a]);
    document.querySelector('main')!.prepend(el('button', { 'aria-label': 'Refresh' }));
    document.querySelector('button[aria-label="Refresh"]')!.addEventListener('click', refresh);
    let answer: (r: DecisionReport) => void = () => undefined;
    on('decide', () => new Promise((resolve) => (answer = resolve)));

    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    const d = dialog()!;
    expect(d.textContent).toContain(a.typeLabel);
    type(d.querySelector('textarea')!, '  Confirmed with the device owner  ');
    await frame();
    const confirm = d.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    confirm.click();
    confirm.click();
    await frame();
    expect(calls('decide')).toEqual([{ actionIds: [a.id], verdict: 'approve', comment: 'Confirmed with the device owner', surface: 'portal' }]);
    // Locked while in flight.
    expect(buttonIn(hosts()[0]!, 'Approve').getAttribute('aria-disabled')).toBe('true');
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    expect(calls('decide')).toHaveLength(1);

    answer(report([a.id], 'applied'));
    await frame();
    expect(dialog()).toBeNull();
    const root = shadowOf(hosts()[0]!);
    expect(root.querySelector('button')).toBeNull();
    expect(root.textContent).toContain('Approved ✓ by you');
    expect(layer().querySelector('[role="status"]')?.textContent).toContain('Approved ✓ by you');

    // The portal's own Refresh is clicked once the outcome has shown.
    await new Promise((r) => setTimeout(r, 5));
    expect(refresh).toHaveBeenCalledTimes(1);

    // The background drops it from pending: the row keeps the outcome, never a stale Approve.
    emit('stateChanged', { state: syncState([]), diff: { added: [], decided: [a.id], gone: [] } });
    await frame();
    expect(hosts()).toHaveLength(1);
    expect(shadowOf(hosts()[0]!).textContent).toContain('Approved ✓ by you');
  });

  it('sends one request for a double click when confirmation is off', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    on('decide', async (req) => report(req.actionIds, 'applied'));
    const approve = buttonIn(hosts()[0]!, 'Approve');
    approve.click();
    approve.click();
    await frame();
    expect(dialog()).toBeNull();
    expect(calls('decide')).toHaveLength(1);
    expect(calls('decide')[0]).toMatchObject({ comment: '', verdict: 'approve', surface: 'portal' });
  });

  it('refuses Reject without the required comment', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a]);
    on('decide', async (req) => report(req.actionIds, 'applied'));
    buttonIn(hosts()[0]!, 'Reject').click();
    await frame();
    const d = dialog()!;
    const confirm = d.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(confirm.disabled).toBe(true);
    confirm.click();
    await commentAndSubmit(d, 'False positive', 0);
    expect(calls('decide')).toEqual([{ actionIds: [a.id], verdict: 'reject', comment: 'False positive', surface: 'portal' }]);
    expect(shadowOf(hosts()[0]!).textContent).toContain('Rejected ✓ by you');
  });

  it('isolating a device asks for a comment with requireCommentForDestructive on, even with confirmation off; a scan does not', async () => {
    const isolate = makeAction({ approvalId: '1001', type: 'IsolateResponse' });
    const scan = makeAction({ approvalId: '1002', type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan' });
    buildPage([cells(isolate), cells(scan)]);
    await start([isolate, scan], { settings: { confirmApprove: false, confirmDestructive: false, requireCommentForDestructive: true } });
    on('decide', async (req) => report(req.actionIds, 'applied'));
    buttonIn(hosts()[1]!, 'Approve').click();
    await frame();
    expect(dialog()).toBeNull();
    expect(calls('decide')).toEqual([{ actionIds: [scan.id], verdict: 'approve', comment: '', surface: 'portal' }]);
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    const d = dialog()!;
    expect(d.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).toBe(true);
    await commentAndSubmit(d, 'Confirmed compromise', 1);
    expect(calls('decide')[1]).toEqual({ actionIds: [isolate.id], verdict: 'approve', comment: 'Confirmed compromise', surface: 'portal' });
  });

  it('cancels without sending', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a]);
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    [...dialog()!.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!.click();
    await frame();
    expect(dialog()).toBeNull();
    expect(calls('decide')).toHaveLength(0);
    expect(buttonIn(hosts()[0]!, 'Approve').getAttribute('aria-disabled')).toBeNull();
  });

  const faults: [PortalErrorKind, number, string][] = [
    ['SignedOut', 401, ERROR_HEADLINES.SignedOut],
    ['Forbidden', 403, ERROR_HEADLINES.Forbidden],
    ['RateLimited', 429, `${ERROR_HEADLINES.RateLimited} — try again in 30 s`],
    ['Unsupported', 404, ERROR_HEADLINES.Unsupported],
  ];

  it.each(faults)('shows %s inline, no success, and the controls usable again', async (kind, status, text) => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    const error = portalError(kind, `HTTP ${status}`, { status, ...(kind === 'RateLimited' ? { retryAfterMs: 30_000 } : {}) });
    const outcome = kind === 'Unsupported' ? 'unsupported' : 'notApplied';
    on('decide', async (req) => ({
      error,
      results: req.actionIds.map((actionId) => ({ actionId, outcome, decidedBy: null, message: error.message, error })),
    }));
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    const root = shadowOf(hosts()[0]!);
    // The headline, and what to do next (Unsupported's headline is its own next step).
    const nextStep = kind === 'Unsupported' ? '' : ' — Still pending: try again, or decide it in the portal.';
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(`${text}${nextStep}`);
    expect(root.textContent).not.toContain('✓');
    const approve = buttonIn(hosts()[0]!, 'Approve');
    expect(approve.getAttribute('aria-disabled')).toBeNull();
    // Usable: a second attempt sends again.
    on('decide', async (req) => report(req.actionIds, 'applied'));
    approve.click();
    await frame();
    expect(calls('decide')).toHaveLength(2);
    expect(shadowOf(hosts()[0]!).textContent).toContain('Approved ✓ by you');
  });

  it('says who decided first on a conflict, and offers no stale Approve', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    const error = portalError('Conflict', 'HTTP 409', { status: 409 });
    on('decide', async (req) => ({
      error,
      results: req.actionIds.map((actionId) => ({ actionId, outcome: 'alreadyDecided', decidedBy: 'bob@contoso.com', message: '', error })),
    }));
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    const root = shadowOf(hosts()[0]!);
    expect(root.textContent).toContain(`${ERROR_HEADLINES.Conflict} (by bob@contoso.com)`);
    expect(root.querySelector('button')).toBeNull();
  });

  /** The row's state text, and whether it still offers Approve. */
  const rowNow = () => {
    const root = shadowOf(hosts()[0]!);
    return { state: root.querySelector('.acc-state')?.textContent ?? null, approve: root.querySelector('button[aria-label^="Approve:"]') !== null };
  };

  it('a background that died mid-decision: sent, waiting for the portal, row locked until a read says what happened', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    on('decide', () => Promise.reject(new Error('Extension context invalidated')));
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    expect(rowNow()).toEqual({ state: 'Sent, waiting for the portal', approve: false });
    expect(shadowOf(hosts()[0]!).textContent).not.toMatch(/Nothing was sent|✓/);
    // A read that still lists it pending does not prove it failed (the portal may apply it later): still locked.
    emit('stateChanged', { state: syncState([a]), diff: { added: [], decided: [], gone: [] } });
    await frame();
    expect(rowNow()).toEqual({ state: 'Sent, waiting for the portal', approve: false });
    // The read that no longer lists it says it is decided: never "Approved ✓" without the portal's confirmation.
    emit('stateChanged', { state: syncState([]), diff: { added: [], decided: [a.id], gone: [] } });
    await frame();
    expect(rowNow()).toEqual({ state: 'No longer pending', approve: false });
    expect(calls('decide')).toHaveLength(1);
  });

  it('a lost answer (timeout, 5xx) is sent, waiting for the portal, not a failure that re-offers Approve', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    const error = portalError('Unavailable', 'The portal had a problem (HTTP 503).', { status: 503 });
    on('decide', async (req) => ({
      error,
      results: req.actionIds.map((actionId) => ({ actionId, outcome: 'pendingConfirmation', decidedBy: null, message: 'Sent, waiting for the portal: HTTP 503', error })),
    }));
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    expect(rowNow()).toEqual({ state: 'Sent, waiting for the portal', approve: false });
  });

  it('another surface’s opposite verdict on a decision in flight reads "already being decided", not success', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    on('decide', async (req) =>
      decisionReport(req.actionIds, 'alreadyDecided', { decidedBy: null, message: 'Already being decided: rejected by you a moment ago' }),
    );
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    expect(rowNow()).toEqual({ state: 'Already being decided: rejected by you a moment ago', approve: false });
  });

  it('shows decisions made from the popup, and marks vanished actions without a stale Approve', async () => {
    const a = makeAction({ approvalId: '1001' });
    const b = makeAction({ approvalId: '1002' });
    buildPage([cells(a), cells(b)]);
    await start([a, b]);
    const request: DecisionRequest = { actionIds: [a.id], verdict: 'reject', comment: 'x', surface: 'popup' };
    emit('decided', { request, report: report([a.id], 'applied') });
    emit('stateChanged', { state: syncState([]), diff: { added: [], decided: [a.id], gone: [b.id] } });
    await frame();
    const [ha, hb] = hosts();
    expect(shadowOf(ha!).textContent).toContain('Rejected ✓ by you');
    expect(shadowOf(hb!).textContent).toContain('No longer pending');
    expect(shadowOf(hb!).querySelector('button')).toBeNull();
  });
});

describe('other features', () => {
  it('counts pending actions beside the Action center link', async () => {
    const list = [makeAction({ approvalId: '1' }), makeAction({ approvalId: '2' }), makeAction({ approvalId: '3' })];
    buildPage([]);
    href = 'https://security.microsoft.com/incidents';
    await start(list);
    const hostEl = document.querySelector('acc-nav-count')!;
    expect(hostEl.previousElementSibling?.getAttribute('href')).toBe('/action-center?tid=t');
    expect(shadowOf(hostEl).textContent).toContain('3 pending actions');
    emit('stateChanged', { state: syncState(list.slice(0, 1)), diff: { added: [], decided: [], gone: [] } });
    await frame();
    expect(shadowOf(hostEl).textContent).toContain('1 pending action');
  });

  it('counts beside the link in a role=navigation pane, then beside its group button while the group is collapsed', async () => {
    const list = [makeAction({ approvalId: '1' }), makeAction({ approvalId: '2' })];
    const link = el('a', { href: '/action-center' }, 'Info-Center');
    const panel = el('ul', { id: 'g-actions' }, el('li', {}, link));
    const group = el('button', { 'aria-expanded': 'true', 'aria-controls': 'g-actions' }, 'Aktionen');
    const other = el('button', { 'aria-expanded': 'false', 'aria-controls': 'g-other' }, 'Andere');
    document.body.replaceChildren(el('div', { role: 'navigation' }, el('ul', {}, el('li', {}, el('div', {}, group), panel), el('li', {}, el('div', {}, other)))));
    href = 'https://security.microsoft.com/incidents';
    await start(list);
    const counts = () => [...document.querySelectorAll('acc-nav-count')].map((h) => h.previousElementSibling);
    expect(counts()).toEqual([link]);

    // Collapsed: the link is not rendered; the count goes beside the group that held it, not beside another group.
    group.setAttribute('aria-expanded', 'false');
    panel.remove();
    await frame();
    expect(counts()).toEqual([group]);
    expect(shadowOf(document.querySelector('acc-nav-count')!).textContent).toContain('2 pending actions');

    group.setAttribute('aria-expanded', 'true');
    group.parentElement!.after(panel);
    await frame();
    expect(counts()).toEqual([link]);
  });

  /** A Fluent Panel footer: Open investigation page, and the portal's own Approve (primary) and Reject when pending. */
  function flyoutPanel(approvalId: string, buttons: HTMLElement[]): HTMLElement {
    return el(
      'div',
      { role: 'dialog', class: 'ms-Panel' },
      el('dl', {}, el('dt', {}, 'Approval ID'), el('dd', {}, approvalId)),
      el('div', { class: 'ms-Panel-footer' }, el('div', { class: 'buttons' }, ...buttons)),
    );
  }

  it('beside the portal’s own Approve/Reject the flyout offers no second pair, and shows the row’s state', async () => {
    const a = makeAction({ approvalId: '1001', entityName: 'WS-FIN-042' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    const panel = flyoutPanel('1001', [el('button', { class: 'ms-Button' }, 'Open investigation page'), el('button', { class: 'ms-Button' }, 'Approve'), el('button', { class: 'ms-Button' }, 'Reject')]);
    document.body.append(panel);
    await frame();
    const hostEl = document.querySelector('acc-flyout-controls')!;
    expect(hostEl.previousElementSibling).toBe(panel.querySelector('.buttons'));
    expect(shadowOf(hostEl).querySelectorAll('button')).toHaveLength(0);
    expect(shadowOf(hostEl).querySelector('.acc-age')).not.toBeNull();
    // A decision from the row shows in the flyout too.
    on('decide', async (req) => report(req.actionIds, 'applied'));
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    expect(shadowOf(hostEl).textContent).toContain('Approved ✓ by you');
    panel.remove();
    await frame();
    expect(document.querySelector('acc-flyout-controls')).toBeNull();
  });

  it('recognises the portal’s own decision buttons by structure in any language (a Fluent primary button in the footer group)', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a]);
    const japanese = flyoutPanel('1001', [el('button', { class: 'ms-Button' }, '調査ページを開く'), el('button', { class: 'ms-Button ms-Button--primary' }, '承認'), el('button', { class: 'ms-Button' }, '拒否')]);
    document.body.append(japanese);
    await frame();
    expect(shadowOf(document.querySelector('acc-flyout-controls')!).querySelectorAll('button')).toHaveLength(0);
  });

  it('offers its own Approve/Reject in a flyout whose buttons it cannot tell for the portal’s decision, sharing the row state', async () => {
    const a = makeAction({ approvalId: '1001', entityName: 'WS-FIN-042' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    const panel = flyoutPanel('1001', [el('button', {}, 'Open investigation page'), el('button', {}, 'Close')]);
    document.body.append(panel);
    await frame();
    const hostEl = document.querySelector('acc-flyout-controls')!;
    on('decide', async (req) => report(req.actionIds, 'applied'));
    buttonIn(hostEl, 'Approve').click();
    await frame();
    expect(shadowOf(hostEl).textContent).toContain('Approved ✓ by you');
    expect(shadowOf(hosts()[0]!).textContent).toContain('Approved ✓ by you');
  });

  it('renders the flyout confirmation inside the flyout (its focus trap)', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a]);
    const panel = el('div', { role: 'dialog' }, el('span', { 'data-automation-key': 'bulkId' }, '1001'), el('div', {}, el('button', {}, 'Open'), el('button', {}, 'Close')));
    document.body.append(panel);
    await frame();
    const hostEl = document.querySelector('acc-flyout-controls')!;
    buttonIn(hostEl, 'Approve').click();
    await frame();
    expect(shadowOf(hostEl).querySelector('[role="dialog"]')).not.toBeNull();
    expect(dialog()).toBeNull();
  });

  it('shows the investigation Pending actions tab rows and the summary chip', async () => {
    const mine = makeAction({ approvalId: null, investigationId: '77', typeLabel: 'Quarantine a file', asset: null, entityName: 'evil.exe' });
    const other = makeAction({ approvalId: '2', investigationId: '77' });
    const elsewhere = makeAction({ approvalId: '3', investigationId: '78' });
    href = 'https://security.microsoft.com/investigation/77?tid=t';
    const body = el('div', { role: 'rowgroup' }, makeRow({ actionType: 'Quarantine a file', computerName: '' }), makeRow({ bulkId: '3' }));
    const tablist = el(
      'div',
      { role: 'tablist' },
      el('button', { role: 'tab', 'aria-selected': 'false' }, 'Summary'),
      el('button', { role: 'tab', 'aria-selected': 'true' }, 'Pending actions'),
      el('button', { role: 'tab', 'aria-selected': 'false' }, 'Pending actions history'),
    );
    document.body.replaceChildren(el('main', {}, tablist, el('div', { role: 'grid' }, body)));
    await start([mine, other, elsewhere]);
    expect(hosts('acc-inv-row-controls')).toHaveLength(1);
    expect(buttonIn(hosts('acc-inv-row-controls')[0]!, 'Approve').getAttribute('aria-label')).toContain('evil.exe');
    const chip = document.querySelector('acc-inv-summary')!;
    expect(chip.previousElementSibling).toBe(tablist);
    expect(shadowOf(chip).textContent).toContain('2 pending in this investigation');

    // Switching to another tab takes the row controls away.
    tablist.children[1]!.setAttribute('aria-selected', 'false');
    tablist.children[2]!.setAttribute('aria-selected', 'true');
    await frame();
    expect(hosts('acc-inv-row-controls')).toHaveLength(0);
  });

  it('marks History rows decided through the extension', async () => {
    const a = makeAction({ approvalId: '1001' });
    const b = makeAction({ approvalId: '1002' });
    await history([a, b, makeAction({ approvalId: '1003' })], [a, b]);
    const marks = hosts('acc-history-mark');
    expect(marks.map((m) => m.closest('[role="row"]')?.querySelector('[data-automation-key="bulkId"]')?.textContent)).toEqual(['1001', '1002']);
    expect(shadowOf(marks[0]!).textContent).toBe('via Companion');
  });

  it('marks nothing on History while only one visible row says which column holds the ids (no guess)', async () => {
    const a = makeAction({ approvalId: '1001' });
    await history([a, makeAction({ approvalId: '1002' }), makeAction({ approvalId: '1003' })], [a]);
    expect(hosts('acc-history-mark')).toHaveLength(0);
  });
});

describe('isolation', () => {
  it('a feature that throws is switched off with its hosts removed; the others carry on', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    let explode = false;
    const fragile: Feature<object> = {
      id: 'fragile',
      hostTag: 'acc-fragile',
      selector: '[role="row"].ms-DetailsRow',
      applies: () => true,
      resolve(row) {
        if (explode) throw new Error('portal changed');
        return { key: 'k', props: {}, at: { parent: row, before: null } };
      },
      view: () => <span>fragile</span>,
    };
    const errors: string[] = [];
    await start([a], { features: [fragile, ...FEATURES], onFeatureError: (id) => errors.push(id) });
    expect(document.querySelectorAll('acc-fragile')).toHaveLength(1);
    expect(hosts()).toHaveLength(1);

    explode = true;
    app!.flush();
    document.querySelector('[role="rowgroup"]:last-child')!.append(el('span'));
    await frame();
    app!.store.set({ now: NOW + 1 });
    emit('stateChanged', { state: syncState([a]), diff: { added: [], decided: [], gone: [] } });
    await frame();
    expect(errors).toEqual(['fragile']);
    expect(app!.failedFeatures()).toEqual(['fragile']);
    expect(document.querySelectorAll('acc-fragile')).toHaveLength(0);
    expect(hosts()).toHaveLength(1);
    expect(buttonIn(hosts()[0]!, 'Approve')).toBeTruthy();
  });

  it('a feature whose render throws is isolated too', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    function Boom(): never {
      throw new Error('render failed');
    }
    const broken: Feature<object> = {
      id: 'broken',
      hostTag: 'acc-broken',
      selector: 'nav',
      applies: () => true,
      resolve: (nav) => ({ key: 'k', props: {}, at: { parent: nav, before: null } }),
      view: () => <Boom />,
    };
    const errors: string[] = [];
    await start([a], { features: [broken, ...FEATURES], onFeatureError: (id) => errors.push(id) });
    await frame();
    expect(errors).toEqual(['broken']);
    expect(document.querySelector('acc-broken')).toBeNull();
    expect(hosts()).toHaveLength(1);
  });

  it('stop() removes everything it added', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a]);
    app!.stop();
    app = null;
    expect(document.querySelectorAll('acc-row-controls, acc-nav-count, acc-page-layer')).toHaveLength(0);
  });
});

describe('issue 19: announcements and focus in the portal page', () => {
  function deepActive(): Element | null {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  function statusTexts(): string[] {
    const roots: ParentNode[] = [layer(), ...hosts().map(shadowOf)];
    return roots.flatMap((r) => [...r.querySelectorAll('[role="status"]')].map((n) => n.textContent ?? ''));
  }

  it('after a decision on a row, focus goes to the row’s new state, not to <body>', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    on('decide', async (req) => report(req.actionIds, 'applied'));
    const approve = buttonIn(hosts()[0]!, 'Approve');
    approve.focus();
    approve.click();
    await frame();
    const active = deepActive();
    expect(active?.textContent).toContain('Approved ✓ by you');
    expect(active?.getRootNode()).toBe(shadowOf(hosts()[0]!));
  });

  it('after a decision that waits for the portal, focus goes to the row’s state too', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    on('decide', async (req) => report(req.actionIds, 'pendingConfirmation'));
    const approve = buttonIn(hosts()[0]!, 'Approve');
    approve.focus();
    approve.click();
    await frame();
    expect(deepActive()?.textContent).toContain('Sent, waiting for the portal');
  });

  it('marks a containment action in its portal row (icon, and the word for screen readers and the tooltip)', async () => {
    const isolate = makeAction({ approvalId: '1001', type: 'IsolateResponse' });
    const scan = makeAction({ approvalId: '1002', type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan' });
    buildPage([cells(isolate), cells(scan)]);
    await start([isolate, scan]);
    const [first, second] = hosts().map(shadowOf);
    const mark = first!.querySelector('.acc-impact');
    expect(mark?.textContent).toContain('Containment');
    expect(mark?.getAttribute('title')).toBe('Containment');
    expect(mark?.querySelector('[aria-hidden="true"]')?.textContent).toBe('⊘');
    expect(second!.querySelector('.acc-impact')).toBeNull();
  });

  it('says "Sending decision…" once while a confirmed decision is on the wire', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a]);
    let answer: (r: DecisionReport) => void = () => undefined;
    on('decide', () => new Promise((resolve) => (answer = resolve)));
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    dialog()!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await frame();
    expect(statusTexts().filter((t) => t.includes('Sending decision'))).toHaveLength(1);
    answer(report([a.id], 'applied'));
    await frame();
  });
});

describe('issue 19: grid integrity, the flyout, row errors within the cell', () => {
  function declareColumns(n: number): HTMLElement {
    const grid = document.querySelector<HTMLElement>('[role="grid"]')!;
    grid.setAttribute('aria-colcount', String(n));
    return grid;
  }

  it('counts our pinned column in the grid’s declared aria-colcount, names its index, and gives the portal’s count back', async () => {
    const a = makeAction({ approvalId: '1001' });
    const b = makeAction({ approvalId: '1002' });
    const c = makeAction({ approvalId: '1003' });
    const body = buildPage([cells(a), cells(b)]);
    const grid = declareColumns(8);
    await start([a, b, c]);
    expect(grid.getAttribute('aria-colcount')).toBe('9');
    expect(hosts().map((h) => h.getAttribute('aria-colindex'))).toEqual(['9', '9']);

    // The portal sets its own count again (a re-render with another column set): mirrored, +1.
    grid.setAttribute('aria-colcount', '10');
    body.append(makeRow(cells(c)));
    await frame();
    expect(hosts()).toHaveLength(3);
    expect(grid.getAttribute('aria-colcount')).toBe('11');
    expect(hosts().map((h) => h.getAttribute('aria-colindex'))).toEqual(['11', '11', '11']);

    // Our last cell gone: the portal's own count is back.
    app!.stop();
    app = null;
    expect(grid.getAttribute('aria-colcount')).toBe('10');
    expect(grid.hasAttribute('data-acc-colcount')).toBe(false);
  });

  it('leaves a grid that declares no column count (or -1, unknown) as it is', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    const grid = declareColumns(-1);
    await start([a]);
    expect(hosts()).toHaveLength(1);
    expect(grid.getAttribute('aria-colcount')).toBe('-1');
    expect(hosts()[0]!.hasAttribute('aria-colindex')).toBe(false);
  });

  it('shows a row error in the age and expiry slots, focusable, with the whole text and the next step in a popover', async () => {
    const a = makeAction({ approvalId: '1001' });
    buildPage([cells(a)]);
    await start([a], { settings: { confirmApprove: false, confirmDestructive: false } });
    const error = portalError('Unavailable', 'HTTP 503', { status: 503 });
    on('decide', async (req) => ({ error, results: req.actionIds.map((actionId) => ({ actionId, outcome: 'notApplied' as const, decidedBy: null, message: '', error })) }));
    buttonIn(hosts()[0]!, 'Approve').click();
    await frame();
    const root = shadowOf(hosts()[0]!);
    const message = root.querySelector<HTMLElement>('.acc-ctl__msg--row')!;
    const whole = `${ERROR_HEADLINES.Unavailable} — Still pending: try again, or decide it in the portal.`;
    expect(message.getAttribute('role')).toBe('alert');
    expect(message.textContent).toBe(whole);
    expect(message.tabIndex).toBe(0);
    expect(root.querySelector('.acc-tip')?.textContent).toBe(whole);
    expect(root.querySelector('.acc-tip')?.getAttribute('popover')).toBe('manual');
    // It takes the age and expiry slots (the cell keeps its width); Approve and Reject stay to try again.
    const shown = root.querySelector('.acc-ctl:not(.acc-cell__width)')!;
    expect(shown.querySelector('.acc-age, .acc-expiry-slot, .acc-expiry')).toBeNull();
    expect(buttonIn(hosts()[0]!, 'Reject').getAttribute('aria-disabled')).toBeNull();
  });
});

function audited(a: Action): AuditEntry {
  return {
    id: `e-${a.id}`,
    actionId: a.id,
    verdict: 'approve',
    comment: '',
    surface: 'portal',
    requestedAt: NOW,
    completedAt: NOW,
    outcome: 'applied',
    serverStatus: 'Approved',
    analyst: 'me',
    message: '',
    action: { type: a.type, typeLabel: a.typeLabel, entityType: a.entityType, entityName: a.entityName, investigationId: a.investigationId, approvalId: a.approvalId },
  };
}

async function history(rows: Action[], decidedByUs: Action[]) {
  buildPage(
    rows.map((r) => ({ ...cells(r), actionDecision: 'Approved' })),
    { tab: 'History' },
  );
  href = 'https://security.microsoft.com/action-center/history';
  on('listAudit', async () => decidedByUs.map(audited));
  on('getState', async () => syncState([]));
  on('refresh', async () => syncState([]));
  app = startPage({ doc: document, request, onBroadcast, loadSettings, watchSettings, now: () => NOW, schedule, href: () => href, visibility: null });
  await app.ready;
  await frame();
  await frame();
}
describe('issue 15: every word of the injected UI comes from locales/en.yml', () => {
  /** Every shadow root of ours on the page (rows, header, flyout, nav count, chips, marks, the page layer). */
  function ownRoots(): ShadowRoot[] {
    return [...document.querySelectorAll('*')].filter((e) => e.tagName.startsWith('ACC-') && e.shadowRoot).map((e) => e.shadowRoot!);
  }

  function ours(root: ShadowRoot): DocumentFragment {
    const copy = document.createDocumentFragment();
    for (const node of root.childNodes) copy.append(node.cloneNode(true));
    return copy;
  }

  /** Portal data our UI shows as text: the fixture's types, entity names and ids. */
  function dataOf(actions: readonly Action[]): string[] {
    // Not typeLabel: the type is shown in our own (localised) words, so an English type label is a leak.
    return actions.flatMap((a) => [a.entityName, a.approvalId ?? '', a.investigationId ?? '']);
  }

  /** Approve by its style, not its (pseudo-localised) name. */
  function approveIn(host: Element): HTMLButtonElement {
    const b = shadowOf(host).querySelector<HTMLButtonElement>('button.acc-btn--primary');
    if (!b) throw new Error('no Approve button');
    return b;
  }

  function withHeader(): void {
    const header = document.querySelector('.ms-DetailsHeader')!;
    header.append(el('div', { role: 'columnheader' }, 'Approval ID'), el('div', { role: 'columnheader' }, 'Action update time'));
  }

  function decideAs(outcomes: Record<string, 'applied' | 'pendingConfirmation' | 'notApplied'>) {
    const error = portalError('Unavailable', 'HTTP 503', { status: 503 });
    on('decide', async (req) => ({
      error: null,
      results: req.actionIds.map((actionId) => {
        const outcome = outcomes[actionId] ?? 'applied';
        return { actionId, outcome, decidedBy: null, message: '', error: outcome === 'notApplied' ? error : null };
      }),
    }));
  }

  it('Action center rows in every state, their header, the flyout, the nav count and the confirmation', async () => {
    usePseudoLocale();
    const done = makeAction({ approvalId: '1001', typeLabel: 'Isolate device', entityName: 'WS-FIN-042' });
    const waiting = makeAction({ approvalId: '1002', type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', entityName: 'WS-2' });
    const failing = makeAction({ approvalId: '1003', typeLabel: 'Quarantine a file', entityName: 'evil.exe', createdAt: NOW - 6 * 86_400_000 });
    const fresh = makeAction({ approvalId: '1004', type: 'SoftDeleteEmailResponse', typeLabel: 'Soft delete email messages or clusters', entityType: 'MailMessage', entityName: 'Overdue invoice #88213' });
    const all = [done, waiting, failing, fresh];
    buildPage(all.map((a) => cells(a)));
    withHeader();
    await start(all, { settings: { confirmApprove: false, confirmDestructive: false } });
    decideAs({ [done.id]: 'applied', [waiting.id]: 'pendingConfirmation', [failing.id]: 'notApplied' });
    for (const a of [done, waiting, failing]) {
      approveIn(hosts()[all.indexOf(a)]!).click();
      await frame();
    }
    // Flyouts: beside the portal's own buttons (a hint, no second pair), and without them (our buttons).
    document.body.append(el('div', { role: 'dialog' }, el('dl', {}, el('dd', {}, '1004')), el('div', {}, el('button', { class: 'ms-Button' }, 'x'), el('button', { class: 'ms-Button ms-Button--primary' }, 'y'))));
    await frame();
    const shown = {
      header: document.querySelector('acc-grid-header'),
      nav: document.querySelector('acc-nav-count'),
      flyout: document.querySelector('acc-flyout-controls'),
      error: shadowOf(hosts()[2]!).querySelector('.acc-tip'),
      waiting: shadowOf(hosts()[1]!).querySelector('.acc-state--waiting'),
      done: shadowOf(hosts()[0]!).querySelector('.acc-state--us'),
    };
    expect(Object.entries(shown).filter(([, v]) => !v).map(([k]) => k)).toEqual([]);
    for (const root of ownRoots()) expectNoLiteral(ours(root), dataOf(all));

    // The confirmation (page layer) and a flyout with our own buttons.
    document.querySelector('[role="dialog"]')!.remove();
    document.body.append(el('div', { role: 'dialog' }, el('dl', {}, el('dd', {}, '1004')), el('div', {}, el('button', {}, '1'), el('button', {}, '2'))));
    await saveSettings({ ...DEFAULT_SETTINGS, confirmApprove: true });
    await frame();
    approveIn(hosts()[3]!).click();
    await frame();
    expect(dialog()).not.toBeNull();
    expect(shadowOf(document.querySelector('acc-flyout-controls')!).querySelectorAll('button')).toHaveLength(2);
    for (const root of ownRoots()) expectNoLiteral(ours(root), dataOf(all));
  });

  it('the investigation page (rows and the summary chip) and History marks', async () => {
    usePseudoLocale();
    const mine = makeAction({ approvalId: '2001', investigationId: '77', typeLabel: 'Quarantine a file', entityName: 'evil.exe' });
    const also = makeAction({ approvalId: '2002', investigationId: '77' });
    href = 'https://security.microsoft.com/investigation/77?tid=t';
    const tablist = el(
      'div',
      { role: 'tablist' },
      el('button', { role: 'tab', 'aria-selected': 'true', 'data-tab': 'pendingActions' }, '1'),
      el('button', { role: 'tab', 'aria-selected': 'false', 'data-tab': 'pendingActionsHistory' }, '2'),
    );
    document.body.replaceChildren(el('main', {}, tablist, el('div', { role: 'grid' }, el('div', { role: 'rowgroup' }, makeRow(cells(mine)), makeRow(cells(also))))));
    await start([mine, also]);
    expect(hosts('acc-inv-row-controls')).toHaveLength(2);
    expect(document.querySelector('acc-inv-summary')).not.toBeNull();
    for (const root of ownRoots()) expectNoLiteral(ours(root), dataOf([mine, also]));
    app!.stop();
    app = null;

    const a = makeAction({ approvalId: '1001' });
    const b = makeAction({ approvalId: '1002' });
    const c = makeAction({ approvalId: '1003' });
    await history([a, b, c], [a, b]);
    expect(hosts('acc-history-mark')).toHaveLength(2);
    // The date is Intl's, in the browser's UI language: data here.
    for (const root of ownRoots()) expectNoLiteral(ours(root), [...dataOf([a, b, c]), formatDateTime(NOW)]);
  });
});
