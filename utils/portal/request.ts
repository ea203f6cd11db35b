/**
 * The plumbing of every portal request: the analyst's own session (cookies with `credentials: 'include'`, the
 * XSRF-TOKEN cookie's value in X-XSRF-TOKEN), a timeout, sign-in detection, and each HTTP failure as a typed
 * error. Nothing is stored or logged.
 */
import { browser } from 'wxt/browser';
import { formatNumber, t } from '../i18n';
import { fail, ok, portalError, type PortalError, type Result } from './errors';
import { CLOUDS, portalOrigin, type CloudId } from './hosts';
import { apiUrl, type Parsed } from './contract';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface RequestOptions {
  readonly cloud: CloudId;
  /** Default: the global fetch. */
  readonly fetch?: FetchLike;
  /** The raw (URL-encoded) XSRF-TOKEN cookie of the portal origin, or null. Default: browser.cookies. */
  readonly readXsrf?: (origin: string) => Promise<string | null>;
  /** Per request, answer included. Default 20 s. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_RETRY_AFTER_MS = 60_000;
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** A list read or a decision: a 400/404/405 on a decision means the template in use does not fit this portal. */
export type RouteKind = 'list' | 'decision';

export interface CallInit {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  /** A body already rendered (a decision template), sent as is with its content type. */
  readonly raw?: { readonly text: string; readonly contentType: string | null };
  /** Constant, non-secret headers a learned template carries (never cookies, Authorization or the XSRF header). */
  readonly extraHeaders?: readonly (readonly [string, string])[];
}

export interface PortalRequester {
  readonly now: () => number;
  /** Headers, timeout, session rules; the JSON body of a 2xx, or the error. */
  send(kind: RouteKind, path: string, init: CallInit): Promise<Result<unknown>>;
  /** A GET (or `init`) whose JSON answer is parsed; an answer that does not fit is BadResponse. */
  callAndParse<T>(kind: RouteKind, path: string, parse: (body: unknown) => Parsed<T>, init?: CallInit): Promise<Result<T>>;
}

// Protocol, not words for the analyst: the sign-in page's markers and the session words of a 403 body are matched,
// never shown.
const SIGN_IN_PAGE = /login\.microsoftonline|ConvergedSignIn|Sign in to your account/i;
const SESSION_WORDS = /xsrf|csrf|token|session|sign[- ]?in|log[- ]?in/i;

/** The message of a decision request the portal did not accept (the template in use does not fit). */
export const unsupportedMessage = () => t('background.unsupported');

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

export function badResponse<T>(problem: { field: string; message: string }, status?: number): Result<T> {
  return fail(
    portalError('BadResponse', t('background.notUnderstood', [problem.message]), {
      ...(problem.field === '' ? {} : { field: problem.field }),
      ...(status === undefined ? {} : { status }),
    }),
  );
}

const signedOut = (status?: number) => portalError('SignedOut', t('background.signedOut'), status === undefined ? {} : { status });

/** Maps an HTTP answer that is not a 2xx to its error. */
function errorFor(kind: RouteKind, status: number, text: string, headers: Headers, now: number): PortalError {
  if (status === 401 || status === 419 || status === 440) return signedOut(status);
  if (status === 403) {
    return SESSION_WORDS.test(text)
      ? signedOut(status)
      : portalError('Forbidden', t('background.forbidden'), { status });
  }
  if (status === 409) return portalError('Conflict', t('background.conflict'), { status });
  if (status === 429) {
    const wait = retryAfterMs(headers.get('Retry-After'), now);
    const seconds = Math.ceil(wait / 1000);
    return portalError('RateLimited', t('background.waitSeconds', seconds, [formatNumber(seconds)]), {
      status,
      retryAfterMs: wait,
    });
  }
  // An HTTP status is a code, not a quantity: given as it is, never number-formatted.
  if (status >= 500) return portalError('Unavailable', t('background.serverProblem', [String(status)]), { status });
  // The request does not fit this portal (route, method or body): the template in use is wrong.
  if (kind === 'decision' && (status === 400 || status === 404 || status === 405)) return portalError('Unsupported', unsupportedMessage(), { status });
  return portalError('BadResponse', t('background.refusedHttp', [String(status)]), { status });
}

/** Protocol: the header names and values the portal's API expects (PORTAL.md), not words for the analyst. */
function headersFor(xsrf: string, init: CallInit): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of init.extraHeaders ?? []) headers[name] = value;
  headers.Accept = 'application/json';
  headers['X-XSRF-TOKEN'] = decodeCookie(xsrf);
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init.raw?.contentType) headers['Content-Type'] = init.raw.contentType;
  return headers;
}

