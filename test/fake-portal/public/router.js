// @ts-check
/** SPA routing: routes of the portal's pages, links that keep the tenant, history.pushState navigation. */

/**
 * @typedef {{ kind: 'actionCenter', tab: 'pending' | 'history' }
 *   | { kind: 'investigation', id: string, office: boolean, tab: InvestigationTab }
 *   | { kind: 'other', path: string }} Route
 * @typedef {'overview' | 'pending' | 'history' | 'evidence' | 'log'} InvestigationTab
 */

/** @returns {Route} */
export function currentRoute() {
  const path = location.pathname;
  const ac = /^\/action-center(?:\/(pending|history))?\/?$/i.exec(path);
  if (ac) return { kind: 'actionCenter', tab: ac[1]?.toLowerCase() === 'history' ? 'history' : 'pending' };
  const inv = /^\/(air)?investigation\/([^/]{1,100})\/?$/i.exec(path);
  if (inv?.[2]) {
    const tab = new URLSearchParams(location.search).get('tab');
    /** @type {InvestigationTab[]} */
    const tabs = ['overview', 'pending', 'history', 'evidence', 'log'];
    let id = inv[2];
    try {
      id = decodeURIComponent(id);
    } catch {
      // Keep it as sent.
    }
    return { kind: 'investigation', id, office: Boolean(inv[1]), tab: tabs.find((t) => t === tab) ?? 'overview' };
  }
  return { kind: 'other', path };
}

/** The tenant query the portal keeps on its links. @param {string} path */
export function withTid(path) {
  const tid = new URLSearchParams(location.search).get('tid');
  if (!tid) return path;
  return `${path}${path.includes('?') ? '&' : '?'}tid=${encodeURIComponent(tid)}`;
}

/** @param {string} url */
export function navigate(url) {
  if (url === location.pathname + location.search) return;
  history.pushState(null, '', url);
  render();
}

/** The current URL with query parameters changed (null removes). @param {Record<string, string | null>} changes */
export function withQuery(changes) {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/** What shows the current route (app.js); set by startRouter. */
let render = () => {};

/** @param {() => void} renderRoute */
export function startRouter(renderRoute) {
  render = renderRoute;
  // Same-origin links navigate inside the app (as the portal's router does).
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(target instanceof HTMLAnchorElement) || target.target || target.hasAttribute('download')) return;
    const url = new URL(target.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/__fake') || url.pathname.startsWith('/apiproxy')) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  addEventListener('popstate', () => render());
}
