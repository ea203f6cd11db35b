/**
 * Every message between the background, the popup, the options page and the portal content script:
 * one table of names and payloads. Requests go to the background; broadcasts go from it to every surface.
 *
 * The background treats a content script as untrusted (a portal renderer may be compromised): it may ask only
 * what the page needs (CONTENT_SCRIPT_REQUESTS), every payload is validated (REQUEST_SCHEMAS) before a handler
 * sees it, and the surface a decision is recorded under comes from the sender, never from the payload.
 */
import { MAX_ACTIONS_PER_DECISION, MAX_COMMENT_LENGTH } from './actions/rules';
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import type { Action } from './actions/model';
import type { AuditEntry, DecisionReport, DecisionRequest, Surface, SyncDiff, SyncState } from './actions/types';
import type { PortalError } from './portal/errors';
import type { KnownAction } from './portal/decisionTemplate';
import type { MethodStatus } from './portal/decisionMethod';

/** What a surface asks for; the background adds the surface it derives from the sender. */
export type DecisionIntent = Omit<DecisionRequest, 'surface'> & {
  /** Ignored: the background derives the surface from the sender (kept optional so older senders still type). */
  readonly surface?: Surface;
};

export interface RequestMap {
  /** The current sync state, without polling. */
  getState: { request: undefined; response: SyncState };
  /** Poll now (joins a poll in flight); answers with the state after it. */
  refresh: { request: { reason: 'user' | 'popupOpened' | 'portalTab' }; response: SyncState };
  /** Decide one or more actions; answers only when the server confirmed or refused each. */
  decide: { request: DecisionIntent; response: DecisionReport };
  /** The local audit log, newest first. */
  listAudit: { request: { limit?: number }; response: AuditEntry[] };
  /** Decided actions from the portal's History (last `days` days). */
  listHistory: { request: { days: number }; response: { actions: Action[]; error: PortalError | null } };
  /** Open the action or investigation in the portal, reusing a portal tab when there is one. */
  openInPortal: { request: { actionId?: string; investigationId?: string }; response: null };
  /** Drop every local record (audit log, cache, notified ids). */
  clearLocalData: { request: undefined; response: null };
  /** How decisions are sent to the selected portal: learned, imported, the built-in guess, broken. */
  decisionMethod: { request: undefined; response: MethodStatus };
  /** Forget what was learned or imported for the selected portal (the built-in guess is tried again). */
  forgetDecisionMethod: { request: undefined; response: MethodStatus };
  /** Save a template the analyst confirmed from a HAR file (validated again here). */
  importDecisionTemplate: { request: { template: unknown }; response: MethodStatus };
  /** Ids of pending and recently seen actions, to recognise a decision in a HAR file. */
  knownActions: { request: undefined; response: KnownAction[] };
}

/** Bounds of what a request may carry (the decider refuses more too; these stop it at the door). */
export const MAX_ID_LENGTH = 128;
export const MAX_AUDIT_LIMIT = 100_000;
export const MAX_HISTORY_DAYS = 30;

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID_LENGTH));

/** One schema per request name: a payload that does not fit is refused, never passed on. */
export const REQUEST_SCHEMAS = {
  getState: v.undefined(),
  refresh: v.strictObject({ reason: v.picklist(['user', 'popupOpened', 'portalTab']) }),
  decide: v.object({
    actionIds: v.pipe(v.array(Id), v.minLength(1), v.maxLength(MAX_ACTIONS_PER_DECISION)),
    verdict: v.picklist(['approve', 'reject']),
    comment: v.pipe(v.string(), v.maxLength(MAX_COMMENT_LENGTH)),
    // Not strict: a `surface` a sender still sends is dropped here (v.object keeps only these keys); it comes from the sender.
  }),
  listAudit: v.strictObject({ limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_AUDIT_LIMIT))) }),
  listHistory: v.strictObject({ days: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_HISTORY_DAYS)) }),
  openInPortal: v.strictObject({ actionId: v.optional(Id), investigationId: v.optional(Id) }),
  clearLocalData: v.undefined(),
  decisionMethod: v.undefined(),
  forgetDecisionMethod: v.undefined(),
  // The template itself is validated by parseTemplate in the background, which names the field that does not fit.
  importDecisionTemplate: v.strictObject({ template: v.unknown() }),
  knownActions: v.undefined(),
} satisfies { [N in keyof RequestMap]: v.GenericSchema<unknown, unknown> };

/** What the portal page needs: its state, a refresh, decisions, and the audit marks of its History tab. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<keyof RequestMap> = new Set(['getState', 'refresh', 'decide', 'listAudit']);

export interface BroadcastMap {
  stateChanged: { state: SyncState; diff: SyncDiff };
  /** A decision finished, from whichever surface started it, so the other surfaces update at once. */
  decided: { report: DecisionReport; request: DecisionRequest };
}

export type RequestName = keyof RequestMap;
export type BroadcastName = keyof BroadcastMap;

interface Envelope {
  readonly acc: 'request' | 'broadcast';
  readonly name: string;
  readonly payload: unknown;
}

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

function isEnvelope(x: unknown): x is Envelope {
  return typeof x === 'object' && x !== null && 'acc' in x && 'name' in x;
}

