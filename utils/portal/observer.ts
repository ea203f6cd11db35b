/**
 * Watches the portal's own state-changing API calls, to learn how it sends a decision (decisionTemplate.ts).
 * Observation only: no blocking listener, nothing rewritten, nothing replayed. A body is kept only while it is a
 * decision candidate (it names actions the extension knows as pending, with a verdict); every other body is
 * dropped as soon as it is read. The extension's own calls (from the background, tabId -1) are never learned from.
 */
import { browser } from 'wxt/browser';
import { MAX_OBSERVED_BODY, recognise, type Candidate, type KnownAction, type ObservedRequest } from './decisionTemplate';
import { CLOUD_IDS, CLOUDS } from './hosts';

const METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A request whose completion we never see (tab closed mid-flight) is forgotten after this long. */
const FORGET_AFTER_MS = 60_000;
const MAX_TRACKED = 20;

export interface ObserverDeps {
  readonly now: () => number;
  /** Pending actions the extension knows (the recogniser only takes requests naming them); kept in memory, read at once. */
  readonly known: () => readonly KnownAction[];
  /** A candidate the portal answered with a 2xx; `pageUrl` is the tab's URL when known. */
  readonly onCandidate: (candidate: Candidate, where: { host: string; pageUrl: string | null }) => void;
}

interface Tracked {
  readonly at: number;
  readonly tabId: number;
  readonly request: ObservedRequest;
  candidate: Candidate;
}

interface BodyDetails {
  readonly requestId: string;
  readonly method: string;
  readonly url: string;
  readonly tabId: number;
  readonly requestBody?: {
    readonly raw?: readonly { readonly bytes?: ArrayBuffer }[];
    readonly formData?: Readonly<Record<string, readonly (string | ArrayBuffer)[]>>;
    readonly error?: string;
  } | null;
}

/** The body as text, or null when there is none or it is too large to be a decision (dropped unread). */
export function bodyText(body: BodyDetails['requestBody']): { text: string; form: boolean } | null {
  if (!body) return null;
  if (body.formData) {
    const params = new URLSearchParams();
    for (const [name, values] of Object.entries(body.formData)) {
      for (const value of values) if (typeof value === 'string') params.append(name, value);
    }
    const text = params.toString();
    return text.length <= MAX_OBSERVED_BODY ? { text, form: true } : null;
  }
  const parts = body.raw ?? [];
  let size = 0;
  for (const part of parts) size += part.bytes?.byteLength ?? 0;
  if (size === 0 || size > MAX_OBSERVED_BODY) return null;
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    if (!part.bytes) continue;
    joined.set(new Uint8Array(part.bytes), offset);
    offset += part.bytes.byteLength;
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(joined), form: false };
  } catch {
    return null;
  }
}

export function apiUrlPatterns(): string[] {
  return [...new Set(CLOUD_IDS.map((id) => `https://${CLOUDS[id].portalHost}/apiproxy/*`))];
}

/** Registers the listeners (call synchronously at the worker's start so events wake it). Returns a stop. */
export function observePortalDecisions(deps: ObserverDeps): () => void {
  const webRequest = browser.webRequest;
  if (!webRequest) return () => undefined;
  const tracked = new Map<string, Tracked>();
  const filter = { urls: apiUrlPatterns() };

  const sweep = () => {
    const now = deps.now();
    for (const [id, t] of tracked) if (now - t.at > FORGET_AFTER_MS) tracked.delete(id);
    while (tracked.size > MAX_TRACKED) {
      const oldest = tracked.keys().next().value;
      if (oldest === undefined) break;
      tracked.delete(oldest);
    }
  };

  // Returns undefined: a non-blocking listener never answers (nothing is blocked or changed).
  const onBeforeRequest = (details: BodyDetails): undefined => {
    if (details.tabId < 0 || !METHODS.has(details.method.toUpperCase())) return undefined;
    const body = bodyText(details.requestBody);
    if (!body) return undefined;
    const request: ObservedRequest = {
      method: details.method.toUpperCase(),
      url: details.url,
      contentType: body.form ? 'application/x-www-form-urlencoded' : null,
      bodyText: body.text,
      headers: [],
    };
    const known = deps.known();
    const candidate = known.length > 0 ? recognise(request, known) : null;
    if (!candidate) return undefined; // not a decision: the body is not kept
    sweep();
    tracked.set(details.requestId, { at: deps.now(), tabId: details.tabId, request, candidate });
    return undefined;
  };

  const onSendHeaders = (details: { requestId: string; requestHeaders?: readonly { name: string; value?: string }[] }) => {
    const t = tracked.get(details.requestId);
    if (!t) return;
    const headers = (details.requestHeaders ?? []).flatMap((h) => (h.value === undefined ? [] : [[h.name, h.value] as const]));
    const contentType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? t.request.contentType;
    const again = recognise({ ...t.request, headers, contentType }, deps.known());
    if (again) t.candidate = again;
  };

  const onCompleted = (details: { requestId: string; statusCode: number; url: string }) => {
    const t = tracked.get(details.requestId);
    tracked.delete(details.requestId);
    if (!t || details.statusCode < 200 || details.statusCode >= 300) return;
    let host: string;
    try {
      host = new URL(details.url).hostname.toLowerCase();
    } catch {
      return;
    }
    void browser.tabs
      .get(t.tabId)
      .then((tab) => tab.url ?? null)
      .catch(() => null)
      .then((pageUrl) => deps.onCandidate(t.candidate, { host, pageUrl }));
  };

  const onErrorOccurred = (details: { requestId: string }) => {
    tracked.delete(details.requestId);
  };

  webRequest.onBeforeRequest.addListener(onBeforeRequest, filter, ['requestBody']);
  webRequest.onSendHeaders.addListener(onSendHeaders, filter, ['requestHeaders']);
  webRequest.onCompleted.addListener(onCompleted, filter);
  webRequest.onErrorOccurred.addListener(onErrorOccurred, filter);
  return () => {
    webRequest.onBeforeRequest.removeListener(onBeforeRequest);
    webRequest.onSendHeaders.removeListener(onSendHeaders);
    webRequest.onCompleted.removeListener(onCompleted);
    webRequest.onErrorOccurred.removeListener(onErrorOccurred);
    tracked.clear();
  };
}
