/**
 * The portal client: the analyst's own portal session (cookies with `credentials: 'include'`, the XSRF-TOKEN
 * cookie's value in X-XSRF-TOKEN), typed errors as values, and nothing stored or logged. Every dependency is
 * injectable so unit tests run against recorded answers without a browser.
 */
import { MAX_ACTIONS_PER_DECISION } from '../actions/rules';
import { browser } from 'wxt/browser';
import type { Action, Verdict } from '../actions/model';
import type { ServerDecision } from '../actions/decide';
import { fail, ok, portalError, type PortalError, type Result } from './errors';
import { CLOUDS, portalOrigin, type CloudId } from './hosts';
import { readDecisionAnswer, renderDecision, type DecisionTemplate, type KnownAction, type RenderInput } from './decisionTemplate';
import {
  MAX_PAGES,
  PAGE_SIZE,
  apiUrl,
  historyPath,
  isSafeId,
  parseListPage,
  pendingPath,
  type Parsed,
} from './contract';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface PortalClientOptions {
  readonly cloud: CloudId;
  /** Default: the global fetch. */
  readonly fetch?: FetchLike;
  /** The raw (URL-encoded) XSRF-TOKEN cookie of the portal origin, or null. Default: browser.cookies. */
  readonly readXsrf?: (origin: string) => Promise<string | null>;
  /** Per request, answer included. Default 20 s. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

export interface ActionList {
  readonly actions: readonly Action[];
  /** Items the portal sent that did not fit the contract. */
  readonly skipped: number;
  /**
   * The portal's own count (`Count`) when it is more than what could be read (actions + skipped): the list is
   * short and a surface says "showing N of M". Null when the list is complete or the portal sent no Count.
   */
  readonly total: number | null;
}

