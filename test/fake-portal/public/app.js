// @ts-check
/**
 * The fake Defender portal's single-page app: just enough of security.microsoft.com for the extension's content
 * script to run on unchanged (../../../../shared/PORTAL.md "Portal pages" and "Action center reads").
 *
 * - Fluent DetailsList markup (role=grid, rowgroups, `.ms-DetailsRow` rows, cells keyed by `data-automation-key`),
 *   rows rendered only after the configured delay and the fetch, virtualised in pages of 10 like Fluent's List.
 * - A row flyout (role=dialog) with the same ids as label/value pairs and the portal's own Approve / Reject.
 * - SPA navigation with history.pushState; the left `nav` stays mounted across routes.
 * - Every API string is rendered as text (the `hostile` scenario fills every field with markup).
 *
 * Hooks for tests and the benchmark: <html data-fake-portal-state="loading|ready|error">, a
 * `data-fake-portal-render` counter bumped after each grid render, performance marks
 * `fake-portal:render-start` / `fake-portal:render-end` around it, and a `fake-portal:rerender` window event that
 * re-renders the grid from the data already loaded.
 */

// --- Configuration -------------------------------------------------------------------------------

/**
 * @typedef {{
 *   renderDelayMs: number,
 *   theme: 'light' | 'dark',
 *   language: 'en' | 'de',
 *   columnKeys: 'api' | 'app',
 *   redesign: 'none' | 'classes' | 'noApprovalColumn',
 *   analyst: string,
 *   actionTypeLabels: Record<string, string>,
 *   actionSourceLabels: Record<string, string>,
 *   entityTypeLabels: Record<string, string>,
 * }} PageConfig
 */

/** @returns {PageConfig} */
function readConfig() {
  /** @type {PageConfig} */
  const fallback = { renderDelayMs: 150, theme: 'light', language: 'en', columnKeys: 'api', redesign: 'none', analyst: 'analyst', actionTypeLabels: {}, actionSourceLabels: {}, entityTypeLabels: {} };
  try {
    const raw = JSON.parse(document.getElementById('fake-portal-config')?.textContent ?? '{}');
    const record = (/** @type {unknown} */ v) => (v && typeof v === 'object' && !Array.isArray(v) ? /** @type {Record<string, string>} */ (v) : {});
    return {
      renderDelayMs: Number.isFinite(raw.renderDelayMs) && raw.renderDelayMs >= 0 ? raw.renderDelayMs : fallback.renderDelayMs,
      theme: raw.theme === 'dark' ? 'dark' : 'light',
      language: raw.language === 'de' ? 'de' : 'en',
      columnKeys: raw.columnKeys === 'app' ? 'app' : 'api',
      redesign: raw.redesign === 'classes' || raw.redesign === 'noApprovalColumn' ? raw.redesign : 'none',
      analyst: typeof raw.analyst === 'string' ? raw.analyst : fallback.analyst,
      actionTypeLabels: record(raw.actionTypeLabels),
      actionSourceLabels: record(raw.actionSourceLabels),
      entityTypeLabels: record(raw.entityTypeLabels),
    };
  } catch {
    return fallback;
  }
}

const CONFIG = /** @type {PageConfig} */ (readConfig());
const ROOT_EL = document.documentElement;
ROOT_EL.lang = CONFIG.language;

// --- Language (the portal is shown in the analyst's language: labels, tabs, headers, buttons, values) -----

/** German words of the fake portal, by their English original. @type {Record<string, string>} */
const DE = {
  'Action center': 'Info-Center',
  Pending: 'Ausstehend',
  History: 'Verlauf',
  Actions: 'Aktionen',
  'No actions found.': 'Keine Aktionen gefunden.',
  'Investigation ID': 'Untersuchungs-ID',
  'Approval ID': 'Genehmigungs-ID',
  'Action type': 'Aktionstyp',
  Asset: 'Objekt',
  'Entity type': 'Entitätstyp',
  Decision: 'Entscheidung',
  'Decided by': 'Entschieden von',
  'Action source': 'Aktionsquelle',
  Status: 'Status',
  'Action update time': 'Aktualisierungszeit der Aktion',
  Entity: 'Entität',
  Comment: 'Kommentar',
  Product: 'Produkt',
  'Start time': 'Startzeit',
  'Open investigation page': 'Untersuchungsseite öffnen',
  Approve: 'Genehmigen',
  Reject: 'Ablehnen',
  Close: 'Schließen',
  'Pending approval': 'Genehmigung ausstehend',
  'Action history': 'Aktionsverlauf',
  'Action details': 'Aktionsdetails',
  Export: 'Exportieren',
  Refresh: 'Aktualisieren',
  Filter: 'Filtern',
  'Customize columns': 'Spalten anpassen',
  Commands: 'Befehle',
  'Select row': 'Zeile auswählen',
  'Selection column': 'Auswahlspalte',
  Overview: 'Übersicht',
  'Pending actions': 'Ausstehende Aktionen',
  'Pending actions history': 'Verlauf ausstehender Aktionen',
  'Evidence and entities': 'Beweise und Entitäten',
  Log: 'Protokoll',
  Investigation: 'Untersuchung',
  'No pending actions in this investigation.': 'Keine ausstehenden Aktionen in dieser Untersuchung.',
  'No decided actions in this investigation.': 'Keine entschiedenen Aktionen in dieser Untersuchung.',
  'Investigation status': 'Untersuchungsstatus',
  Incident: 'Vorfall',
  Home: 'Startseite',
  'Incidents & alerts': 'Vorfälle und Warnungen',
  Hunting: 'Suche',
  'Actions & submissions': 'Aktionen und Übermittlungen',
  Submissions: 'Übermittlungen',
  'Threat analytics': 'Bedrohungsanalyse',
  'Secure score': 'Sicherheitsbewertung',
  Devices: 'Geräte',
  Identities: 'Identitäten',
  'Learning hub': 'Lernhub',
  Settings: 'Einstellungen',
  Navigation: 'Navigation',
  Search: 'Suchen',
  'Confirm': 'Bestätigen',
  'Cancel': 'Abbrechen',
  'Comment (optional)': 'Kommentar (optional)',
  'Add a comment for the record': 'Kommentar für das Protokoll hinzufügen',
  'Approve this action?': 'Diese Aktion genehmigen?',
  'Reject this action?': 'Diese Aktion ablehnen?',
  // Values the portal shows in its own words.
  Approved: 'Genehmigt',
  Rejected: 'Abgelehnt',
  Completed: 'Abgeschlossen',
  Failed: 'Fehlgeschlagen',
  Declined: 'Abgelehnt',
  Running: 'Wird ausgeführt',
  PendingApproval: 'Genehmigung ausstehend',
};

/** A visible word in the page's language (English when there is no translation). @param {string} english */
function t(english) {
  return CONFIG.language === 'de' ? (DE[english] ?? english) : english;
}

/** A value from the API as the portal shows it (decision and status values are translated). @param {string | null} value */
function tValue(value) {
  return value === null ? null : t(value);
}

/**
 * The 'classes' redesign: the grid no longer carries Fluent's class names or automation ids (another component
 * library, same ARIA roles). Class names starting ms- become xr- (the server rewrites app.css to match).
 */
const REDESIGNED_CLASSES = CONFIG.redesign === 'classes';
/** @param {string} selector */
function sel(selector) {
  return REDESIGNED_CLASSES ? selector.replace(/\.ms-/g, '.xr-') : selector;
}
/** Fluent's automation id of a grid part, unless redesigned away. @param {string} id */
function automationId(id) {
  return REDESIGNED_CLASSES ? null : id;
}
ROOT_EL.classList.remove('theme-light', 'theme-dark');
ROOT_EL.classList.add(`theme-${CONFIG.theme}`);

const API = {
  pending: '/apiproxy/mtp/actionCenter/actioncenterui/pending-actions/',
  history: '/apiproxy/mtp/actionCenter/actioncenterui/history-actions/',
  decision: '/apiproxy/mtp/actionCenter/actioncenterui/pending-actions/decision?useMtpApi=true',
  investigation: '/apiproxy/mtp/autoIr/ui/investigations/',
};
const PAGE_SIZE = 100;
/** Paging stops here whatever the API says (a portal that always answers full pages must not loop forever). */
const MAX_PAGES = 200;
const HISTORY_DAYS = 30;
const ROW_HEIGHT = 42;
/** Fluent's List renders rows in pages of 10; rows come and go a page at a time. */
const LIST_PAGE = 10;
const OVERSCAN_ROWS = 10;

