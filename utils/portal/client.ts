/**
 * The portal client: the analyst's own portal session, typed errors as values, and nothing stored or logged.
 * Three parts: request.ts (session, XSRF, timeout, HTTP errors), lists.ts (pending and history, paged) and
 * decisions.ts (send a decision, read what became of it). Every dependency is injectable so unit tests run
 * against recorded answers without a browser.
 */
import type { Verdict } from '../actions/model';
import type { ServerDecision } from '../actions/decide';
import type { Result } from './errors';
import type { DecisionTemplate, KnownAction } from './decisionTemplate';
import { createDecisionSender } from './decisions';
import { createListReader, type ActionList, type ListReader } from './lists';
import { createRequester, type RequestOptions } from './request';

export { SETTLE_HISTORY_PAGES, RECENT_HISTORY_MS } from './decisions';
export { DEFAULT_RETRY_AFTER_MS, DEFAULT_TIMEOUT_MS, MAX_RETRY_AFTER_MS, retryAfterMs, type FetchLike } from './request';
export type { ActionList };

export type PortalClientOptions = RequestOptions;

export interface PortalClient extends ListReader {
  /**
   * Sends a decision rendered from `template` (learned, imported, the organisation's, or the built-in guess). At most
   * MAX_ACTIONS_PER_DECISION actions; done only when the server confirms, per action or by a re-read. A 400/404/405 is
   * Unsupported with its status: the caller marks the template broken.
   */
  decide(targets: readonly KnownAction[], verdict: Verdict, comment: string, template: DecisionTemplate): Promise<Result<readonly ServerDecision[]>>;
}

export function createPortalClient(opts: PortalClientOptions): PortalClient {
  const requester = createRequester(opts);
  const lists = createListReader(requester);
  return { ...lists, decide: createDecisionSender(requester, lists) };
}