export interface PortalClient {
  listPending(): Promise<Result<ActionList>>;
  /** `maxPages` bounds a read that may stop short (settling decisions); the History view reads it all. */
  listHistory(range: { from: number; to: number }, opts?: { maxPages?: number }): Promise<Result<ActionList>>;
  /**
   * Sends a decision rendered from `template` (learned, imported, the organisation's, or the built-in guess). At most
   * MAX_ACTIONS_PER_DECISION actions; done only when the server confirms, per action or by a re-read. A 400/404/405 is
   * Unsupported with its status: the caller marks the template broken.
   */
  decide(targets: readonly KnownAction[], verdict: Verdict, comment: string, template: DecisionTemplate): Promise<Result<readonly ServerDecision[]>>;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
/** Pages of history one settlement or recovery reads at most (1,000 actions, newest first). */
export const SETTLE_HISTORY_PAGES = 10;
export const DEFAULT_RETRY_AFTER_MS = 60_000;
export const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** How far back a lost decision or a missing action is looked for (pending actions expire after 7 days). */
export const RECENT_HISTORY_MS = 8 * 24 * 60 * 60_000;

type RouteKind = 'list' | 'decision';

interface CallInit {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  /** A body already rendered (a decision template), sent as is with its content type. */
  readonly raw?: { readonly text: string; readonly contentType: string | null };
  /** Constant, non-secret headers a learned template carries (never cookies, Authorization or the XSRF header). */
  readonly extraHeaders?: readonly (readonly [string, string])[];
}

const SIGN_IN_PAGE = /login\.microsoftonline|ConvergedSignIn|Sign in to your account/i;
const SESSION_WORDS = /xsrf|csrf|token|session|sign[- ]?in|log[- ]?in/i;

const SIGNED_OUT = 'Your portal session has ended. Open the Defender portal and sign in again.';
const UNSUPPORTED =
  'The portal did not accept the request the extension sent; nothing was changed. Decide this one in the portal: Companion learns how from your decision.';

async function readXsrfCookie(origin: string): Promise<string | null> {
  const cookie = await browser.cookies.get({ url: origin, name: 'XSRF-TOKEN' });
  return cookie?.value ?? null;
}

function decodeCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Retry-After in seconds or as an HTTP date; a missing or odd value waits the default. Capped. */
export function retryAfterMs(header: string | null, now: number): number {
  const value = header?.trim() ?? '';
  let ms = Number.NaN;
  if (/^\d+(\.\d+)?$/.test(value)) ms = Number(value) * 1000;
  else if (value !== '') ms = Date.parse(value) - now;
  if (!Number.isFinite(ms)) return DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(1000, Math.round(ms)));
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function badResponse<T>(problem: { field: string; message: string }, status?: number): Result<T> {
  return fail(
    portalError('BadResponse', `The portal sent an answer the extension does not understand (${problem.message}).`, {
      ...(problem.field === '' ? {} : { field: problem.field }),
      ...(status === undefined ? {} : { status }),
    }),
  );
}

/** The portal took the request (2xx) and did not say per action what it did: the next reads settle it. */
function sent(actionId: string): ServerDecision {
  return { actionId, status: 'Unknown', decidedBy: null, message: 'The portal took the request; it still lists the action as pending, and the next refreshes will tell.' };
}

function lost(actionId: string, why: string): ServerDecision {
  return { actionId, status: 'Failed', decidedBy: null, message: `Not sent: ${why}` };
}

/** Why a template could not render this decision; nothing was sent. */
function renderRefusal(reason: string, verdict: Verdict): PortalError {
  switch (reason) {
    case 'noVerdictSpelling':
      return portalError(
        'Unsupported',
        `Companion has not yet seen how this portal sends ${verdict === 'approve' ? 'an approval' : 'a rejection'}. Decide one in the portal once; Companion learns how and does it for you from then on. Nothing was sent.`,
      );
    case 'missingApprovalId':
      return portalError('BadResponse', "The portal's decision request needs the action's Approval ID, which the portal did not list. Decide it in the portal. Nothing was sent.");
    case 'mixedInvestigations':
      return portalError('BadResponse', 'The portal decides actions of one investigation at a time: select actions of one investigation. Nothing was sent.');
    default:
      return portalError('BadResponse', 'A value of this action is not safe to send to the portal. Decide it in the portal. Nothing was sent.');
  }
}

export function createPortalClient(opts: PortalClientOptions): PortalClient {
  const cloud = opts.cloud;
  const origin = portalOrigin(cloud);
  const signInHost = CLOUDS[cloud].signInHost;
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const readXsrf = opts.readXsrf ?? readXsrfCookie;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = opts.now ?? Date.now;

  /** Maps an HTTP answer that is not a 2xx to its error. */
  function errorFor(kind: RouteKind, status: number, text: string, headers: Headers): PortalError {
    if (status === 401 || status === 419 || status === 440) return portalError('SignedOut', SIGNED_OUT, { status });
    if (status === 403) {
      return SESSION_WORDS.test(text)
        ? portalError('SignedOut', SIGNED_OUT, { status })
        : portalError('Forbidden', 'The portal refused: your role cannot do this (approving needs the Security Administrator role or the Active remediation actions permission).', { status });
    }
    if (status === 409) return portalError('Conflict', 'These actions were already decided by someone else.', { status });
    if (status === 429) {
      const wait = retryAfterMs(headers.get('Retry-After'), now());
      return portalError('RateLimited', `The portal asked to wait ${Math.ceil(wait / 1000)} seconds before the next request.`, {
        status,
        retryAfterMs: wait,
      });
    }
    if (status >= 500) return portalError('Unavailable', `The portal had a problem (HTTP ${status}). Try again in a moment.`, { status });
    // The request does not fit this portal (route, method or body): the template in use is wrong.
    if (kind === 'decision' && (status === 400 || status === 404 || status === 405)) return portalError('Unsupported', UNSUPPORTED, { status });
    return portalError('BadResponse', `The portal refused the request (HTTP ${status}).`, { status });
  }

  /** Headers, timeout, session rules; the JSON body of a 2xx, or the error. */
  async function send(kind: RouteKind, path: string, init: CallInit): Promise<Result<unknown>> {
    const raw = await readXsrf(origin).catch(() => null);
    if (!raw) return fail(portalError('SignedOut', 'No portal session found. Open the Defender portal and sign in.'));
    const headers: Record<string, string> = {};
    for (const [name, value] of init.extraHeaders ?? []) headers[name] = value;
    headers.Accept = 'application/json';
    headers['X-XSRF-TOKEN'] = decodeCookie(raw);
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    if (init.raw?.contentType) headers['Content-Type'] = init.raw.contentType;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      let response: Response;
      let text: string;
      try {
        response = await doFetch(apiUrl(cloud, path), {
          method: init.method,
          credentials: 'include',
          redirect: 'manual',
          cache: 'no-store',
          headers,
          signal: controller.signal,
          ...(init.raw ? { body: init.raw.text } : init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        });
        // A redirect from an API call is the session ending: we cannot see where to, so treat it as sign-in.
        if (response.type === 'opaqueredirect' || hostOf(response.url) === signInHost) {
          return fail(portalError('SignedOut', SIGNED_OUT, { status: response.status }));
        }
        if (response.status >= 300 && response.status < 400) {
          const to = hostOf(response.headers.get('Location'));
          return to === null || to === signInHost || to === CLOUDS[cloud].portalHost
            ? fail(portalError('SignedOut', SIGNED_OUT, { status: response.status }))
            : fail(portalError('BadResponse', `The portal redirected the request elsewhere (HTTP ${response.status}).`, { status: response.status }));
        }
        text = await response.text();
      } catch {
        return fail(
          portalError(
            'Unavailable',
            timedOut
              ? `The portal did not answer within ${Math.round(timeoutMs / 1000)} seconds.`
              : 'Could not reach the portal (network problem or the connection was dropped).',
          ),
        );
      }
      const status = response.status;
      // Only a page is read for sign-in words: a JSON answer may carry any text in its fields.
      const isPage = /^\s*</.test(text) || (response.headers.get('Content-Type') ?? '').toLowerCase().includes('text/html');
      if (isPage && SIGN_IN_PAGE.test(text)) return fail(portalError('SignedOut', SIGNED_OUT, { status }));
      if (status < 200 || status >= 300) {
        return fail(errorFor(kind, status, text, response.headers));
      }
      if (text.trim() === '') return badResponse({ field: '', message: 'the answer was empty' }, status);
      try {
        return ok(JSON.parse(text) as unknown);
      } catch {
        return badResponse({ field: '', message: 'the answer is not JSON' }, status);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async function callAndParse<T>(kind: RouteKind, path: string, parse: (body: unknown) => Parsed<T>, init: CallInit = { method: 'GET' }): Promise<Result<T>> {
    const answer = await send(kind, path, init);
    if (!answer.ok) return answer;
    const parsed = parse(answer.value);
    return parsed.ok ? ok(parsed.value) : badResponse(parsed.problem);
  }

  /**
   * Pages a list route until `Count` items were read (PORTAL.md: a short page is not proof that nothing follows;
   * some tenants cap pages below PAGE_SIZE). Without a Count, a page shorter than PAGE_SIZE is the last. Stops
   * early on a page without a new action (empty, or a portal repeating a page), bounded by MAX_PAGES.
   * Bad items are skipped and counted; an action seen twice (the list shifted while we read) is kept once.
   */
  async function listAll(pathOf: (pageIndex: number) => string, maxPages = MAX_PAGES): Promise<Result<ActionList>> {
    const byId = new Map<string, Action>();
    let skipped = 0;
    let total: number | null = null;
    const done = () => {
      const read = byId.size + skipped;
      return ok({ actions: [...byId.values()], skipped, total: total !== null && read < total ? total : null });
    };
    for (let pageIndex = 1; pageIndex <= maxPages; pageIndex += 1) {
      const page = await callAndParse('list', pathOf(pageIndex), parseListPage);
      if (!page.ok) return page;
      if (page.value.total !== null) total = page.value.total;
      const before = byId.size;
      for (const action of page.value.actions) if (!byId.has(action.id)) byId.set(action.id, action);
      // No new action: an empty or repeated page (its bad items, if any, were counted when first seen).
      if (byId.size === before) return done();
      skipped += page.value.skipped.length;
      const short = page.value.received < PAGE_SIZE;
      if (short && (total === null || byId.size + skipped >= total)) return done();
    }
    // A bounded read (e.g. history to settle the audit log) keeps what it read; the full list must not be cut short.
    if (maxPages < MAX_PAGES) return done();
    return fail(
      portalError('BadResponse', `The portal kept sending full pages; stopped after ${MAX_PAGES} pages.`, { field: 'Results' }),
    );
  }

  const listPending = () => listAll((page) => pendingPath(page));

  function listHistory(range: { from: number; to: number }, opts: { maxPages?: number } = {}): Promise<Result<ActionList>> {
    const valid = (t: number) => Number.isFinite(t) && Math.abs(t) <= 8.64e15;
    if (!valid(range.from) || !valid(range.to) || range.from > range.to) {
      return Promise.resolve(fail(portalError('BadResponse', 'The history range is not a valid time range.')));
    }
    return listAll((page) => historyPath(page, range.from, range.to), Math.min(MAX_PAGES, Math.max(1, opts.maxPages ?? MAX_PAGES)));
  }

  /** What became of a decision's actions: a bounded read, so a lost answer never costs 100 pages. */
  const recentHistory = () => {
    const to = now();
    return listHistory({ from: to - RECENT_HISTORY_MS, to }, { maxPages: SETTLE_HISTORY_PAGES });
  };

  /** The answer to a decision was lost: ask the portal what became of each id. */
  async function recover(ids: readonly string[], verdict: Verdict, lost: PortalError): Promise<Result<readonly ServerDecision[]>> {
    const pending = await listPending();
    if (!pending.ok) return fail(lost);
    const stillPending = new Set(pending.value.actions.map((a) => a.id));
    const gone = ids.filter((id) => !stillPending.has(id));
    const history = gone.length > 0 ? await recentHistory() : null;
    const decided = new Map(history?.ok ? history.value.actions.map((a) => [a.id, a]) : []);
    const ours = verdict === 'approve' ? 'Approved' : 'Rejected';
    return ok(
      ids.map((actionId): ServerDecision => {
        // Still pending right after proves nothing: the portal may apply it asynchronously. Settlement decides later.
        if (stillPending.has(actionId)) {
          return { actionId, status: 'Unknown', decidedBy: null, message: 'The answer was lost and the action is still pending; the next refreshes will tell.' };
        }
        const action = decided.get(actionId);
        if (!action) {
          return { actionId, status: 'Unknown', decidedBy: null, message: 'The answer was lost and the portal could not tell what happened.' };
        }
        if (action.decision === ours) return { actionId, status: ours, decidedBy: action.decidedBy, message: null };
        if (action.decision !== null) {
          return { actionId, status: 'AlreadyDecided', decidedBy: action.decidedBy, message: `Already ${action.decision.toLowerCase()}.` };
        }
        return { actionId, status: 'NotFound', decidedBy: null, message: 'The action is no longer pending and was not decided.' };
      }),
    );
  }

  /**
   * The portal answered, but not with per-action results we can read: what it did is learned from a re-read.
   * Unless the re-read shows a decision, the original error is the truth and is reported as it is.
   */
  async function reconcile(
    ids: readonly string[],
    verdict: Verdict,
    error: PortalError,
    { oursImpossible = false } = {},
  ): Promise<Result<readonly ServerDecision[]>> {
    const recovered = await recover(ids, verdict, error);
    const decided = (d: ServerDecision) => d.status === 'Approved' || d.status === 'Rejected' || d.status === 'AlreadyDecided';
    if (!recovered.ok || !recovered.value.some(decided)) return fail(error);
    if (!oursImpossible) return recovered;
    // After a 409 a decision matching ours was still someone else's.
    return ok(
      recovered.value.map((d): ServerDecision =>
        d.status === 'Approved' || d.status === 'Rejected'
          ? { ...d, status: 'AlreadyDecided', message: `Already ${d.status.toLowerCase()}.` }
          : d,
      ),
    );
  }

  async function decide(
    targets: readonly KnownAction[],
    verdict: Verdict,
    comment: string,
    template: DecisionTemplate,
  ): Promise<Result<readonly ServerDecision[]>> {
    const ids = targets.map((t) => t.id);
    if (ids.length === 0) return ok([]);
    if (ids.length > MAX_ACTIONS_PER_DECISION) {
      return fail(portalError('BadResponse', `Decide at most ${MAX_ACTIONS_PER_DECISION} actions at once.`, { field: 'ActionIds' }));
    }
    const unsafe = ids.findIndex((id) => !isSafeId(id));
    if (unsafe >= 0) {
      return fail(
        portalError('BadResponse', 'An action id from the portal is not safe to send back; nothing was sent. Decide it in the portal.', {
          field: `ActionIds[${unsafe}]`,
        }),
      );
    }
    const input: RenderInput = { actions: targets, verdict, comment };
    const rendered = renderDecision(template, input);
    if (rendered.ok) return sendRendered(template, rendered, input);
    if (rendered.reason === 'singleOnly' && targets.length > 1) {
      // The portal was seen deciding one action per request: so does the extension, one after the other.
      const all: ServerDecision[] = [];
      for (const target of targets) {
        const one = await decide([target], verdict, comment, template);
        if (!one.ok) return all.length === 0 ? one : ok([...all, ...targets.slice(all.length).map((t) => lost(t.id, one.error.message))]);
        all.push(...one.value);
      }
      return ok(all);
    }
    return fail(renderRefusal(rendered.reason, verdict));
  }

  /** Sends a rendered decision and reads what became of each action. */
  async function sendRendered(
    template: DecisionTemplate,
    rendered: Extract<ReturnType<typeof renderDecision>, { ok: true }>,
    input: RenderInput,
  ): Promise<Result<readonly ServerDecision[]>> {
    const ids = input.actions.map((a) => a.id);
    const { verdict } = input;
    const answer = await send('decision', rendered.pathAndQuery, {
      method: rendered.method,
      extraHeaders: rendered.headers,
      ...(rendered.body === null ? {} : { raw: { text: rendered.body, contentType: rendered.contentType } }),
    });
    if (!answer.ok) {
      const { error } = answer;
      if (error.kind === 'Unavailable') return recover(ids, verdict, error);
      const success2xx = error.kind === 'BadResponse' && error.status !== undefined && error.status >= 200 && error.status < 300;
      // An empty or non-JSON 2xx is what a portal that lists no per-action results may send: the re-read tells.
      if (success2xx && template.answer === null) return confirmByReread(ids, verdict);
      if (error.kind === 'Conflict') return reconcile(ids, verdict, error, { oursImpossible: true });
      return success2xx ? reconcile(ids, verdict, error) : answer;
    }
    if (template.answer === null) return confirmByReread(ids, verdict);
    const results = readDecisionAnswer(template, answer.value, input);
    if (results === null) return reconcile(ids, verdict, portalError('Unsupported', UNSUPPORTED, { field: 'Results' }));
    const asked = new Set(ids);
    return ok(
      results
        .filter((r) => asked.has(r.actionId))
        .map((r): ServerDecision => ({ actionId: r.actionId, status: r.status, decidedBy: r.decidedBy, message: r.message })),
    );
  }

  /**
   * The portal took the request (2xx) without saying per action what it did: an action counts as decided only when
   * a re-read shows it left pending with our verdict in history. Still pending is not a failure: the portal may
   * apply it a little later, so it is "sent, waiting for the portal" and the next polls settle it.
   */
  async function confirmByReread(ids: readonly string[], verdict: Verdict): Promise<Result<readonly ServerDecision[]>> {
    const reread = await recover(ids, verdict, portalError('Unavailable', 'The portal took the decision; it could not be re-read yet.'));
    if (!reread.ok) return ok(ids.map((actionId) => sent(actionId)));
    return ok(reread.value.map((d) => (d.status === 'Failed' || d.status === 'Unknown' ? sent(d.actionId) : d)));
  }

  return {
    listPending,
    listHistory,


    decide,

  };
}