// --- Page state hooks (tests, benchmark) ---------------------------------------------------------

/** @param {'loading' | 'ready' | 'error'} state @param {string} [error] */
function setPageState(state, error) {
  ROOT_EL.dataset.fakePortalState = state;
  if (error) ROOT_EL.dataset.fakePortalError = error;
  else delete ROOT_EL.dataset.fakePortalError;
}

let renderCount = 0;
function bumpRenderCount() {
  renderCount += 1;
  ROOT_EL.dataset.fakePortalRender = String(renderCount);
}

// --- DOM helpers (text only: no HTML parsing anywhere) -------------------------------------------

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Record<string, string | number | boolean | null | undefined | EventListener>} Props
 */

/**
 * Creates an element. `on<event>` props become listeners, `class` the class name, other props attributes;
 * strings among the children become text nodes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {Props} [props] @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className = REDESIGNED_CLASSES ? String(value).replace(/(^|\s)ms-/g, '$1xr-') : String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** @param {Element} el @param {(Child | Child[])[]} children */
function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Stroke icons on a 20×20 grid, drawn here (no icon font, no remote assets). */
const ICONS = /** @type {const} */ ({
  waffle: ['M3 3h3v3H3zM8.5 3h3v3h-3zM14 3h3v3h-3zM3 8.5h3v3H3zM8.5 8.5h3v3h-3zM14 8.5h3v3h-3zM3 14h3v3H3zM8.5 14h3v3h-3zM14 14h3v3h-3z'],
  home: ['M3 9.5 10 3.5l7 6V17h-4.5v-5h-5v5H3z'],
  shield: ['M10 2.5 16.5 5v5c0 3.8-2.8 6.6-6.5 7.5C6.3 16.6 3.5 13.8 3.5 10V5z'],
  incidents: ['M10 2.5 16.5 5v5c0 3.8-2.8 6.6-6.5 7.5C6.3 16.6 3.5 13.8 3.5 10V5z', 'M10 6.5v4.5M10 13.2v.3'],
  hunting: ['M8.5 3.5a5 5 0 1 0 0 10 5 5 0 0 0 0-10zM12.2 12.2 17 17'],
  actions: ['M5 3.5h10v13H5z', 'M7.5 10l2 2 3.5-4'],
  submissions: ['M3 10 17 3l-4 14-3.2-5.8z', 'M9.8 11.2 17 3'],
  analytics: ['M3.5 16.5v-6M8 16.5V4M12.5 16.5v-8M17 16.5V7'],
  score: ['M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15z', 'M10 6v4l3 2'],
  devices: ['M2.5 4h15v9.5h-15z', 'M7 16.5h6M10 13.5v3'],
  identities: ['M10 3.5a3 3 0 1 0 0 6 3 3 0 0 0 0-6z', 'M4 17c.8-3.2 3.2-5 6-5s5.2 1.8 6 5'],
  learning: ['M3 4.5c2.5-.8 5-.5 7 1 2-1.5 4.5-1.8 7-1v11c-2.5-.8-5-.5-7 1-2-1.5-4.5-1.8-7-1z', 'M10 5.5v11'],
  settings: ['M10 7a3 3 0 1 0 0 6 3 3 0 0 0 0-6z', 'M10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4'],
  refresh: ['M16 10a6 6 0 1 1-1.8-4.3', 'M16.5 3.5v3.5H13'],
  export: ['M10 3v9.5M6 8.5l4 4 4-4', 'M3.5 15.5v1.5h13v-1.5'],
  filter: ['M3 4h14l-5.5 6.5V16l-3-1.5v-4z'],
  columns: ['M3 4h14v12H3zM7.7 4v12M12.3 4v12'],
  close: ['M5 5l10 10M15 5 5 15'],
  check: ['M4.5 10.5 8 14l7.5-8'],
  bell: ['M5 14V9a5 5 0 0 1 10 0v5l1.5 1.5h-13z', 'M8.5 17.5h3'],
  help: ['M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15z', 'M7.8 7.8a2.2 2.2 0 1 1 3.2 2c-.7.4-1 .9-1 1.7v.3M10 14.2v.3'],
  chevron: ['M7 4.5 12.5 10 7 15.5'],
  error: ['M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15z', 'M7.5 7.5l5 5M12.5 7.5l-5 5'],
  info: ['M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15z', 'M10 9v5M10 6.2v.3'],
  success: ['M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15z', 'M6.8 10.2l2.2 2.2 4.3-4.6'],
});

/** @param {keyof typeof ICONS} name @param {string} [extraClass] */
function icon(name, extraClass = '') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `fp-icon ${extraClass}`.trim());
  for (const d of ICONS[name]) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

// --- Reading API items leniently -----------------------------------------------------------------

/** @typedef {Record<string, unknown>} Item */

/** A field whatever its casing (tools have seen camelCase variants). @param {Item} item @param {string} name */
function field(item, name) {
  if (name in item) return item[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(item)) if (key.toLowerCase() === lower) return item[key];
  return undefined;
}

