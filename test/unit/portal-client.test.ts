import { BUILT_IN_TEMPLATE, type DecisionTemplate } from '../../utils/portal/decisionTemplate';
import { APPROVALS_TEMPLATE } from './support/templates';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPortalClient, retryAfterMs, SETTLE_HISTORY_PAGES, type FetchLike, type PortalClientOptions } from '@/utils/portal/client';
import type { PortalErrorKind, Result } from '@/utils/portal/errors';
import type { CloudId } from '@/utils/portal/hosts';
import { FakeState } from '../fake-portal/state';
import type { RecordedDecision } from '../fake-portal/types';

const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);
/** The cookie form of a token holding + / and = (what the portal sets). */
const XSRF_COOKIE = 'CfDJ8ab%2Bcd%2Fef%3D%3D';
const XSRF = 'CfDJ8ab+cd/ef==';
const PENDING_URL =
  'https://security.microsoft.com/apiproxy/mtp/actionCenter/actioncenterui/pending-actions/?type=pending&useMtpApi=true&pageIndex=1&pageSize=100&sortByField=eventTime&sortOrder=Descending';
const DECISION_URL = 'https://security.microsoft.com/apiproxy/mtp/actionCenter/actioncenterui/pending-actions/decision?useMtpApi=true';

interface Sent {
  readonly url: string;
  readonly init: RequestInit;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

type Answer = Response | Error | ((sent: Sent) => Response | Promise<Response>);

/** A fetch that records every request and answers from a script (the last answer repeats). */
function recorder(...answers: Answer[]) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const entry: Sent = { url, init, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    sent.push(entry);
    const answer = answers[Math.min(sent.length - 1, answers.length - 1)];
    if (answer === undefined) throw new Error('no answer scripted');
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer(entry) : answer.clone();
  };
  return { fetch, sent };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });
}

function text(status: number, body: string, type = 'text/plain'): Response {
  return new Response(body, { status, headers: { 'Content-Type': type } });
}

function client(fetch: FetchLike, extra: Partial<PortalClientOptions> = {}) {
  return createPortalClient({ cloud: 'commercial', fetch, readXsrf: async () => XSRF_COOKIE, now: () => NOW, ...extra });
}

function item(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    InvestigationId: 1287,
    ActionId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    BulkId: String(10_000 + n),
    StartTime: '2026-11-25T08:00:00Z',
    EndTime: null,
    EventTime: '2026-11-25T08:00:01Z',
    ActionType: 'IsolateResponse',
    ActionDecision: null,
    DecidedBy: null,
    Comment: null,
    EntityType: 'Machine',
    RelatedEntities: [{ EntityType: 'Machine', ComputerName: `WS-${n}` }],
    AdditionalFields: {},
    ActionStatus: 'Pending',
    ActionSource: 'AutomatedInvestigation',
    Product: 'MDE',
    MachineId: `m${n}`,
    ComputerName: `WS-${n}`,
    ...overrides,
  };
}