/** Sends a request to the background and resolves with its typed answer; rejects when it failed. */
export async function request<N extends RequestName>(
  name: N,
  payload: RequestMap[N]['request'],
): Promise<RequestMap[N]['response']> {
  const envelope: Envelope = { acc: 'request', name, payload };
  const reply = (await browser.runtime.sendMessage(envelope)) as Reply<RequestMap[N]['response']> | undefined;
  if (!reply) throw new Error(`No answer to ${name}`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** Who asked, as the background derived it from the browser's sender (never from the payload). */
export interface RequestSender {
  /** extension: a page of this extension (popup, options, the notification's decision window); content: a portal tab. */
  readonly context: 'extension' | 'content';
  readonly surface: Surface;
  readonly tabId?: number;
  readonly url?: string;
}

export type RequestHandlers = {
  [N in RequestName]: (payload: RequestMap[N]['request'], sender: RequestSender) => Promise<RequestMap[N]['response']>;
};

export interface MessageSenderLike {
  readonly id?: string;
  readonly url?: string;
  readonly tab?: { readonly id?: number };
}

/**
 * Classifies a sender: this extension's own pages (by URL: the browser sets it, a content script cannot), or a
 * content script in a portal tab; null for anything else. The notification's decision window is the popup page
 * opened with `?action=`: its decisions are recorded as from the notification.
 */
export function classifySender(sender: MessageSenderLike, isPortalUrl: (url: string) => boolean): RequestSender | null {
  if (sender.id !== browser.runtime.id || typeof sender.url !== 'string') return null;
  const url = sender.url;
  const tabId = sender.tab?.id;
  const ownOrigin = new URL(browser.runtime.getURL('/popup.html')).origin;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin === ownOrigin) {
    const fromNotification = parsed.pathname === '/popup.html' && parsed.searchParams.has('action');
    return { context: 'extension', surface: fromNotification ? 'notification' : 'popup', tabId, url };
  }
  if (tabId !== undefined && isPortalUrl(url)) return { context: 'content', surface: 'portal', tabId, url };
  return null;
}

/** Why a request is refused, in plain words; null when it may go to its handler (with the validated payload). */
export function vetRequest(
  name: string,
  payload: unknown,
  sender: RequestSender | null,
): { ok: true; name: RequestName; payload: unknown } | { ok: false; error: string } {
  if (!sender) return { ok: false, error: 'Refused: the sender is neither a page of this extension nor a portal tab.' };
  if (!Object.hasOwn(REQUEST_SCHEMAS, name)) return { ok: false, error: `Refused: unknown request "${name.slice(0, 40)}".` };
  const known = name as RequestName;
  if (sender.context === 'content' && !CONTENT_SCRIPT_REQUESTS.has(known)) {
    return { ok: false, error: `Refused: the portal page may not ask for ${known}.` };
  }
  const parsed = v.safeParse(REQUEST_SCHEMAS[known], payload);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return { ok: false, error: `Refused: the ${known} request does not fit (${path ? `${path}: ` : ''}${issue.message}).` };
  }
  return { ok: true, name: known, payload: parsed.output };
}

/**
 * Background side: answers requests from this extension's pages and from content scripts in portal tabs
 * (`isPortalUrl` says which URLs those are); each is checked by vetRequest before its handler runs.
 */
export function handleRequests(handlers: RequestHandlers, opts: { isPortalUrl: (url: string) => boolean }): () => void {
  const listener = (message: unknown, sender: MessageSenderLike) => {
    if (!isEnvelope(message) || message.acc !== 'request') return undefined;
    if (sender.id !== browser.runtime.id) return undefined;
    const from = classifySender(sender, opts.isPortalUrl);
    const vetted = vetRequest(String(message.name), message.payload, from);
    if (!vetted.ok || !from) return Promise.resolve<Reply<unknown>>({ ok: false, error: vetted.ok ? 'Refused.' : vetted.error });
    const handler = handlers[vetted.name] as (p: unknown, s: RequestSender) => Promise<unknown>;
    return handler(vetted.payload, from).then(
      (value): Reply<unknown> => ({ ok: true, value }),
      (error: unknown): Reply<unknown> => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/** Background side: tells open extension pages and the given portal tabs. Nobody listening is fine. */
export async function broadcast<N extends BroadcastName>(
  name: N,
  payload: BroadcastMap[N],
  portalTabIds: readonly number[],
): Promise<void> {
  const envelope: Envelope = { acc: 'broadcast', name, payload };
  const sends: Promise<unknown>[] = [browser.runtime.sendMessage(envelope).catch(() => undefined)];
  for (const tabId of portalTabIds) sends.push(browser.tabs.sendMessage(tabId, envelope).catch(() => undefined));
  await Promise.all(sends);
}

/** Surface side: listens to one broadcast. Returns an unsubscribe. */
export function onBroadcast<N extends BroadcastName>(name: N, listener: (payload: BroadcastMap[N]) => void): () => void {
  const wrapped = (message: unknown, sender: MessageSenderLike) => {
    if (!isEnvelope(message) || message.acc !== 'broadcast' || message.name !== name) return undefined;
    // Only the background broadcasts, and it has no tab; a content script (always in a tab) could otherwise
    // tell the popup a state or a decision that never happened.
    if (sender.id !== browser.runtime.id || sender.tab) return undefined;
    listener(message.payload as BroadcastMap[N]);
    return undefined;
  };
  browser.runtime.onMessage.addListener(wrapped);
  return () => browser.runtime.onMessage.removeListener(wrapped);
}