/** Text of any JSON value; null when there is nothing to show. @param {unknown} value @returns {string | null} */
function textOfValue(value) {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** @param {Item} item @param {string} name */
function fieldText(item, name) {
  return textOfValue(field(item, name));
}

/** Epoch ms of an ISO time; a time without a zone is UTC (observed quirk). @param {unknown} value */
function timeOf(value) {
  if (typeof value !== 'string') return Number.NaN;
  return Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`);
}

const TIME_FORMAT = new Intl.DateTimeFormat(CONFIG.language === 'de' ? 'de-DE' : 'en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });

/** @param {unknown} value */
function formatTime(value) {
  const ms = timeOf(value);
  return Number.isNaN(ms) ? textOfValue(value) : TIME_FORMAT.format(ms);
}

/** @param {Record<string, string>} labels @param {string | null} raw */
function labelOf(labels, raw) {
  return raw === null ? null : Object.prototype.hasOwnProperty.call(labels, raw) ? (labels[raw] ?? raw) : raw;
}

/** @param {Item} item */
function actionIdOf(item) {
  return fieldText(item, 'ActionId');
}

/** @param {Item} item */
function investigationIdOf(item) {
  return fieldText(item, 'InvestigationId');
}

/** Office 365 (MDO) investigations live under /airinvestigation. @param {Item} item */
function investigationPath(item) {
  const id = investigationIdOf(item);
  if (id === null) return null;
  const office = String(field(item, 'Product') ?? '').toUpperCase() === 'MDO';
  return withTid(`/${office ? 'air' : ''}investigation/${encodeURIComponent(id)}`);
}

/** The entity's best human name (the flyout's "Entity" field). @param {Item} item */
function entityNameOf(item) {
  for (const name of ['ComputerName', 'FileName', 'Subject', 'Url', 'UserPrincipalName', 'Recipient', 'MachineId']) {
    const text = fieldText(item, name);
    if (text !== null) return text;
  }
  return null;
}

const DASH = '-';

/**
 * @typedef {{
 *   key: string,
 *   name: string,
 *   text: (item: Item) => string | null,
 *   link?: (item: Item) => string | null,
 * }} Column
 */

/**
 * The app's own column keys (`columnKeys: 'app'`): nothing says the portal's cell keys are the API's sort keys.
 * @type {Record<string, string>}
 */
const APP_KEYS = {
  investigationId: 'investigation',
  bulkId: 'approvalId',
  actionType: 'col3',
  computerName: 'assetName',
  entityType: 'col5',
  actionDecision: 'col6',
  decidedBy: 'col7',
  actionSource: 'col8',
  actionStatus: 'col9',
  eventTime: 'col10',
};

/** @param {string} sortKey */
const columnKey = (sortKey) => (CONFIG.columnKeys === 'app' ? (APP_KEYS[sortKey] ?? sortKey) : sortKey);

/**
 * The Action center grid's columns; `key` is the column's cell key: the API's sort key (PORTAL.md), or the app's
 * own with `columnKeys: 'app'`. The `noApprovalColumn` redesign drops the Approval ID column.
 * @type {Column[]}
 */
const ALL_COLUMNS = [
  { key: columnKey('investigationId'), name: t('Investigation ID'), text: investigationIdOf, link: investigationPath },
  { key: columnKey('bulkId'), name: t('Approval ID'), text: (i) => fieldText(i, 'BulkId') },
  { key: columnKey('actionType'), name: t('Action type'), text: (i) => labelOf(CONFIG.actionTypeLabels, fieldText(i, 'ActionType')) },
  { key: columnKey('computerName'), name: t('Asset'), text: (i) => fieldText(i, 'ComputerName') },
  { key: columnKey('entityType'), name: t('Entity type'), text: (i) => labelOf(CONFIG.entityTypeLabels, fieldText(i, 'EntityType')) },
  { key: columnKey('actionDecision'), name: t('Decision'), text: (i) => tValue(fieldText(i, 'ActionDecision')) },
  { key: columnKey('decidedBy'), name: t('Decided by'), text: (i) => fieldText(i, 'DecidedBy') },
  { key: columnKey('actionSource'), name: t('Action source'), text: (i) => labelOf(CONFIG.actionSourceLabels, fieldText(i, 'ActionSource')) },
  { key: columnKey('actionStatus'), name: t('Status'), text: (i) => tValue(fieldText(i, 'ActionStatus')) },
  { key: columnKey('eventTime'), name: t('Action update time'), text: (i) => formatTime(field(i, 'EventTime')) },
];
const COLUMNS = ALL_COLUMNS.filter((c) => !(CONFIG.redesign === 'noApprovalColumn' && c.key === columnKey('bulkId')));
const SORTED_KEY = columnKey('eventTime');

// --- API -----------------------------------------------------------------------------------------

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
/**
 * The decision request this portal's Approve/Reject sends (FakeConfig.decisionShape; the server accepts only it).
 * The product does not know it in advance: it learns it by observing this request.
 */
const DECISION = (() => {
  try {
    const raw = JSON.parse(document.getElementById('fake-portal-config')?.textContent ?? '{}');
    return {
      shape: raw.decisionShape === 'approvals' || raw.decisionShape === 'autoir' ? raw.decisionShape : 'guess',
      tenantId: typeof raw.tenantId === 'string' ? raw.tenantId : '',
    };
  } catch {
    return { shape: 'guess', tenantId: '' };
  }
})();

/**
 * Sends one action's decision in this portal's shape. The answer is normalised to the per-action result the
 * flyout shows: `{ ok, status, outcome, message }` (outcome Approved/Rejected/AlreadyDecided/Unknown/...).
 * @param {'Approve' | 'Reject'} verdict @param {Record<string, unknown>} item @param {string} id @param {string} comment
 */
async function sendDecision(verdict, item, id, comment) {
  if (DECISION.shape === 'approvals') {
    const approvalId = fieldText(item, 'BulkId');
    const res = await api('PUT', '/apiproxy/mtp/actionCenter/actioncenterui/approvals?useMtpApi=true', {
      ApprovalIds: [approvalId],
      status: verdict === 'Approve' ? 'Approved' : 'Rejected',
      comment,
    });
    if (!res.ok) return res;
    const updated = /** @type {{ updated?: unknown } | null} */ (res.data)?.updated;
    return { ...res, outcome: updated === 1 ? (verdict === 'Approve' ? 'Approved' : 'Rejected') : 'Unknown', message: null };
  }
  if (DECISION.shape === 'autoir') {
    const res = await api(
      'POST',
      '/apiproxy/mtp/autoIr/actions/decide',
      { request: { ActionIds: [id], Verdict: verdict === 'Approve' ? 1 : 2, Reason: comment }, Source: 'ActionCenter' },
      undefined,
      { 'x-tid': DECISION.tenantId },
    );
    if (!res.ok) return res;
    const results = /** @type {{ results?: unknown } | null} */ (res.data)?.results;
    const mine = Array.isArray(results) ? results.find((r) => r && typeof r === 'object' && r.actionId === id) : undefined;
    const result = mine && typeof mine.result === 'string' ? mine.result : 'Unknown';
    return { ...res, outcome: result === 'Succeeded' ? (verdict === 'Approve' ? 'Approved' : 'Rejected') : result, message: null };
  }
  const res = await api('POST', API.decision, { ActionIds: [id], Decision: verdict, Comment: comment });
  if (!res.ok) return res;
  const results = /** @type {{ Results?: unknown } | null} */ (res.data)?.Results;
  const mine = Array.isArray(results) ? results.find((r) => r && typeof r === 'object' && r.ActionId === id) : undefined;
  return {
    ...res,
    outcome: mine && typeof mine.Status === 'string' ? mine.Status : 'Unknown',
    message: mine && typeof mine.Message === 'string' ? mine.Message : null,
  };
}

function looksLikeSignIn(text) {
  return /login\.microsoftonline|ConvergedSignIn|Sign in to your account/i.test(text);
}

/** @param {string} method @param {string} path @param {unknown} [body] @param {AbortSignal} [signal] @param {Record<string, string>} [extraHeaders] @returns {Promise<ApiResult>} */
async function api(method, path, body, signal, extraHeaders = {}) {
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
async function fetchList(kind, signal) {
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

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- Routing -------------------------------------------------------------------------------------

/**
 * @typedef {{ kind: 'actionCenter', tab: 'pending' | 'history' }
 *   | { kind: 'investigation', id: string, office: boolean, tab: InvestigationTab }
 *   | { kind: 'other', path: string }} Route
 * @typedef {'overview' | 'pending' | 'history' | 'evidence' | 'log'} InvestigationTab
 */

/** @returns {Route} */
function currentRoute() {
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
function withTid(path) {
  const tid = new URLSearchParams(location.search).get('tid');
  if (!tid) return path;
  return `${path}${path.includes('?') ? '&' : '?'}tid=${encodeURIComponent(tid)}`;
}

/** @param {string} url */
function navigate(url) {
  if (url === location.pathname + location.search) return;
  history.pushState(null, '', url);
  renderRoute();
}

// --- Shell ---------------------------------------------------------------------------------------

/** @typedef {{ name: string, path: string, icon: keyof typeof ICONS }} NavLink */

/**
 * The navigation pane. As in the portal, the Action center sits in a collapsible group ("Actions & submissions")
 * whose links are not rendered while it is collapsed.
 * @type {(NavLink | { group: string, id: string, icon: keyof typeof ICONS, items: NavLink[] })[]}
 */
const NAV_TREE = [
  { name: 'Home', path: '/homepage', icon: 'home' },
  { name: 'Incidents & alerts', path: '/incidents', icon: 'incidents' },
  { name: 'Hunting', path: '/v2/advanced-hunting', icon: 'hunting' },
  {
    group: 'Actions & submissions',
    id: 'fp-nav-group-actions',
    icon: 'actions',
    items: [
      { name: 'Action center', path: '/action-center', icon: 'actions' },
      { name: 'Submissions', path: '/reportsubmission', icon: 'submissions' },
    ],
  },
  { name: 'Threat analytics', path: '/threatanalytics3', icon: 'analytics' },
  { name: 'Secure score', path: '/securescore', icon: 'score' },
  { name: 'Devices', path: '/machines', icon: 'devices' },
  { name: 'Identities', path: '/identities', icon: 'identities' },
  { name: 'Learning hub', path: '/learninghub', icon: 'learning' },
  { name: 'Settings', path: '/preferences2', icon: 'settings' },
];

/** Every link of the pane, groups flattened. @type {NavLink[]} */
const NAV = NAV_TREE.flatMap((n) => ('group' in n ? n.items : [n]));

/** @param {string} analyst */
function initialsOf(analyst) {
  const name = analyst.split('@')[0] ?? '';
  const parts = name.split(/[.\s_-]+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[1]?.[0] ?? ''}` : name.slice(0, 2);
  return [...letters].slice(0, 2).join('').toUpperCase() || '?';
}

const main = h('main', { class: 'fp-main', id: 'fp-main' });
/** @type {HTMLAnchorElement[]} */
const navLinks = [];

function buildShell() {
  const root = document.getElementById('root') ?? document.body.appendChild(h('div', { id: 'root', class: 'fp-root' }));
  const topBar = h(
    'header',
    { class: 'fp-topbar', role: 'banner' },
    h('button', { class: 'fp-topbar-button', type: 'button', 'aria-label': 'App launcher' }, icon('waffle')),
    h('a', { class: 'fp-brand', href: withTid('/homepage') }, 'Microsoft Defender'),
    h('div', { class: 'fp-search', role: 'search' }, icon('hunting', 'fp-search-icon'), h('input', { type: 'search', placeholder: 'Search', 'aria-label': 'Search' })),
    h(
      'div',
      { class: 'fp-topbar-end' },
      h('button', { class: 'fp-topbar-button', type: 'button', 'aria-label': 'Notifications' }, icon('bell')),
      h('button', { class: 'fp-topbar-button', type: 'button', 'aria-label': 'Settings' }, icon('settings')),
      h('button', { class: 'fp-topbar-button', type: 'button', 'aria-label': 'Help' }, icon('help')),
      h('span', { class: 'fp-avatar', title: CONFIG.analyst, 'aria-label': `Account manager for ${CONFIG.analyst}`, role: 'img' }, initialsOf(CONFIG.analyst)),
    ),
  );
  const navLink = (/** @type {NavLink} */ item) => {
    const link = h('a', { class: 'fp-nav-link', href: withTid(item.path), 'data-path': item.path }, icon(item.icon, 'fp-nav-icon'), h('span', { class: 'fp-nav-text' }, t(item.name)));
    navLinks.push(link);
    return h('li', { class: 'fp-nav-item' }, link);
  };
  const list = h('ul', { class: 'fp-nav-list' });
  for (const node of NAV_TREE) {
    if (!('group' in node)) {
      list.append(navLink(node));
      continue;
    }
    const sublist = h('ul', { class: 'fp-nav-list fp-nav-sublist', id: node.id }, ...node.items.map(navLink));
    const groupItem = h('li', { class: 'fp-nav-group' });
    const button = h(
      'button',
      { type: 'button', class: 'fp-nav-link fp-nav-group-button', 'aria-expanded': 'true', 'aria-controls': node.id, onclick: () => {
        const open = button.getAttribute('aria-expanded') !== 'true';
        button.setAttribute('aria-expanded', String(open));
        // Collapsed, its links are not rendered at all (as the portal's Nav does).
        if (open) groupItem.append(sublist);
        else sublist.remove();
      } },
      icon(node.icon, 'fp-nav-icon'),
      h('span', { class: 'fp-nav-text' }, t(node.group)),
      icon('chevron', 'fp-nav-chevron'),
    );
    groupItem.append(h('div', { class: 'fp-nav-item' }, button), sublist);
    list.append(groupItem);
  }
  // The app's own markup (other column keys, a redesign) has no <nav> element: a role=navigation landmark.
  const landmark = CONFIG.columnKeys === 'app' || CONFIG.redesign !== 'none' ? 'div' : 'nav';
  const nav = h(landmark, { class: 'fp-nav', 'aria-label': t('Navigation'), role: landmark === 'div' ? 'navigation' : null }, list);
  root.replaceChildren(h('div', { class: 'fp-app' }, topBar, h('div', { class: 'fp-body' }, nav, main)));
}

function markNav() {
  const path = location.pathname.toLowerCase();
  for (const link of navLinks) {
    const target = (link.dataset.path ?? '').toLowerCase();
    const current = path === target || path.startsWith(`${target}/`) || (target === '/homepage' && path === '/');
    link.classList.toggle('is-selected', current);
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** Same-origin links navigate inside the app (as the portal's router does). */
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const target = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(target instanceof HTMLAnchorElement) || target.target || target.hasAttribute('download')) return;
  const url = new URL(target.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/__fake') || url.pathname.startsWith('/apiproxy')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
addEventListener('popstate', () => renderRoute());

// --- Message bars ----------------------------------------------------------------------------------

/** @param {'error' | 'success' | 'info' | 'warning'} kind @param {(Child | Child[])[]} content */
function messageBar(kind, ...content) {
  const glyph = kind === 'error' ? 'error' : kind === 'success' ? 'success' : 'info';
  return h(
    'div',
    { class: `ms-MessageBar ms-MessageBar--${kind} fp-messagebar`, role: kind === 'error' || kind === 'warning' ? 'alert' : 'status' },
    icon(glyph, 'fp-messagebar-icon'),
    h('div', { class: 'fp-messagebar-text' }, ...content),
  );
}

/** What a failed request shows: session expired (with a reload link) or "Something went wrong" + status. */
function failureBar(/** @type {Extract<ApiResult, { ok: false }>} */ failure) {
  if (failure.kind === 'signedOut') {
    return messageBar(
      'warning',
      h('strong', {}, 'Your session has expired. '),
      'Sign in again to keep working. ',
      h('a', { href: location.pathname + location.search, class: 'fp-reload', 'data-reload': 'true', onclick: (/** @type {Event} */ e) => {
        e.preventDefault();
        location.reload();
      } }, 'Reload the page'),
    );
  }
  const status = failure.status === null ? failure.kind === 'network' ? 'network error' : failure.kind : `status ${failure.status}`;
  return messageBar('error', h('strong', {}, 'Something went wrong'), ` (${status}). `, failure.message);
}

/** @param {Extract<ApiResult, { ok: false }>} failure */
function failureState(failure) {
  setPageState('error', failure.kind === 'signedOut' ? 'signed-out' : failure.status === null ? failure.kind : `status:${failure.status}`);
}

// --- Grid (Fluent DetailsList markup, virtualised) ------------------------------------------------

/**
 * @typedef {{
 *   el: HTMLElement,
 *   setItems(items: Item[], failed?: boolean): void,
 *   setLoading(): void,
 *   rerender(): void,
 *   items(): Item[],
 *   select(id: string | null): void,
 *   dispose(): void,
 * }} Grid
 */

let gridSeq = 0;

/**
 * @param {{ label: string, emptyText: string, onSelect: (item: Item | null) => void }} options
 * @returns {Grid}
 */
function createGrid(options) {
  gridSeq += 1;
  /** @type {Item[]} */
  let items = [];
  /** @type {string | null} */
  let selectedId = null;
  let loading = true;
  /** Rendered rows by item index. @type {Map<number, HTMLElement>} */
  const rendered = new Map();
  let start = 0;
  let end = 0;

  const headerRow = h(
    'div',
    { role: 'row', class: 'ms-DetailsHeader', 'aria-rowindex': 1, 'data-automationid': automationId('DetailsHeader') },
    h('div', { role: 'columnheader', class: 'ms-DetailsHeader-cell ms-DetailsHeader-cellIsCheck fp-col-check', 'aria-label': t('Selection column') }),
    ...COLUMNS.map((c) =>
      h(
        'div',
        { role: 'columnheader', class: `ms-DetailsHeader-cell fp-col fp-col-${c.key}`, 'data-item-key': c.key, 'aria-sort': c.key === SORTED_KEY ? 'descending' : 'none' },
        h('span', { class: 'ms-DetailsHeader-cellName' }, c.name),
        c.key === SORTED_KEY ? h('span', { class: 'fp-sort', 'aria-hidden': 'true' }, '↓') : null,
      ),
    ),
  );
  const topSpacer = h('div', { class: 'fp-spacer', role: 'presentation' });
  const page = h('div', { class: 'ms-List-page', role: 'presentation' });
  const bottomSpacer = h('div', { class: 'fp-spacer', role: 'presentation' });
  const shimmer = h('div', { class: 'fp-shimmer', role: 'presentation', 'aria-hidden': 'true' });
  for (let i = 0; i < 6; i += 1) shimmer.append(h('div', { class: 'fp-shimmer-row' }, h('span', {}), h('span', {}), h('span', {}), h('span', {})));
  const surface = h('div', { class: 'ms-List-surface', role: 'presentation' }, topSpacer, page, bottomSpacer);
  const body = h('div', { role: 'rowgroup', class: 'ms-List fp-grid-body' }, surface);
  const grid = h(
    'div',
    { role: 'grid', class: 'fp-grid', 'aria-label': options.label, 'aria-colcount': COLUMNS.length + 1, 'aria-rowcount': 1, 'aria-busy': 'true', id: `fp-grid-${gridSeq}` },
    h('div', { role: 'rowgroup', class: 'ms-DetailsList-headerWrapper fp-grid-head' }, headerRow),
    body,
  );
  const empty = h('div', { class: 'fp-empty', hidden: true }, options.emptyText);
  const scroller = h('div', { class: 'ms-ScrollablePane fp-grid-scroll', 'data-is-scrollable': 'true' }, grid, shimmer, empty);
  const el = h('div', { class: 'ms-DetailsList fp-detailslist' }, scroller);

  /** @param {Item} item @param {number} index */
  function keyOf(item, index) {
    return actionIdOf(item) ?? `#${index}`;
  }

  /** @param {Item} item @param {number} index */
  function buildRow(item, index) {
    const selected = keyOf(item, index) === selectedId;
    const check = h(
      'div',
      { role: 'gridcell', class: 'ms-DetailsRow-cellCheck' },
      h('div', { role: 'checkbox', class: 'ms-Check', 'aria-checked': String(selected), 'aria-label': t('Select row'), 'data-selection-toggle': 'true', 'data-automationid': automationId('DetailsRowCheck') }, icon('check', 'ms-Check-check')),
    );
    const fields = h('div', { class: 'ms-DetailsRow-fields', role: 'presentation' });
    COLUMNS.forEach((column, i) => {
      const text = column.text(item);
      const shown = text === null || text.trim() === '' ? DASH : text;
      const href = column.link?.(item) ?? null;
      const content = href && text !== null ? h('a', { class: 'ms-Link fp-link', href }, shown) : shown;
      fields.append(
        h(
          'div',
          {
            // With the app's own keys the first column is the row header, as Fluent renders a list's key column.
            role: CONFIG.columnKeys === 'app' && i === 0 ? 'rowheader' : 'gridcell',
            class: `ms-DetailsRow-cell fp-col fp-col-${column.key}`,
            'data-automation-key': column.key,
            'data-automationid': automationId('DetailsRowCell'),
            title: text ?? null,
          },
          content,
        ),
      );
    });
    return h(
      'div',
      {
        role: 'row',
        class: `ms-DetailsRow fp-row${selected ? ' is-selected' : ''}`,
        'data-automationid': automationId('DetailsRow'),
        'aria-selected': String(selected),
        'aria-rowindex': index + 2,
        'data-item-index': index,
        'data-selection-index': index,
        'data-item-key': keyOf(item, index),
        tabindex: selected || index === 0 ? 0 : -1,
      },
      check,
      fields,
    );
  }

  /** The rows near the viewport, rounded out to whole list pages. */
  function windowRange() {
    const n = items.length;
    const viewHeight = scroller.clientHeight || window.innerHeight || 800;
    const top = Math.max(0, scroller.scrollTop - body.offsetTop);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN_ROWS);
    const last = Math.min(n, Math.ceil((top + viewHeight) / ROW_HEIGHT) + OVERSCAN_ROWS);
    return { from: Math.floor(first / LIST_PAGE) * LIST_PAGE, to: Math.min(n, Math.ceil(last / LIST_PAGE) * LIST_PAGE) };
  }

  function updateSpacers() {
    topSpacer.style.height = `${start * ROW_HEIGHT}px`;
    bottomSpacer.style.height = `${Math.max(0, items.length - end) * ROW_HEIGHT}px`;
  }

  /** Every row from scratch (new data, or the re-render hook). */
  function renderAll() {
    performance.mark('fake-portal:render-start');
    for (const row of rendered.values()) row.remove();
    rendered.clear();
    const { from, to } = windowRange();
    start = from;
    end = to;
    const fragment = document.createDocumentFragment();
    for (let i = from; i < to; i += 1) {
      const item = items[i];
      if (!item) continue;
      const row = buildRow(item, i);
      rendered.set(i, row);
      fragment.append(row);
    }
    page.replaceChildren(fragment);
    updateSpacers();
    grid.setAttribute('aria-rowcount', String(items.length + 1));
    performance.mark('fake-portal:render-end');
    try {
      performance.measure('fake-portal:render', 'fake-portal:render-start', 'fake-portal:render-end');
    } catch {
      // Measures are a convenience.
    }
    bumpRenderCount();
  }

  /** After a scroll: rows that left the window go, rows that came in are added (a page at a time). */
  function updateWindow() {
    if (loading) return;
    const { from, to } = windowRange();
    if (from === start && to === end) return;
    if (to <= start || from >= end) {
      renderAll();
      return;
    }
    for (const [i, row] of rendered) {
      if (i < from || i >= to) {
        row.remove();
        rendered.delete(i);
      }
    }
    const before = document.createDocumentFragment();
    for (let i = from; i < Math.max(from, start); i += 1) {
      const item = items[i];
      if (!item) continue;
      const row = buildRow(item, i);
      rendered.set(i, row);
      before.append(row);
    }
    page.prepend(before);
    const after = document.createDocumentFragment();
    for (let i = Math.max(end, from); i < to; i += 1) {
      const item = items[i];
      if (!item) continue;
      const row = buildRow(item, i);
      rendered.set(i, row);
      after.append(row);
    }
    page.append(after);
    start = from;
    end = to;
    updateSpacers();
  }

  let frame = 0;
  const onScroll = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      updateWindow();
    });
  };
  scroller.addEventListener('scroll', onScroll, { passive: true });
  addEventListener('resize', onScroll);

  /** @param {string | null} id */
  function applySelection(id) {
    selectedId = id;
    for (const [i, row] of rendered) {
      const item = items[i];
      const on = item !== undefined && keyOf(item, i) === id;
      if ((row.getAttribute('aria-selected') === 'true') !== on) {
        row.setAttribute('aria-selected', String(on));
        row.classList.toggle('is-selected', on);
        row.querySelector(sel('.ms-Check'))?.setAttribute('aria-checked', String(on));
      }
    }
  }

  /** @param {Element} row */
  function itemOfRow(row) {
    const index = Number(row.getAttribute('data-item-index'));
    const item = items[index];
    return item ? { item, index } : null;
  }

  body.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const row = target?.closest(sel('[role="row"].ms-DetailsRow'));
    if (!target || !row || target.closest('a')) return;
    const hit = itemOfRow(row);
    if (!hit) return;
    const id = keyOf(hit.item, hit.index);
    const toggle = target.closest(sel('.ms-DetailsRow-cellCheck'));
    if (toggle && selectedId === id) {
      applySelection(null);
      options.onSelect(null);
      return;
    }
    applySelection(id);
    options.onSelect(hit.item);
  });

  body.addEventListener('keydown', (event) => {
    const row = event.target instanceof Element ? event.target.closest(sel('[role="row"].ms-DetailsRow')) : null;
    if (!(row instanceof HTMLElement)) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const next = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
      if (next instanceof HTMLElement) {
        event.preventDefault();
        row.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      }
    } else if (event.key === 'Enter' || event.key === ' ') {
      const hit = itemOfRow(row);
      if (!hit) return;
      event.preventDefault();
      applySelection(keyOf(hit.item, hit.index));
      options.onSelect(hit.item);
    }
  });

  const onRerender = () => {
    if (!loading && el.isConnected) renderAll();
  };
  addEventListener('fake-portal:rerender', onRerender);

  return {
    el,
    setItems(next, failed = false) {
      items = next;
      loading = false;
      if (selectedId !== null && !items.some((item, i) => keyOf(item, i) === selectedId)) selectedId = null;
      shimmer.hidden = true;
      grid.removeAttribute('aria-busy');
      // A failed load says so in its message bar, not as an empty list.
      empty.hidden = failed || items.length > 0;
      renderAll();
    },
    setLoading() {
      loading = true;
      for (const row of rendered.values()) row.remove();
      rendered.clear();
      start = 0;
      end = 0;
      updateSpacers();
      empty.hidden = true;
      shimmer.hidden = false;
      grid.setAttribute('aria-busy', 'true');
    },
    rerender: onRerender,
    items: () => items,
    select: applySelection,
    dispose() {
      scroller.removeEventListener('scroll', onScroll);
      removeEventListener('resize', onScroll);
      removeEventListener('fake-portal:rerender', onRerender);
      if (frame) cancelAnimationFrame(frame);
    },
  };
}