function errorOf<T>(result: Result<T>): { kind: PortalErrorKind; status?: number; retryAfterMs?: number; field?: string; message: string } {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/**
 * A fetch backed by the fake portal's own rules (test/fake-portal/state.ts, in process): the list routes answer
 * 400 to any query but PORTAL.md's, decisions are applied, investigations and the tenant context answered.
 */
function fakePortalFetch(state: FakeState, hooks: { beforeDecision?: () => void; afterDecision?: 'drop' } = {}) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    sent.push({ url, init, headers, body });
    const path = u.pathname.toLowerCase();
    if (path === '/apiproxy/mtp/actioncenter/actioncenterui/pending-actions/') return answer(state.list('pending', u.searchParams));
    if (path === '/apiproxy/mtp/actioncenter/actioncenterui/history-actions/') return answer(state.list('history', u.searchParams));
    if (path === '/apiproxy/mtp/sccmanagement/mgmt/tenantcontext') return answer(state.tenantContext());
    if (path.startsWith('/apiproxy/mtp/autoir/ui/investigations/')) return answer(state.investigation(u.pathname.split('/').pop() ?? ''));
    const decisionRoutes: Record<string, (record: RecordedDecision) => { status: number; body: unknown }> = {
      '/apiproxy/mtp/actioncenter/actioncenterui/pending-actions/decision': (record) => state.decide(body, record),
      '/apiproxy/mtp/actioncenter/actioncenterui/approvals': (record) => state.decideApprovals(body, record),
      '/apiproxy/mtp/autoir/actions/decide': (record) => state.decideAutoIr(body, record, headers['x-tid'] ?? null),
    };
    const decide = decisionRoutes[path];
    if (decide) {
      hooks.beforeDecision?.();
      const decided = decide({ results: null } as unknown as RecordedDecision);
      if (hooks.afterDecision === 'drop') throw new TypeError('Failed to fetch');
      return answer(decided);
    }
    return json(404, { error: 'no such route' });
  };
  const answer = (a: { status: number; body: unknown }) => json(a.status, a.body);
  return { fetch, sent };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('requests', () => {
  it('sends the exact pending query with the session cookie, the decoded XSRF token and nothing else', async () => {
    const { fetch, sent } = recorder(json(200, { Count: 1, Results: [item(1)] }));
    const result = await client(fetch).listPending();
    expect(valueOf(result).actions.map((a) => a.id)).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe(PENDING_URL);
    expect(sent[0]?.init).toMatchObject({ method: 'GET', credentials: 'include', redirect: 'manual' });
    expect(sent[0]?.init.signal).toBeInstanceOf(AbortSignal);
    expect(sent[0]?.headers['x-xsrf-token']).toBe(XSRF);
    expect(sent[0]?.headers).not.toHaveProperty('x-tid');
    expect(sent[0]?.init.body).toBeUndefined();
  });

  it('reads the XSRF cookie of the selected portal on every call', async () => {
    const origins: string[] = [];
    const tokens = ['first%2B', 'second%2F'];
    const { fetch, sent } = recorder(json(200, { Count: 0, Results: [] }));
    const c = createPortalClient({ cloud: 'gccHigh', fetch, readXsrf: async (origin) => (origins.push(origin), tokens[origins.length - 1] ?? null) });
    await c.listPending();
    await c.listPending();
    expect(origins).toEqual(['https://security.microsoft.us', 'https://security.microsoft.us']);
    expect(sent.map((s) => s.headers['x-xsrf-token'])).toEqual(['first+', 'second/']);
    expect(sent.every((s) => s.url.startsWith('https://security.microsoft.us/apiproxy/'))).toBe(true);
  });

  it('by default reads the cookie with browser.cookies and sends with the global fetch', async () => {
    const get = vi.spyOn(fakeBrowser.cookies, 'get').mockResolvedValue({ name: 'XSRF-TOKEN', value: XSRF_COOKIE } as Awaited<ReturnType<typeof fakeBrowser.cookies.get>>);
    const { fetch, sent } = recorder(json(200, { Count: 0, Results: [] }));
    vi.stubGlobal('fetch', fetch);
    try {
      const result = await createPortalClient({ cloud: 'dod' }).listPending();
      expect(valueOf(result)).toEqual({ actions: [], skipped: 0, total: null });
      expect(get).toHaveBeenCalledWith({ url: 'https://security.apps.mil', name: 'XSRF-TOKEN' });
      expect(sent[0]?.url.startsWith('https://security.apps.mil/apiproxy/')).toBe(true);
      expect(sent[0]?.headers['x-xsrf-token']).toBe(XSRF);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('is signed out, without a request, when there is no XSRF cookie', async () => {
    for (const readXsrf of [async () => null, async () => '', async () => Promise.reject(new Error('no cookies permission'))]) {
      const { fetch, sent } = recorder(json(200, { Count: 0, Results: [] }));
      expect(errorOf(await client(fetch, { readXsrf }).listPending()).kind).toBe('SignedOut');
      expect(sent).toHaveLength(0);
    }
  });

  it('sends the history range as ISO dates in the exact query', async () => {
    const { fetch, sent } = recorder(json(200, { Count: 0, Results: [] }));
    await client(fetch).listHistory({ from: Date.UTC(2026, 10, 18, 9), to: NOW });
    expect(sent[0]?.url).toBe(
      'https://security.microsoft.com/apiproxy/mtp/actionCenter/actioncenterui/history-actions/?type=history&useMtpApi=true&pageIndex=1&pageSize=100&sortByField=eventTime&sortOrder=Descending&fromDate=2026-11-18T09%3A00%3A00.000Z&toDate=2026-11-25T09%3A00%3A00.000Z',
    );
  });

  it('refuses an impossible history range without a request', async () => {
    const { fetch, sent } = recorder(json(200, { Count: 0, Results: [] }));
    expect(errorOf(await client(fetch).listHistory({ from: NOW, to: NOW - 1 })).kind).toBe('BadResponse');
    expect(errorOf(await client(fetch).listHistory({ from: Number.NaN, to: NOW })).kind).toBe('BadResponse');
    expect(sent).toHaveLength(0);
  });
});

describe('paging', () => {
  it('pages from 1 until a page holds fewer than 100, against the fake portal’s query rules', async () => {
    const state = new FakeState('many:250');
    const { fetch, sent } = fakePortalFetch(state);
    const list = valueOf(await client(fetch).listPending());
    expect(sent.map((s) => new URL(s.url).searchParams.get('pageIndex'))).toEqual(['1', '2', '3']);
    expect(list.actions).toHaveLength(250);
    expect(new Set(list.actions.map((a) => a.id)).size).toBe(250);
    expect(list.skipped).toBe(0);
  });

  it('asks one more page when the last one was exactly full', async () => {
    const full = Array.from({ length: 100 }, (_, i) => item(i));
    const { fetch, sent } = recorder(json(200, { Count: 100, Results: full }), json(200, { Count: 100, Results: [] }));
    expect(valueOf(await client(fetch).listPending()).actions).toHaveLength(100);
    expect(sent).toHaveLength(2);
  });

  it('stops after 100 pages when a portal keeps sending new full pages', async () => {
    const { fetch, sent } = recorder((req) => {
      const page = Number(new URL(req.url).searchParams.get('pageIndex'));
      return json(200, { Count: 1e9, Results: Array.from({ length: 100 }, (_, i) => item(page * 100 + i)) });
    });
    expect(errorOf(await client(fetch).listPending()).kind).toBe('BadResponse');
    expect(sent).toHaveLength(100);
  });

  it('reads history for settling within a page bound, keeping what it read and saying how many there were', async () => {
    const { fetch, sent } = recorder((req) => {
      const page = Number(new URL(req.url).searchParams.get('pageIndex'));
      return json(200, { Count: 5000, Results: Array.from({ length: 100 }, (_, i) => item(page * 100 + i)) });
    });
    const list = valueOf(await client(fetch).listHistory({ from: NOW - 86_400_000, to: NOW }, { maxPages: SETTLE_HISTORY_PAGES }));
    expect(sent).toHaveLength(SETTLE_HISTORY_PAGES);
    expect(list.actions).toHaveLength(SETTLE_HISTORY_PAGES * 100);
    expect(list.total).toBe(5000);
  });

  it('reads on past short pages until Count items are read (a portal that caps pages at 50)', async () => {
    const all = Array.from({ length: 120 }, (_, i) => item(i));
    const { fetch, sent } = recorder((req) => {
      const page = Number(new URL(req.url).searchParams.get('pageIndex'));
      return json(200, { Count: 120, Results: all.slice((page - 1) * 50, page * 50) });
    });
    const list = valueOf(await client(fetch).listPending());
    expect(list.actions).toHaveLength(120);
    expect(sent.map((s) => new URL(s.url).searchParams.get('pageIndex'))).toEqual(['1', '2', '3']);
    // Complete: nothing to warn about.
    expect(list.total).toBeNull();
  });

  it('against the fake portal with a page cap: every action, once', async () => {
    const state = new FakeState('many:120', { maxPageSize: 50 });
    const { fetch, sent } = fakePortalFetch(state);
    const list = valueOf(await client(fetch).listPending());
    expect(new Set(list.actions.map((a) => a.id)).size).toBe(120);
    expect(sent).toHaveLength(3);
  });

  it('stops on an empty page or a page with nothing new, and says how many the portal counted', async () => {
    const first = Array.from({ length: 50 }, (_, i) => item(i));
    const repeats = recorder(json(200, { Count: 120, Results: first }));
    const repeated = valueOf(await client(repeats.fetch).listPending());
    expect(repeated.actions).toHaveLength(50);
    expect(repeated.total).toBe(120);
    expect(repeats.sent).toHaveLength(2);

    const empties = recorder(json(200, { Count: 120, Results: first }), json(200, { Count: 120, Results: [] }));
    const emptied = valueOf(await client(empties.fetch).listPending());
    expect(emptied.actions).toHaveLength(50);
    expect(emptied.total).toBe(120);
    expect(empties.sent).toHaveLength(2);
  });

  it('skips and counts items that do not fit, keeps the good ones, across pages', async () => {
    const page1 = Array.from({ length: 100 }, (_, i) =>
      i === 3 ? item(i, { ActionId: 12345 }) : i === 7 ? item(i, { EventTime: 'soon', StartTime: null }) : item(i),
    );
    const page2 = [
      item(200, { InvestigationId: 'not-a-number' }),
      { actionId: 'camel-1', actionType: 'AntivirusScanResponse', actionStatus: 'Pending', eventTime: '2026-11-25T07:00:00', computerName: 'ws-camel', extraField: [1, 2] },
      item(201, { ComputerName: `<img src=x onerror=alert(1)>${'X'.repeat(10_000)}` }),
      item(1), // the same action again (the list shifted while we paged): kept once
    ];
    const { fetch } = recorder(json(200, { Count: 104, Results: page1 }), json(200, { Count: 104, Results: page2 }));
    const list = valueOf(await client(fetch).listPending());
    expect(list.skipped).toBe(3);
    expect(list.actions).toHaveLength(100);
    const camel = list.actions.find((a) => a.id === 'camel-1');
    expect(camel).toMatchObject({ typeLabel: 'Run antivirus scan', asset: 'ws-camel', createdAt: Date.UTC(2026, 10, 25, 7) });
    const hostile = list.actions.find((a) => a.approvalId === '10201');
    expect(hostile?.entityName.startsWith('<img src=x onerror=alert(1)>')).toBe(true);
    expect(hostile?.entityName.length).toBeLessThanOrEqual(1024);
  });

  it('reads the fake portal’s quirks scenario: three actions, one skipped', async () => {
    const { fetch } = fakePortalFetch(new FakeState('quirks'));
    const list = valueOf(await client(fetch).listPending());
    expect(list.actions.map((a) => a.asset).sort()).toEqual(['WS-QUIRK-UNKNOWN-TYPE', 'WS-QUIRK-ZONELESS', 'ws-quirk-camelcase']);
    expect(list.skipped).toBe(1);
  });

  it('fails the whole list when the envelope does not fit', async () => {
    for (const body of [{ Count: 3 }, { Count: 3, Results: { 0: item(1) } }, [item(1)], 'Results', null]) {
      const { fetch } = recorder(json(200, body));
      const error = errorOf(await client(fetch).listPending());
      expect(error.kind).toBe('BadResponse');
      expect(error.field).toBe('Results');
    }
  });
});

describe('errors', () => {
  const cases: [string, Answer, PortalErrorKind, number?][] = [
    ['401', json(401, { error: { message: 'Authorization has been denied for this request.' } }), 'SignedOut', 401],
    ['419', json(419, {}), 'SignedOut', 419],
    ['440', text(440, 'Login Timeout'), 'SignedOut', 440],
    ['403 about the xsrf token', json(403, { error: { message: 'The xsrf token is missing or invalid.' } }), 'SignedOut', 403],
    ['403 about the session', text(403, 'Your session has expired, please sign in'), 'SignedOut', 403],
    ['plain 403', json(403, { error: { message: 'Insufficient permissions.' } }), 'Forbidden', 403],
    ['200 sign-in page', text(200, '<!doctype html><title>Sign in to your account</title><div id="ConvergedSignIn"></div>', 'text/html'), 'SignedOut'],
    ['401 sign-in page', text(401, '<html><form action="https://login.microsoftonline.com/common/oauth2"></form></html>', 'text/html'), 'SignedOut'],
    ['409', json(409, { error: { message: 'Already decided.' } }), 'Conflict', 409],
    ['429', json(429, {}, { 'Retry-After': '30' }), 'RateLimited', 429],
    ['500', json(500, {}), 'Unavailable', 500],
    ['502', text(502, 'Bad gateway'), 'Unavailable', 502],
    ['503', json(503, {}), 'Unavailable', 503],
    ['network failure', new TypeError('Failed to fetch'), 'Unavailable'],
    ['truncated JSON', text(200, '{"Count":3,"Results":[{"ActionId":"4f1c', 'application/json'), 'BadResponse', 200],
    ['empty body', text(200, '', 'application/json'), 'BadResponse', 200],
    ['other HTML', text(200, '<html><body>Maintenance</body></html>', 'text/html'), 'BadResponse', 200],
    ['400 to the query', json(400, { error: { message: "Unexpected query parameter 'x'." } }), 'BadResponse', 400],
    ['404 on a list', json(404, {}), 'BadResponse', 404],
  ];

  for (const [name, answer, kind, status] of cases) {
    it(`${name} → ${kind}`, async () => {
      const { fetch } = recorder(answer);
      const error = errorOf(await client(fetch).listPending());
      expect(error.kind).toBe(kind);
      if (status !== undefined) expect(error.status).toBe(status);
      expect(error.message).not.toMatch(/[<>]/);
      expect(error.message.length).toBeGreaterThan(10);
    });
  }

  it('does not take sign-in words inside a JSON answer for a sign-in page', async () => {
    const words = '<html>Sign in to your account at login.microsoftonline.com</html>';
    const { fetch } = recorder(json(200, { Count: 1, Results: [item(1, { Comment: words, ComputerName: words })] }));
    expect(valueOf(await client(fetch).listPending()).actions[0]?.comment).toBe(words);
  });

  it('a redirect is the session ending: opaque, to the sign-in host, or followed there', async () => {
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, 'type', { value: 'opaqueredirect' });
    Object.defineProperty(opaque, 'clone', { value: () => opaque });
    const followed = new Response('<html></html>', { status: 200 });
    Object.defineProperty(followed, 'url', { value: 'https://login.microsoftonline.com/common/oauth2/authorize?x=1' });
    Object.defineProperty(followed, 'clone', { value: () => followed });
    const located = new Response(null, { status: 302, headers: { Location: 'https://login.microsoftonline.com/common/oauth2' } });
    for (const answer of [opaque, followed, located]) {
      const { fetch } = recorder(answer);
      expect(errorOf(await client(fetch).listPending()).kind).toBe('SignedOut');
    }
    const govFollowed = new Response('', { status: 200 });
    Object.defineProperty(govFollowed, 'url', { value: 'https://login.microsoftonline.us/x' });
    Object.defineProperty(govFollowed, 'clone', { value: () => govFollowed });
    const { fetch } = recorder(govFollowed);
    expect(errorOf(await client(fetch, { cloud: 'dod' as CloudId }).listPending()).kind).toBe('SignedOut');
  });

  it('a request without an answer times out as Unavailable', async () => {
    vi.useFakeTimers();
    let aborted = false;
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('The operation was aborted.', 'AbortError'));
        });
      });
    const pending = client(fetch, { timeoutMs: 5000 }).listPending();
    await vi.advanceTimersByTimeAsync(4999);
    expect(aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = errorOf(await pending);
    expect(aborted).toBe(true);
    expect(error.kind).toBe('Unavailable');
    expect(error.message).toContain('5 seconds');
  });

  it('a connection dropped while the body is read is Unavailable', async () => {
    const broken = new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"Count":1,'));
          controller.error(new TypeError('network error'));
        },
      }),
      { status: 200 },
    );
    Object.defineProperty(broken, 'clone', { value: () => broken });
    const { fetch } = recorder(broken);
    expect(errorOf(await client(fetch).listPending()).kind).toBe('Unavailable');
  });

  it('reads Retry-After as seconds or an HTTP date, with a default and a cap', async () => {
    expect(retryAfterMs('30', NOW)).toBe(30_000);
    expect(retryAfterMs(' 2.5 ', NOW)).toBe(2500);
    expect(retryAfterMs(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(retryAfterMs(null, NOW)).toBe(60_000);
    expect(retryAfterMs('soon', NOW)).toBe(60_000);
    expect(retryAfterMs('999999', NOW)).toBe(3_600_000);
    expect(retryAfterMs('0', NOW)).toBe(1000);
    expect(retryAfterMs(new Date(NOW - 90_000).toUTCString(), NOW)).toBe(1000);
    const { fetch } = recorder(json(429, {}, { 'Retry-After': new Date(NOW + 120_000).toUTCString() }));
    expect(errorOf(await client(fetch).listPending()).retryAfterMs).toBe(120_000);
  });
});

