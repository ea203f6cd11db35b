/**
 * Every message between the background, the popup, the options page and the portal content script:
 * one table of names and payloads. Requests go to the background; broadcasts go from it to every surface.
 */
import { browser } from 'wxt/browser';
import type { Action } from './actions/model';
import type { AuditEntry, DecisionReport, DecisionRequest, SyncDiff, SyncState } from './actions/types';
import type { PortalError } from './portal/errors';
import type { KnownAction } from './portal/decisionTemplate';
import type { MethodStatus } from './portal/decisionMethod';

export interface RequestMap {
  /** The current sync state, without polling. */
  getState: { request: undefined; response: SyncState };
  /** Poll now (joins a poll in flight); answers with the state after it. */
  refresh: { request: { reason: 'user' | 'popupOpened' | 'portalTab' }; response: SyncState };
  /** Decide one or more actions; answers only when the server confirmed or refused each. */
  decide: { request: DecisionRequest; response: DecisionReport };
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

export type RequestHandlers = {
  [N in RequestName]: (
    payload: RequestMap[N]['request'],
    sender: { tabId?: number; url?: string },
  ) => Promise<RequestMap[N]['response']>;
};

/** Background side: answers every request name; only messages from this extension are accepted. */
export function handleRequests(handlers: RequestHandlers): () => void {
  const listener = (message: unknown, sender: { id?: string; tab?: { id?: number }; url?: string }) => {
    if (!isEnvelope(message) || message.acc !== 'request') return undefined;
    if (sender.id !== browser.runtime.id) return undefined;
    const handler = handlers[message.name as RequestName] as
      | ((p: unknown, s: { tabId?: number; url?: string }) => Promise<unknown>)
      | undefined;
    if (!handler) return undefined;
    return handler(message.payload, { tabId: sender.tab?.id, url: sender.url }).then(
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
  const wrapped = (message: unknown, sender: { id?: string }) => {
    if (!isEnvelope(message) || message.acc !== 'broadcast' || message.name !== name) return undefined;
    if (sender.id !== browser.runtime.id) return undefined;
    listener(message.payload as BroadcastMap[N]);
    return undefined;
  };
  browser.runtime.onMessage.addListener(wrapped);
  return () => browser.runtime.onMessage.removeListener(wrapped);
}