// --- Command bar ---------------------------------------------------------------------------------

/** @param {() => void} onRefresh */
function commandBar(onRefresh) {
  const refresh = h('button', { type: 'button', class: 'ms-Button ms-Button--commandBar fp-command', onclick: onRefresh }, icon('refresh'), h('span', { class: 'ms-Button-label' }, t('Refresh')));
  const count = h('span', { class: 'fp-command-count', 'aria-live': 'polite' });
  const el = h(
    'div',
    { class: 'ms-CommandBar fp-commandbar', role: 'menubar', 'aria-label': t('Commands') },
    h(
      'div',
      { class: 'ms-CommandBar-primaryCommand' },
      h('button', { type: 'button', class: 'ms-Button ms-Button--commandBar fp-command' }, icon('export'), h('span', { class: 'ms-Button-label' }, t('Export'))),
      refresh,
    ),
    h(
      'div',
      { class: 'ms-CommandBar-secondaryCommand' },
      count,
      h('button', { type: 'button', class: 'ms-Button ms-Button--commandBar fp-command' }, icon('filter'), h('span', { class: 'ms-Button-label' }, t('Filter'))),
      h('button', { type: 'button', class: 'ms-Button ms-Button--commandBar fp-command' }, icon('columns'), h('span', { class: 'ms-Button-label' }, t('Customize columns'))),
    ),
  );
  return {
    el,
    /** @param {boolean} busy */
    setBusy(busy) {
      if (busy) refresh.setAttribute('aria-disabled', 'true');
      else refresh.removeAttribute('aria-disabled');
    },
    /** @param {number | null} n */
    setCount(n) {
      count.textContent = n === null ? '' : CONFIG.language === 'de' ? `${n} ${n === 1 ? 'Element' : 'Elemente'}` : `${n} item${n === 1 ? '' : 's'}`;
    },
  };
}