/** Decisions sent with the built-in guess, for actions known by id only. */
const guess = (ids: readonly string[]) => ids.map((id) => ({ id, approvalId: null, investigationId: null }));

describe('decide', () => {
  const ids = ['8a1f6c2e-3b4d-4e5f-9a6b-7c8d9e0f1a2b', '9b2e7d3f-4c5e-4f60-8b7c-8d9e0f1a2b3c'];

  it('posts the assumed body to the assumed route with the XSRF token', async () => {
    const { fetch, sent } = recorder(
      json(200, { Results: [{ ActionId: ids[0], Status: 'Approved', DecidedBy: 'analyst@contoso.example', Message: 'Approved.' }, { ActionId: ids[1], Status: 'AlreadyDecided', DecidedBy: 'j.doe@contoso.example', Message: 'Already approved.' }] }),
    );
    const result = await client(fetch).decide(guess(ids), 'approve', 'Confirmed malicious', BUILT_IN_TEMPLATE);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe(DECISION_URL);
    expect(sent[0]?.init).toMatchObject({ method: 'POST', credentials: 'include' });
    expect(sent[0]?.headers).toMatchObject({ 'x-xsrf-token': XSRF, 'content-type': 'application/json' });
    expect(sent[0]?.body).toEqual({ ActionIds: ids, Decision: 'Approve', Comment: 'Confirmed malicious' });
    expect(valueOf(result)).toEqual([
      { actionId: ids[0], status: 'Approved', decidedBy: 'analyst@contoso.example', message: 'Approved.' },
      { actionId: ids[1], status: 'AlreadyDecided', decidedBy: 'j.doe@contoso.example', message: 'Already approved.' },
    ]);
  });

  it('applies a rejection on the fake portal and reports what it answered', async () => {
    const state = new FakeState('default');
    const [first, second] = state.pending.map((a) => a.ActionId);
    state.failIds.add(second!);
    const { fetch } = fakePortalFetch(state);
    const result = valueOf(await client(fetch).decide(guess([first!, second!, 'no-such-id']), 'reject', '', BUILT_IN_TEMPLATE));
    expect(result.map((r) => r.status)).toEqual(['Rejected', 'Failed', 'NotFound']);
    expect(state.history.some((a) => a.ActionId === first && a.ActionDecision === 'Rejected')).toBe(true);
  });

  it('treats a status outside the known set as Unknown and ignores ids it did not ask about', async () => {
    const { fetch } = recorder(json(200, { Results: [{ ActionId: ids[0], Status: 'Queued' }, { ActionId: 'other', Status: 'Approved' }] }));
    expect(valueOf(await client(fetch).decide(guess([ids[0]!]), 'approve', '', BUILT_IN_TEMPLATE))).toEqual([
      { actionId: ids[0], status: 'Unknown', decidedBy: null, message: null },
    ]);
  });

  it('is Unsupported when the route is unknown or the answer does not fit', async () => {
    for (const answer of [json(404, {}), json(405, {}), json(200, { ok: true }), json(200, { Results: [{ Status: 'Approved' }] })]) {
      const { fetch, sent } = recorder(answer);
      const error = errorOf(await client(fetch).decide(guess(ids), 'approve', '', BUILT_IN_TEMPLATE));
      expect(error.kind).toBe('Unsupported');
      expect(error.message).toContain('Decide this one in the portal');
      expect(sent.filter((r) => r.init.method === 'POST')).toHaveLength(1); // never retried
    }
  });

  it('learns from a re-read what a 2xx it cannot read did: applied is reported, untouched stays an error', async () => {
    const state = new FakeState('default');
    const [appliedId, untouchedId] = state.pending.map((a) => a.ActionId);
    const portal = fakePortalFetch(state);
    const applyThenMumble: FetchLike = async (url, init) => {
      const answer = await portal.fetch(url, init);
      return init.method === 'POST' ? new Response('', { status: 200 }) : answer;
    };
    expect(valueOf(await client(applyThenMumble, { now: Date.now }).decide(guess([appliedId!]), 'approve', '', BUILT_IN_TEMPLATE))).toEqual([
      expect.objectContaining({ actionId: appliedId, status: 'Approved' }),
    ]);
    const ignoreThenMisfit: FetchLike = async (url, init) =>
      init.method === 'POST' ? json(200, { Results: 'nope' }) : portal.fetch(url, init);
    expect(errorOf(await client(ignoreThenMisfit, { now: Date.now }).decide(guess([untouchedId!]), 'approve', '', BUILT_IN_TEMPLATE)).kind).toBe('Unsupported');
  });

  it('names who decided after a 409 (else Conflict); Forbidden for the role, signed out for the session', async () => {
    const state = new FakeState('default');
    const id = state.pending[0]!.ActionId;
    state.decideAs([id], 'Approve', 'j.doe@contoso.example');
    // The same verdict by a colleague is still not ours: who decided comes from the re-read.
    expect(valueOf(await client(fakePortalFetch(state).fetch, { now: Date.now }).decide(guess([id]), 'approve', '', BUILT_IN_TEMPLATE))).toEqual([
      expect.objectContaining({ actionId: id, status: 'AlreadyDecided', decidedBy: 'j.doe@contoso.example' }),
    ]);
    expect(errorOf(await client(recorder(json(409, {})).fetch).decide(guess(ids), 'approve', '', BUILT_IN_TEMPLATE)).kind).toBe('Conflict');
    expect(errorOf(await client(recorder(json(403, { error: { message: 'Insufficient permissions.' } })).fetch).decide(guess(ids), 'approve', '', BUILT_IN_TEMPLATE)).kind).toBe('Forbidden');
    expect(errorOf(await client(recorder(json(401, {})).fetch).decide(guess(ids), 'approve', '', BUILT_IN_TEMPLATE)).kind).toBe('SignedOut');
  });

  it('sends nothing for an unsafe id, too many ids or none', async () => {
    const { fetch, sent } = recorder(json(200, { Results: [] }));
    const c = client(fetch);
    for (const hostile of ['../../../../etc/passwd', 'a?b=c&d=<e>#frag', ' leading', '%2e%2e%2fadmin', '']) {
      const error = errorOf(await c.decide(guess([ids[0]!, hostile]), 'approve', '', BUILT_IN_TEMPLATE));
      expect(error.kind).toBe('BadResponse');
      expect(error.field).toBe('ActionIds[1]');
    }
    const many = Array.from({ length: 101 }, (_, i) => `id-${i}`);
    expect(errorOf(await c.decide(guess(many), 'reject', 'x', BUILT_IN_TEMPLATE)).kind).toBe('BadResponse');
    expect(valueOf(await c.decide(guess([]), 'approve', '', BUILT_IN_TEMPLATE))).toEqual([]);
    expect(sent).toHaveLength(0);
    await c.decide(guess(many.slice(0, 100)), 'reject', 'x', BUILT_IN_TEMPLATE);
    expect(sent).toHaveLength(1);
  });
});