/** A redirect from an API call is the session ending (or, to a foreign host, an answer we cannot use); null when none. */
function redirectError(response: Response, cloud: CloudId): PortalError | null {
  const signInHost = CLOUDS[cloud].signInHost;
  // We cannot see where an opaque redirect goes: treat it as sign-in.
  if (response.type === 'opaqueredirect' || hostOf(response.url) === signInHost) return signedOut(response.status);
  if (response.status < 300 || response.status >= 400) return null;
  const to = hostOf(response.headers.get('Location'));
  return to === null || to === signInHost || to === CLOUDS[cloud].portalHost
    ? signedOut(response.status)
    : portalError('BadResponse', t('background.redirected', [String(response.status)]), { status: response.status });
}

/** The JSON of a 2xx answer, or what the answer means instead (a sign-in page, an HTTP error, not JSON). */
function readAnswer(kind: RouteKind, response: Response, text: string, now: number): Result<unknown> {
  const status = response.status;
  // Only a page is read for sign-in words: a JSON answer may carry any text in its fields.
  const isPage = /^\s*</.test(text) || (response.headers.get('Content-Type') ?? '').toLowerCase().includes('text/html');
  if (isPage && SIGN_IN_PAGE.test(text)) return fail(signedOut(status));
  if (status < 200 || status >= 300) return fail(errorFor(kind, status, text, response.headers, now));
  if (text.trim() === '') return badResponse({ field: '', message: t('background.answerEmpty') }, status);
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return badResponse({ field: '', message: t('background.answerNotJson') }, status);
  }
}

export function createRequester(opts: RequestOptions): PortalRequester {
  const { cloud } = opts;
  const origin = portalOrigin(cloud);
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const readXsrf = opts.readXsrf ?? readXsrfCookie;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = opts.now ?? Date.now;

  /** The answer and its text, or the error when none came in time. */
  async function fetchText(path: string, init: CallInit, headers: Record<string, string>): Promise<Result<{ response: Response; text: string }>> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await doFetch(apiUrl(cloud, path), {
        method: init.method,
        credentials: 'include',
        redirect: 'manual',
        cache: 'no-store',
        headers,
        signal: controller.signal,
        ...(init.raw ? { body: init.raw.text } : init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const redirected = redirectError(response, cloud);
      if (redirected) return fail(redirected);
      return ok({ response, text: await response.text() });
    } catch {
      const seconds = Math.round(timeoutMs / 1000);
      const message = timedOut ? t('background.timedOut', seconds, [formatNumber(seconds)]) : t('background.unreachable');
      return fail(portalError('Unavailable', message));
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(kind: RouteKind, path: string, init: CallInit): Promise<Result<unknown>> {
    const xsrf = await readXsrf(origin).catch(() => null);
    if (!xsrf) return fail(portalError('SignedOut', t('background.noSession')));
    const answer = await fetchText(path, init, headersFor(xsrf, init));
    return answer.ok ? readAnswer(kind, answer.value.response, answer.value.text, now()) : answer;
  }

  async function callAndParse<T>(kind: RouteKind, path: string, parse: (body: unknown) => Parsed<T>, init: CallInit = { method: 'GET' }): Promise<Result<T>> {
    const answer = await send(kind, path, init);
    if (!answer.ok) return answer;
    const parsed = parse(answer.value);
    return parsed.ok ? ok(parsed.value) : badResponse(parsed.problem);
  }

  return { now, send, callAndParse };
}