// --- Flyout (Fluent Panel) and the comment prompt ------------------------------------------------

/** @type {{ close(): void, actionId: string | null } | null} */
let openFlyout = null;

function closeFlyout() {
  openFlyout?.close();
  openFlyout = null;
}

/**
 * @param {Item} item
 * @param {{ pending: boolean, onClose: () => void, onDecided: (message: string) => void }} options
 */
function showFlyout(item, options) {
  closeFlyout();
  const titleId = 'fp-flyout-title';
  const typeLabel = labelOf(CONFIG.actionTypeLabels, fieldText(item, 'ActionType')) ?? 'Action';
  const status = h('div', { class: 'fp-flyout-status' });

  /** @param {string} label @param {string | null} value @param {string | null} [href] */
  const pair = (label, value, href = null) =>
    h(
      'div',
      { class: 'fp-field' },
      h('dt', {}, label),
      h('dd', { title: value ?? null }, href && value !== null ? h('a', { class: 'ms-Link fp-link', href }, value) : (value ?? DASH)),
    );

  const investigationHref = investigationPath(item);
  const details = h(
    'dl',
    { class: 'fp-fields' },
    pair(t('Approval ID'), fieldText(item, 'BulkId')),
    pair(t('Investigation ID'), investigationIdOf(item), investigationHref),
    pair(t('Action type'), typeLabel),
    pair(t('Asset'), fieldText(item, 'ComputerName')),
    pair(t('Decision'), tValue(fieldText(item, 'ActionDecision'))),
    pair(t('Entity'), entityNameOf(item)),
    pair(t('Entity type'), labelOf(CONFIG.entityTypeLabels, fieldText(item, 'EntityType'))),
    pair(t('Action source'), labelOf(CONFIG.actionSourceLabels, fieldText(item, 'ActionSource'))),
    pair(t('Status'), tValue(fieldText(item, 'ActionStatus'))),
    pair(t('Decided by'), fieldText(item, 'DecidedBy')),
    pair(t('Comment'), fieldText(item, 'Comment')),
    pair(t('Product'), fieldText(item, 'Product')),
    pair(t('Start time'), formatTime(field(item, 'StartTime'))),
    pair(t('Action update time'), formatTime(field(item, 'EventTime'))),
  );

  const openInvestigation = h(
    'button',
    { type: 'button', class: 'ms-Button ms-Button--default fp-button', disabled: investigationHref === null, onclick: () => investigationHref && navigate(investigationHref) },
    t('Open investigation page'),
  );
  const buttons = h('div', { class: 'fp-flyout-buttons' }, openInvestigation);
  /** @type {HTMLButtonElement[]} */
  const decisionButtons = [];
  if (options.pending) {
    const approve = h('button', { type: 'button', class: 'ms-Button ms-Button--primary fp-button fp-button-primary', onclick: () => void decide('Approve') }, t('Approve'));
    const reject = h('button', { type: 'button', class: 'ms-Button ms-Button--default fp-button', onclick: () => void decide('Reject') }, t('Reject'));
    decisionButtons.push(approve, reject);
    buttons.append(approve, reject);
  }

  const close = h('button', { type: 'button', class: 'ms-Panel-closeButton fp-topbar-button fp-close', 'aria-label': t('Close'), onclick: () => {
    closeFlyout();
    options.onClose();
  } }, icon('close'));
  const panel = h(
    'div',
    { class: 'ms-Panel-main fp-flyout', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': titleId },
    h('div', { class: 'ms-Panel-commands' }, close),
    h(
      'div',
      { class: 'ms-Panel-header' },
      h('h2', { class: 'ms-Panel-headerText', id: titleId, title: typeLabel }, typeLabel),
      h('p', { class: 'fp-flyout-subtitle' }, options.pending ? t('Pending approval') : t('Action history')),
    ),
    h('div', { class: 'ms-Panel-scrollableContent' }, h('div', { class: 'ms-Panel-content' }, status, h('h3', { class: 'fp-section' }, t('Action details')), details)),
    h('div', { class: 'ms-Panel-footer' }, h('div', { class: 'ms-Panel-footerInner' }, buttons)),
  );
  const layer = h('div', { class: 'ms-Layer fp-layer' }, h('div', { class: 'ms-Panel is-open fp-panel' }, panel));
  document.body.append(layer);

  const onKey = (/** @type {KeyboardEvent} */ event) => {
    if (event.key === 'Escape' && !document.querySelector('.fp-modal')) {
      closeFlyout();
      options.onClose();
    }
  };
  document.addEventListener('keydown', onKey);

  /** @param {'Approve' | 'Reject'} verdict */
  async function decide(verdict) {
    const id = actionIdOf(item);
    if (id === null) return;
    const comment = await askComment(verdict, typeLabel, fieldText(item, 'BulkId'));
    if (comment === null) return;
    for (const b of decisionButtons) b.disabled = true;
    status.replaceChildren(messageBar('info', verdict === 'Approve' ? 'Approving…' : 'Rejecting…'));
    const res = await sendDecision(verdict, item, id, comment);
    if (!layer.isConnected) return;
    if (!res.ok && res.status === 409) {
      options.onDecided('This action was already decided.');
      return;
    }
    if (!res.ok) {
      status.replaceChildren(failureBar(res));
      for (const b of decisionButtons) b.disabled = false;
      if (res.kind === 'signedOut') failureState(res);
      return;
    }
    const outcome = res.outcome;
    const message = res.message ?? `Decision sent (${outcome}).`;
    if (outcome === 'Approved' || outcome === 'Rejected' || outcome === 'AlreadyDecided') {
      options.onDecided(message);
      return;
    }
    status.replaceChildren(messageBar('error', h('strong', {}, 'The action was not updated. '), message));
    for (const b of decisionButtons) b.disabled = false;
  }

  openFlyout = {
    actionId: actionIdOf(item),
    close() {
      document.removeEventListener('keydown', onKey);
      layer.remove();
    },
  };
  close.focus({ preventScroll: true });
}

/**
 * The portal's comment prompt: a small modal in the page (never window.prompt). Resolves to the comment, or
 * null when cancelled. role=alertdialog: it asks for confirmation, and is not the row flyout.
 * @param {'Approve' | 'Reject'} verdict @param {string} typeLabel @param {string | null} approvalId
 * @returns {Promise<string | null>}
 */
function askComment(verdict, typeLabel, approvalId) {
  return new Promise((resolve) => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const titleId = 'fp-modal-title';
    const textarea = h('textarea', { id: 'fp-comment', class: 'fp-textarea', rows: 4, maxlength: 1000, placeholder: t('Add a comment for the record') });
    const done = (/** @type {string | null} */ value) => {
      document.removeEventListener('keydown', onKey, true);
      overlay.remove();
      previous?.focus({ preventScroll: true });
      resolve(value);
    };
    const confirm = h('button', { type: 'button', class: 'ms-Button ms-Button--primary fp-button fp-button-primary', onclick: () => done(textarea.value.trim()) }, t('Confirm'));
    const cancel = h('button', { type: 'button', class: 'ms-Button ms-Button--default fp-button', onclick: () => done(null) }, t('Cancel'));
    const dialog = h(
      'div',
      { class: 'ms-Modal-scrollableContent fp-modal-box', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': titleId, 'aria-describedby': 'fp-modal-text' },
      h('h2', { class: 'fp-modal-title', id: titleId }, t(verdict === 'Approve' ? 'Approve this action?' : 'Reject this action?')),
      h('p', { id: 'fp-modal-text', class: 'fp-modal-text', title: typeLabel }, `${typeLabel}${approvalId ? ` (Approval ID ${approvalId})` : ''}`),
      h('label', { for: 'fp-comment', class: 'fp-label' }, t('Comment (optional)')),
      textarea,
      h('div', { class: 'fp-modal-buttons' }, confirm, cancel),
    );
    const overlay = h('div', { class: 'ms-Modal fp-modal' }, h('div', { class: 'ms-Overlay fp-overlay' }), dialog);
    const onKey = (/** @type {KeyboardEvent} */ event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        done(null);
      } else if (event.key === 'Tab') {
        const focusable = [textarea, confirm, cancel];
        const i = focusable.indexOf(/** @type {never} */ (document.activeElement));
        const next = focusable[(i + (event.shiftKey ? focusable.length - 1 : 1)) % focusable.length];
        event.preventDefault();
        next?.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    document.body.append(overlay);
    textarea.focus();
  });
}

// --- Pages ---------------------------------------------------------------------------------------

/** @typedef {{ route: Route, update?: (route: Route) => boolean, dispose: () => void }} View */

/** @type {View | null} */
let view = null;

/** @param {string} title */
function setTitle(title) {
  document.title = `${title} - Microsoft Defender`;
}

/** A Fluent Pivot: role=tablist with role=tab buttons. @param {{ id: string, label: string }[]} tabs @param {(id: string) => void} onSelect */
function pivot(tabs, onSelect, label = 'Tabs') {
  const list = h('div', { class: 'ms-Pivot fp-pivot', role: 'tablist', 'aria-label': label });
  /** @type {Map<string, HTMLButtonElement>} */
  const buttons = new Map();
  for (const tab of tabs) {
    const button = h('button', { type: 'button', role: 'tab', class: 'ms-Pivot-link fp-tab', 'aria-selected': 'false', 'data-tab': tab.id, onclick: () => onSelect(tab.id) }, h('span', { class: 'ms-Pivot-text' }, tab.label));
    buttons.set(tab.id, button);
    list.append(button);
  }
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const all = [...buttons.values()];
    const i = all.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
    if (i < 0) return;
    all[(i + (event.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length]?.focus();
  });
  return {
    el: list,
    /** @param {string} id */
    select(id) {
      for (const [key, button] of buttons) {
        const on = key === id;
        if ((button.getAttribute('aria-selected') === 'true') !== on) button.setAttribute('aria-selected', String(on));
        button.classList.toggle('is-selected', on);
        button.tabIndex = on ? 0 : -1;
      }
    },
    /** @param {string} id @param {string} text */
    label(id, text) {
      const span = buttons.get(id)?.querySelector(sel('.ms-Pivot-text'));
      if (span && span.textContent !== text) span.textContent = text;
    },
  };
}

/**
 * A grid of actions with its command bar and loader, as the Action center and the investigation tabs show it:
 * selecting a row opens the flyout; a decision there, or Refresh, reloads the list.
 * @param {{ label: string, emptyText: string, isPending: () => boolean, notice: HTMLElement, status: HTMLElement, fetch: Parameters<typeof listLoader>[0]['fetch'], afterLoad?: (items: Item[], count: number) => void }} o
 */
function actionList(o) {
  const grid = createGrid({
    label: o.label,
    emptyText: o.emptyText,
    onSelect: (item) => {
      if (!item) return closeFlyout();
      showFlyout(item, {
        pending: o.isPending(),
        onClose: () => grid.select(null),
        onDecided: (message) => {
          closeFlyout();
          o.notice.replaceChildren(messageBar('success', message));
          void loader.load({ delay: false });
        },
      });
    },
  });
  const bar = commandBar(() => {
    o.notice.replaceChildren();
    void loader.load({ delay: false });
  });
  const loader = listLoader({
    grid,
    bar,
    status: o.status,
    fetch: o.fetch,
    afterLoad: (items, count) => {
      o.afterLoad?.(items, count);
      // The flyout shows an action that is gone from this list (decided elsewhere): it closes, as the portal's does.
      if (openFlyout?.actionId && !items.some((i) => actionIdOf(i) === openFlyout?.actionId)) closeFlyout();
    },
  });
  return { grid, bar, loader };
}

/**
 * One list shown in a grid, with its loading, error and refresh cycle.
 * @param {{ grid: Grid, bar: ReturnType<typeof commandBar>, status: HTMLElement, fetch: (signal: AbortSignal) => Promise<{ ok: true, items: Item[], count: number } | Extract<ApiResult, { ok: false }>>, afterLoad?: (items: Item[], count: number) => void }} parts
 */
function listLoader(parts) {
  /** @type {AbortController | null} */
  let controller = null;
  return {
    /** @param {{ delay: boolean }} how */
    async load(how) {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      setPageState('loading');
      parts.bar.setBusy(true);
      parts.grid.setLoading();
      parts.status.replaceChildren();
      try {
        if (how.delay) await sleep(CONFIG.renderDelayMs);
        if (mine.signal.aborted) return;
        const res = await parts.fetch(mine.signal);
        if (mine.signal.aborted) return;
        parts.bar.setBusy(false);
        if (!res.ok) {
          parts.grid.setItems([], true);
          parts.bar.setCount(null);
          parts.status.replaceChildren(failureBar(res));
          failureState(res);
          return;
        }
        parts.grid.setItems(res.items);
        parts.bar.setCount(res.items.length);
        parts.afterLoad?.(res.items, res.count);
        setPageState('ready');
      } catch (e) {
        if (mine.signal.aborted) return;
        parts.bar.setBusy(false);
        parts.grid.setItems([], true);
        const failure = /** @type {const} */ ({ ok: false, kind: 'malformed', status: null, message: e instanceof Error ? e.message : String(e) });
        parts.status.replaceChildren(failureBar(failure));
        failureState(failure);
      }
    },
    abort() {
      controller?.abort();
    },
  };
}

/** @param {{ kind: 'actionCenter', tab: 'pending' | 'history' }} route @returns {View} */
function actionCenterView(route) {
  setTitle(t('Action center'));
  let tab = route.tab;
  const notice = h('div', { class: 'fp-notice' });
  const status = h('div', { class: 'fp-status' });
  const tabs = pivot(
    [
      { id: 'pending', label: t('Pending') },
      { id: 'history', label: t('History') },
    ],
    (id) => navigate(withTid(`/action-center/${id}`)),
    t('Action center'),
  );
  const { grid, bar, loader } = actionList({
    label: t('Actions'),
    emptyText: t('No actions found.'),
    isPending: () => tab === 'pending',
    notice,
    status,
    fetch: (signal) => fetchList(tab, signal),
    afterLoad: (_items, count) => {
      if (tab === 'pending') tabs.label('pending', `${t('Pending')} (${count})`);
    },
  });
  main.replaceChildren(
    h(
      'div',
      { class: 'fp-page fp-page-grid' },
      h('div', { class: 'fp-page-header' }, h('h1', { class: 'fp-title' }, t('Action center'))),
      tabs.el,
      bar.el,
      notice,
      status,
      grid.el,
    ),
  );
  tabs.select(tab);
  void loader.load({ delay: true });
  return {
    route,
    update(next) {
      if (next.kind !== 'actionCenter') return false;
      closeFlyout();
      notice.replaceChildren();
      tab = next.tab;
      tabs.select(tab);
      void loader.load({ delay: true });
      return true;
    },
    dispose() {
      loader.abort();
      grid.dispose();
      closeFlyout();
    },
  };
}

/** @param {{ kind: 'investigation', id: string, office: boolean, tab: InvestigationTab }} route @returns {View} */
function investigationView(route) {
  let tab = route.tab;
  const id = route.id;
  setTitle(`Investigation ${id}`);
  const controller = new AbortController();
  const title = h('h1', { class: 'fp-title', title: `Investigation ${id}` }, `Investigation ${id}`);
  const meta = h('div', { class: 'fp-meta' });
  const status = h('div', { class: 'fp-status' });
  const notice = h('div', { class: 'fp-notice' });
  const tabs = pivot(
    [
      { id: 'overview', label: t('Overview') },
      { id: 'pending', label: t('Pending actions') },
      { id: 'history', label: t('Pending actions history') },
      { id: 'evidence', label: t('Evidence and entities') },
      { id: 'log', label: t('Log') },
    ],
    (next) => navigate(withQuery({ tab: next === 'overview' ? null : next })),
    t('Investigation'),
  );
  const content = h('div', { class: 'fp-tab-content' });

  /** @type {Item[] | null} */
  let pending = null;
  const belongs = (/** @type {Item} */ item) => investigationIdOf(item) === id;

  /** @param {'pending' | 'history'} kind */
  function gridTab(kind) {
    const { grid, bar, loader } = actionList({
      label: t(kind === 'pending' ? 'Pending actions' : 'Pending actions history'),
      emptyText: t(kind === 'pending' ? 'No pending actions in this investigation.' : 'No decided actions in this investigation.'),
      isPending: () => kind === 'pending',
      notice,
      status,
      fetch: async (signal) => {
        const res = await fetchList(kind, signal);
        return res.ok ? { ok: true, items: res.items.filter(belongs), count: res.items.filter(belongs).length } : res;
      },
      afterLoad: (items) => {
        if (kind === 'pending') {
          pending = items;
          tabs.label('pending', `${t('Pending actions')} (${items.length})`);
        }
      },
    });
    content.replaceChildren(bar.el, notice, grid.el);
    return { grid, loader };
  }

  /** @type {{ grid: Grid, loader: ReturnType<typeof listLoader> } | null} */
  let current = null;

  /** @param {unknown} investigation */
  function overview(investigation) {
    const inv = investigation && typeof investigation === 'object' ? /** @type {Item} */ (investigation) : {};
    const incident = fieldText(inv, 'IncidentId');
    const card = (/** @type {string} */ label, /** @type {Child} */ value) => h('div', { class: 'fp-card' }, h('div', { class: 'fp-card-label' }, label), h('div', { class: 'fp-card-value' }, value));
    content.replaceChildren(
      h(
        'div',
        { class: 'fp-cards' },
        card(t('Investigation status'), tValue(fieldText(inv, 'Status')) ?? DASH),
        card(t('Pending actions'), pending === null ? DASH : String(pending.length)),
        card(t('Incident'), incident ? h('a', { class: 'ms-Link fp-link', href: withTid(`/incidents/${encodeURIComponent(incident)}`) }, incident) : DASH),
        card(t('Start time'), formatTime(field(inv, 'StartTime')) ?? DASH),
      ),
    );
  }

  /** @type {unknown} */
  let investigation = null;
  let headerLoaded = false;

  function showTab() {
    tabs.select(tab);
    closeFlyout();
    notice.replaceChildren();
    current?.loader.abort();
    current?.grid.dispose();
    current = null;
    if (tab === 'pending' || tab === 'history') {
      current = gridTab(tab);
      void current.loader.load({ delay: true });
    } else if (tab === 'overview') {
      overview(investigation);
    } else {
      content.replaceChildren(h('p', { class: 'fp-placeholder' }, tab === 'log' ? 'No log entries to show.' : 'No evidence to show.'));
    }
  }

  main.replaceChildren(
    h(
      'div',
      { class: `fp-page${tab === 'pending' || tab === 'history' ? ' fp-page-grid' : ''}` },
      h('div', { class: 'fp-breadcrumb' }, h('a', { class: 'ms-Link fp-link', href: withTid('/action-center') }, t('Action center')), icon('chevron', 'fp-crumb-sep'), h('span', {}, `Investigation ${id}`)),
      h('div', { class: 'fp-page-header' }, title),
      meta,
      tabs.el,
      status,
      content,
    ),
  );
  const pageEl = /** @type {HTMLElement} */ (main.firstElementChild);

  // The header (title, pending count) loads once; the tabs load their own lists.
  void (async () => {
    setPageState('loading');
    await sleep(CONFIG.renderDelayMs);
    if (controller.signal.aborted) return;
    try {
      // The Pending actions tab fetches the list itself; the other tabs need it for the count.
      const [inv, list] = await Promise.all([
        api('GET', `${API.investigation}${encodeURIComponent(id)}`, undefined, controller.signal),
        tab === 'pending' ? Promise.resolve(null) : fetchList('pending', controller.signal),
      ]);
      if (controller.signal.aborted) return;
      if (inv.ok && inv.data && typeof inv.data === 'object') {
        investigation = inv.data;
        const item = /** @type {Item} */ (inv.data);
        const text = fieldText(item, 'Title') ?? `Investigation ${id}`;
        title.textContent = text;
        title.title = text;
        setTitle(text);
        meta.replaceChildren(h('span', {}, `Investigation ID ${id}`), h('span', {}, `Status: ${fieldText(item, 'Status') ?? DASH}`));
        if (route.office) meta.append(h('span', {}, 'Microsoft Defender for Office 365'));
      } else if (!inv.ok) {
        if (inv.kind === 'signedOut' || inv.status !== 404) {
          status.replaceChildren(failureBar(inv));
          failureState(inv);
        } else meta.replaceChildren(h('span', {}, 'This investigation was not found.'));
      }
      if (list?.ok) {
        pending ??= list.items.filter(belongs);
        tabs.label('pending', `${t('Pending actions')} (${pending.length})`);
      }
      headerLoaded = true;
      if (tab !== 'pending' && tab !== 'history') {
        if (tab === 'overview') overview(investigation);
        if (ROOT_EL.dataset.fakePortalState !== 'error') setPageState('ready');
      }
    } catch {
      // Aborted: another page took over.
    }
  })();

  showTab();
  return {
    route,
    update(next) {
      if (next.kind !== 'investigation' || next.id !== id || next.office !== route.office) return false;
      tab = next.tab;
      pageEl.classList.toggle('fp-page-grid', tab === 'pending' || tab === 'history');
      showTab();
      if (tab === 'evidence' || tab === 'log' || (tab === 'overview' && headerLoaded)) setPageState('ready');
      return true;
    },
    dispose() {
      controller.abort();
      current?.loader.abort();
      current?.grid.dispose();
      closeFlyout();
    },
  };
}

/** The current URL with query parameters changed (null removes). @param {Record<string, string | null>} changes */
function withQuery(changes) {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/** @param {{ kind: 'other', path: string }} route @returns {View} */
function otherView(route) {
  const navItem = NAV.find((n) => route.path.toLowerCase() === n.path || route.path.toLowerCase().startsWith(`${n.path}/`));
  const home = !navItem || navItem.path === '/homepage';
  const name = t(home ? 'Home' : (navItem?.name ?? 'Home'));
  setTitle(name);
  const tile = (/** @type {string} */ heading, /** @type {Child[]} */ ...body) => h('section', { class: 'fp-card fp-tile' }, h('h2', { class: 'fp-tile-title' }, heading), ...body);
  main.replaceChildren(
    h(
      'div',
      { class: 'fp-page' },
      h('div', { class: 'fp-page-header' }, h('h1', { class: 'fp-title' }, name)),
      home
        ? h(
            'div',
            { class: 'fp-tiles' },
            tile('Action center', h('p', {}, 'Review pending remediation actions from automated investigations and manual responses.'), h('a', { class: 'ms-Link fp-link', href: withTid('/action-center/pending') }, 'Go to Action center')),
            tile('Active incidents', h('p', { class: 'fp-big' }, '12'), h('p', { class: 'fp-muted' }, 'Incidents with high severity in the last 30 days')),
            tile('Secure score', h('p', { class: 'fp-big' }, '61.4%'), h('p', { class: 'fp-muted' }, 'Microsoft Secure Score for this tenant')),
          )
        : h('p', { class: 'fp-placeholder' }, 'This page is not part of the fake portal.'),
    ),
  );
  setPageState('ready');
  return { route, dispose: () => undefined };
}

function renderRoute() {
  const route = currentRoute();
  markNav();
  if (view?.update?.(route)) {
    view.route = route;
    return;
  }
  view?.dispose();
  closeFlyout();
  view = route.kind === 'actionCenter' ? actionCenterView(route) : route.kind === 'investigation' ? investigationView(route) : otherView(route);
}

buildShell();
renderRoute();