describe('decide with a learned template', () => {
  const approvals = APPROVALS_TEMPLATE;
  const targetsOf = (state: FakeState, n: number) =>
    state.pending.slice(0, n).map((a) => ({ id: a.ActionId, approvalId: a.BulkId ?? null, investigationId: a.InvestigationId === null ? null : String(a.InvestigationId) }));

  it('sends the learned request and counts an action decided only once a re-read shows it left pending', async () => {
    const state = new FakeState('default');
    const targets = targetsOf(state, 2);
    const { fetch, sent } = fakePortalFetch(state);
    const result = valueOf(await client(fetch, { now: Date.now }).decide(targets, 'reject', 'False positive', approvals));
    expect(result.map((r) => [r.actionId, r.status])).toEqual(targets.map((t) => [t.id, 'Rejected']));
    expect(sent[0]?.url).toBe('https://security.microsoft.com/apiproxy/mtp/actionCenter/actioncenterui/approvals?useMtpApi=true');
    expect(sent[0]?.init.method).toBe('PUT');
    expect(sent[0]?.headers['x-xsrf-token']).toBe(XSRF);
    expect(sent[0]?.body).toEqual({ ApprovalIds: targets.map((t) => t.approvalId), status: 'Rejected', comment: 'False positive' });
    expect(sent.filter((s) => s.init.method !== 'GET')).toHaveLength(1);
  });

  it('is "sent, waiting for the portal" while the portal still lists the action after a 2xx', async () => {
    const state = new FakeState('default');
    const [target] = targetsOf(state, 1);
    state.failIds.add(target!.id); // the portal took the request but the action stays pending for now
    const { fetch } = fakePortalFetch(state);
    expect(valueOf(await client(fetch, { now: Date.now }).decide([target!], 'approve', '', approvals))).toEqual([
      expect.objectContaining({ actionId: target!.id, status: 'Unknown', message: expect.stringContaining('took the request') }),
    ]);
  });

  it('is Unsupported with the status when the learned route is refused, and sends nothing it cannot render', async () => {
    const state = new FakeState('default');
    const targets = targetsOf(state, 1);
    const gone = recorder(json(404, {}));
    const error = errorOf(await client(gone.fetch).decide(targets, 'approve', '', approvals));
    expect(error).toMatchObject({ kind: 'Unsupported', status: 404 });
    expect(gone.sent).toHaveLength(1);

    const noReject = { ...approvals, verdicts: { approve: approvals.verdicts.approve } } as DecisionTemplate;
    const none = recorder(json(200, {}));
    const refused = errorOf(await client(none.fetch).decide(targets, 'reject', 'x', noReject));
    expect(refused.kind).toBe('Unsupported');
    expect(refused.status).toBeUndefined();
    expect(refused.message).toContain('has not yet seen how this portal sends a rejection');
    const noApproval = errorOf(await client(none.fetch).decide([{ ...targets[0]!, approvalId: null }], 'approve', '', approvals));
    expect(noApproval.kind).toBe('BadResponse');
    expect(none.sent).toHaveLength(0);
  });
});

