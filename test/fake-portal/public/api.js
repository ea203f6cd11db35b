// @ts-check
/** The portal's API as the page calls it: session rules, errors, and the lists read page by page. */

/** @typedef {import('./items.js').Item} Item */

export const API = {
  pending: '/apiproxy/mtp/actionCenter/actioncenterui/pending-actions/',
  history: '/apiproxy/mtp/actionCenter/actioncenterui/history-actions/',
  decision: '/apiproxy/mtp/actionCenter/actioncenterui/pending-actions/decision?useMtpApi=true',
  investigation: '/apiproxy/mtp/autoIr/ui/investigations/',
};
const PAGE_SIZE = 100;
/** Paging stops here whatever the API says (a portal that always answers full pages must not loop forever). */
const MAX_PAGES = 200;
const HISTORY_DAYS = 30;

/**
 * @typedef {{ ok: true, status: number, data: unknown }
 *   | { ok: false, kind: 'signedOut' | 'forbidden' | 'status' | 'network' | 'malformed', status: number | null, message: string }
 * } ApiResult
 */

/** The anti-forgery cookie's decoded value (PORTAL.md "Session and request headers"). */
function xsrfToken() {
  for (const part of document.cookie.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === 'XSRF-TOKEN') {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return part.slice(i + 1).trim();
      }
    }
  }
  return '';
}

/** @param {string} text */
function looksLikeSignIn(text) {
  return /login\.microsoftonline|ConvergedSignIn|Sign in to your account/i.test(text);
}

/** @param {string} method @param {string} path @param {unknown} [body] @param {AbortSignal} [signal] @param {Record<string, string>} [extraHeaders] @returns {Promise<ApiResult>} */
export async function api(method, path, body, signal, extraHeaders = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json', 'x-fake-portal-page': '1', 'X-XSRF-TOKEN': xsrfToken(), ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  /** @type {Response} */
  let res;
  let text;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}), ...(signal ? { signal } : {}) });
    text = await res.text();
  } catch (e) {
    if (signal?.aborted) throw e;
    return { ok: false, kind: 'network', status: null, message: 'The portal could not be reached.' };
  }
  const status = res.status;
  const html = /text\/html/i.test(res.headers.get('content-type') ?? '');
  if (status === 401 || status === 419 || status === 440 || (status === 403 && /xsrf|csrf|token|session|sign-?in|login/i.test(text)) || ((html || status === 200) && looksLikeSignIn(text))) {
    return { ok: false, kind: 'signedOut', status, message: 'Your session has expired.' };
  }
  if (status === 403) return { ok: false, kind: 'forbidden', status, message: errorMessageOf(text) ?? 'You do not have permission to do this.' };
  if (status < 200 || status > 299) {
    return { ok: false, kind: 'status', status, message: errorMessageOf(text) ?? `The request failed with status ${status}.` };
  }
  try {
    return { ok: true, status, data: JSON.parse(text) };
  } catch {
    return { ok: false, kind: 'malformed', status, message: 'The answer could not be read.' };
  }
}

/** The portal's error message in a JSON error body, if any. @param {string} text */
function errorMessageOf(text) {
  try {
    const body = JSON.parse(text);
    const message = body?.error?.message ?? body?.Message ?? body?.message;
    return typeof message === 'string' ? message : null;
  } catch {
    return null;
  }
}

/** @param {'pending' | 'history'} kind @param {number} pageIndex @param {{from: string, to: string}} range */
function listUrl(kind, pageIndex, range) {
  // Exactly the portal's own query, in its order (some tenants answer 400 to anything else).
  const base = `${API[kind]}?type=${kind}&useMtpApi=true&pageIndex=${pageIndex}&pageSize=${PAGE_SIZE}&sortByField=eventTime&sortOrder=Descending`;
  return kind === 'history' ? `${base}&fromDate=${encodeURIComponent(range.from)}&toDate=${encodeURIComponent(range.to)}` : base;
}

/**
 * A whole list, page by page until a short page.
 * @param {'pending' | 'history'} kind @param {AbortSignal} signal
 * @returns {Promise<{ ok: true, items: Item[], count: number } | Extract<ApiResult, { ok: false }>>}
 */
export async function fetchList(kind, signal) {
  const now = Date.now();
  const range = { from: new Date(now - HISTORY_DAYS * 86_400_000).toISOString(), to: new Date(now).toISOString() };
  /** @type {Item[]} */
  const items = [];
  let count = null;
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const res = await api('GET', listUrl(kind, page, range), undefined, signal);
    if (!res.ok) return res;
    const data = /** @type {{Count?: unknown, Results?: unknown} | null} */ (res.data);
    const results = data && typeof data === 'object' ? data.Results : undefined;
    if (!Array.isArray(results)) return { ok: false, kind: 'malformed', status: res.status, message: 'The answer has no list of actions.' };
    if (count === null && typeof data?.Count === 'number') count = data.Count;
    for (const r of results) if (r && typeof r === 'object' && !Array.isArray(r)) items.push(/** @type {Item} */ (r));
    if (results.length < PAGE_SIZE) break;
  }
  return { ok: true, items, count: count ?? items.length };
}

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
