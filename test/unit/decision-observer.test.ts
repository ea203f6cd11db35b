import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Candidate, KnownAction } from '../../utils/portal/decisionTemplate';
import { MAX_OBSERVED_BODY } from '../../utils/portal/decisionTemplate';
import { apiUrlPatterns, bodyText, observePortalDecisions } from '../../utils/portal/observer';

type Listener = (details: never) => unknown;

/** A webRequest event that records its listener, filter and extra options, and can fire. */
function fakeEvent() {
  const added: { fn: Listener; filter: unknown; extra: unknown }[] = [];
  return {
    added,
    addListener: (fn: Listener, filter: unknown, extra?: unknown) => void added.push({ fn, filter, extra }),
    removeListener: (fn: Listener) => void added.splice(added.findIndex((a) => a.fn === fn), 1),
    fire: (details: unknown) => added.map((a) => (a.fn as (d: unknown) => unknown)(details)),
  };
}

const PENDING: KnownAction[] = [
  { id: '8a1f6c2e-3b4d-4e5f-9a6b-7c8d9e0f1a2b', approvalId: '50001', investigationId: '1287' },
  { id: '9b2e7d3f-4c5e-4f60-8b7c-8d9e0f1a2b3c', approvalId: '50002', investigationId: '1287' },
];
const URL_A = 'https://security.microsoft.com/apiproxy/mtp/actionCenter/actioncenterui/approvals?useMtpApi=true';
const bytes = (text: string) => ({ raw: [{ bytes: new TextEncoder().encode(text).buffer }] });

let events: Record<'onBeforeRequest' | 'onSendHeaders' | 'onCompleted' | 'onErrorOccurred', ReturnType<typeof fakeEvent>>;
let seen: { candidate: Candidate; where: { host: string; pageUrl: string | null } }[];
let stop: () => void;

beforeEach(() => {
  fakeBrowser.reset();
  events = { onBeforeRequest: fakeEvent(), onSendHeaders: fakeEvent(), onCompleted: fakeEvent(), onErrorOccurred: fakeEvent() };
  Object.assign(fakeBrowser, { webRequest: events });
  vi.spyOn(fakeBrowser.tabs, 'get').mockResolvedValue({ id: 7, url: 'https://security.microsoft.com/action-center/pending' } as never);
  seen = [];
  stop = observePortalDecisions({ now: Date.now, known: () => PENDING, onCandidate: (candidate, where) => seen.push({ candidate, where }) });
});

afterEach(() => {
  stop();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

function portalRequest(requestId: string, over: Record<string, unknown> = {}) {
  const body = JSON.stringify({ ApprovalIds: ['50001'], status: 'Approved', comment: 'ok' });
  events.onBeforeRequest.fire({ requestId, method: 'PUT', url: URL_A, tabId: 7, requestBody: bytes(body), ...over });
  events.onSendHeaders.fire({
    requestId,
    requestHeaders: [
      { name: 'Content-Type', value: 'application/json' },
      { name: 'X-XSRF-TOKEN', value: 'secret-xsrf' },
      { name: 'x-tid', value: 'aa11bb22-cc33-4dd4-8ee5-ff6677889900' },
    ],
  });
}

describe('the decision observer', () => {
  it('observes only: request bodies on the portal API, without blocking options', () => {
    expect(events.onBeforeRequest.added[0]?.filter).toEqual({ urls: apiUrlPatterns() });
    expect(events.onBeforeRequest.added[0]?.extra).toEqual(['requestBody']);
    expect(events.onSendHeaders.added[0]?.extra).toEqual(['requestHeaders']);
    for (const e of Object.values(events)) for (const a of e.added) expect(JSON.stringify(a.extra ?? [])).not.toContain('blocking');
    expect(apiUrlPatterns()).toContain('https://security.microsoft.com/apiproxy/*');
  });

  it('reports a portal page’s decision that answered 2xx, with the page it came from and no secret header', async () => {
    portalRequest('r1');
    events.onCompleted.fire({ requestId: 'r1', statusCode: 200, url: URL_A });
    await settle();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.where).toEqual({ host: 'security.microsoft.com', pageUrl: 'https://security.microsoft.com/action-center/pending' });
    expect(seen[0]?.candidate.actionIds).toEqual([PENDING[0]!.id]);
    expect(JSON.stringify(seen[0]?.candidate.template)).not.toContain('secret-xsrf');
  });

  it('forgets a refused request, its own (background) requests, reads and bodies that name no pending action', async () => {
    portalRequest('refused');
    events.onCompleted.fire({ requestId: 'refused', statusCode: 404, url: URL_A });
    portalRequest('failed');
    events.onErrorOccurred.fire({ requestId: 'failed' });
    events.onCompleted.fire({ requestId: 'failed', statusCode: 200, url: URL_A });
    portalRequest('ours', { tabId: -1 });
    events.onCompleted.fire({ requestId: 'ours', statusCode: 200, url: URL_A });
    portalRequest('read', { method: 'GET' });
    events.onCompleted.fire({ requestId: 'read', statusCode: 200, url: URL_A });
    const other = JSON.stringify({ ApprovalIds: ['99999'], status: 'Approved' });
    events.onBeforeRequest.fire({ requestId: 'other', method: 'PUT', url: URL_A, tabId: 7, requestBody: bytes(other) });
    events.onCompleted.fire({ requestId: 'other', statusCode: 200, url: URL_A });
    await settle();
    expect(seen).toHaveLength(0);
  });

  it('drops a body too large to be a decision without reading it, and reads form bodies', () => {
    expect(bodyText({ raw: [{ bytes: new ArrayBuffer(MAX_OBSERVED_BODY + 1) }] })).toBeNull();
    expect(bodyText({ formData: { ApprovalIds: ['50001'], status: ['Approved'] } })).toEqual({ text: 'ApprovalIds=50001&status=Approved', form: true });
    expect(bodyText(bytes('{"a":1}'))).toEqual({ text: '{"a":1}', form: false });
    expect(bodyText({ raw: [{ bytes: new Uint8Array([0xff, 0xfe]).buffer }] })).toBeNull();
    expect(bodyText(null)).toBeNull();
  });

  it('stops observing when asked', () => {
    stop();
    for (const e of Object.values(events)) expect(e.added).toHaveLength(0);
  });
});