describe('a lost decision answer', () => {
  it('re-reads pending and history and reports what the portal says about each id', async () => {
    const state = new FakeState('default');
    const [applied, stillPending, byColleague] = state.pending.map((a) => a.ActionId);
    state.decideAs([byColleague!], 'Reject', 'm.garcia@contoso.example');
    // The portal applies the decision to the first id only (the second stays pending), then the connection drops.
    state.failIds.add(stillPending!);
    const { fetch, sent } = fakePortalFetch(state, { afterDecision: 'drop' });
    const result = valueOf(await client(fetch, { now: Date.now }).decide(guess([applied!, stillPending!, byColleague!, 'never-existed']), 'approve', 'ok', BUILT_IN_TEMPLATE));
    expect(result).toEqual([
      { actionId: applied, status: 'Approved', decidedBy: 'analyst@contoso.example', message: null },
      // Still pending right after a lost answer proves nothing (the portal may apply it later): not a failure.
      expect.objectContaining({ actionId: stillPending, status: 'Unknown' }),
      expect.objectContaining({ actionId: byColleague, status: 'AlreadyDecided', decidedBy: 'm.garcia@contoso.example' }),
      expect.objectContaining({ actionId: 'never-existed', status: 'Unknown' }),
    ]);
    const routes = sent.map((s) => new URL(s.url).pathname.split('/').filter(Boolean).pop());
    expect(routes).toEqual(['decision', 'pending-actions', 'history-actions']);
    const history = new URL(sent[2]!.url).searchParams;
    expect(Date.parse(history.get('toDate')!) - Date.parse(history.get('fromDate')!)).toBe(8 * 24 * 60 * 60_000);
    expect(sent.filter((s) => s.init.method === 'POST')).toHaveLength(1); // the decision is never re-sent
  });

  it('does not read history when every id is still pending, and leaves them open (Unknown), not failed', async () => {
    const state = new FakeState('default');
    const id = state.pending[0]!.ActionId;
    state.failIds.add(id);
    const { fetch, sent } = fakePortalFetch(state, { afterDecision: 'drop' });
    expect(valueOf(await client(fetch).decide(guess([id]), 'reject', '', BUILT_IN_TEMPLATE))).toEqual([
      expect.objectContaining({ actionId: id, status: 'Unknown', message: expect.stringMatching(/still pending/) }),
    ]);
    expect(sent).toHaveLength(2);
  });

  it('stays open (Unavailable) when the re-read fails too, and Unknown when only history fails', async () => {
    const down = recorder(new TypeError('Failed to fetch'));
    expect(errorOf(await client(down.fetch).decide(guess(['a1']), 'approve', '', BUILT_IN_TEMPLATE)).kind).toBe('Unavailable');
    expect(down.sent).toHaveLength(2);

    const historyDown = recorder(new TypeError('Failed to fetch'), json(200, { Count: 0, Results: [] }), json(503, {}));
    expect(valueOf(await client(historyDown.fetch).decide(guess(['a1']), 'approve', '', BUILT_IN_TEMPLATE))).toEqual([expect.objectContaining({ actionId: 'a1', status: 'Unknown' })]);
  });
});

