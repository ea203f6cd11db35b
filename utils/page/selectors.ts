/**
 * THE contract with the portal's DOM (../shared/PORTAL.md, "Portal pages"): every selector, route pattern and
 * DOM reading the content script relies on lives here. A portal redesign is a change to this file only.
 * Everything here only reads the page; nothing writes to portal nodes.
 */
import { COLUMN_FIELDS, headerSignature, type ColumnField, type ColumnMap, type ColumnRef, type RowCells } from './columns';
import { norm } from './match';

// --- Routes ------------------------------------------------------------------------------------

export type ActionCenterTab = 'pending' | 'history';

export type Route =
  | { readonly kind: 'actionCenter'; readonly tab: ActionCenterTab | null }
  | { readonly kind: 'investigation'; readonly id: string; readonly office: boolean }
  | { readonly kind: 'other' };

const ROUTES = {
  actionCenter: /^\/action-center(?:\/(pending|history))?\/?$/i,
  investigation: /^\/(air)?investigation\/([A-Za-z0-9_.:-]{1,100})\/?$/i,
} as const;

/** What page of the portal a URL shows. `?tid=` and other query parameters do not matter. */
export function detectRoute(url: string | URL): Route {
  let path: string;
  try {
    path = (typeof url === 'string' ? new URL(url, 'https://portal.invalid') : url).pathname;
  } catch {
    return { kind: 'other' };
  }
  // Trailing sub-paths such as /investigation/123/actions are not ours to guess.
  const ac = ROUTES.actionCenter.exec(path);
  if (ac) return { kind: 'actionCenter', tab: (ac[1]?.toLowerCase() as ActionCenterTab | undefined) ?? null };
  const inv = ROUTES.investigation.exec(path);
  if (inv?.[2]) return { kind: 'investigation', id: decodeURIComponent(inv[2]), office: Boolean(inv[1]) };
  return { kind: 'other' };
}

// --- Selectors ---------------------------------------------------------------------------------

/*
 * ASSUMPTIONS about the portal's markup (PORTAL.md "Portal pages"), none of them visible words:
 * - Grids are Fluent v8 DetailsList: rows carry `data-automationid="DetailsRow"` (or role=row + class
 *   ms-DetailsRow), cells `data-automationid="DetailsRowCell"` or role gridcell / rowheader, the row check
 *   `data-automationid="DetailsRowCheck"` (role radio or checkbox). Column keys are the app's choice: which column
 *   holds what is learnt from the data (columns.ts), never from a key or a header word.
 * - Tabs (Fluent Pivot) are told apart by their identifiers (`data-tab`, `data-item-key`, `data-automation-key`,
 *   `aria-controls`, `id`): like routes and `data-automation-key` values these do not change with the language.
 *   On the Action center the route names the tab; otherwise the selected tab's identifiers, else its position
 *   (Pending first, History second). On an investigation page the Pending actions tab is the selected tab whose
 *   identifiers say "pending" and not "history"; only a tab without any identifier falls back to its words
 *   (TEXT, English and German), and anything else is "not recognised": no controls.
 * - The row flyout is a role=dialog that shows the action's ids as values; it is recognised by those values.
 * - The navigation is a `nav` element or role=navigation; the Action center link's href contains its route.
 */

export const SELECTOR = {
  grid: '[role="grid"]',
  /** Body rows only: the header row is role=row too, but neither DetailsRow nor ms-DetailsRow. */
  row: '[data-automationid="DetailsRow"], [role="row"].ms-DetailsRow',
  headerRow: '[role="row"].ms-DetailsHeader, [data-automationid="DetailsHeader"]',
  columnHeader: '[role="columnheader"]',
  /** A row's cells, in order (the check cell included): position is a column's identity when cells carry no key. */
  cell: '[data-automationid="DetailsRowCell"], [role="gridcell"], [role="rowheader"]',
  rowCheck: '[data-automationid="DetailsRowCheck"], [role="checkbox"], [role="radio"]',
  /** The row flyout (Fluent Panel). */
  flyout: '[role="dialog"]',
  tab: '[role="tab"]',
  tablist: '[role="tablist"]',
  selectedTab: '[role="tab"][aria-selected="true"]',
  button: 'button, [role="button"]',
  /** Fluent v8's primary button (its own class name, the same in every build and language). */
  primaryButton: '.ms-Button--primary',
  /** The navigation pane's link to the Action center, wherever the navigation landmark is. */
  navActionCenterLink: 'nav a[href*="/action-center"], [role="navigation"] a[href*="/action-center"]',
  /** A collapsible group's button in the navigation pane. */
  navGroup: 'nav [aria-expanded][aria-controls], [role="navigation"] [aria-expanded][aria-controls]',
  /** A collapsed group of the navigation pane (its links are not rendered). */
  navCollapsedGroup: 'nav [aria-expanded="false"][aria-controls], [role="navigation"] [aria-expanded="false"][aria-controls]',
} as const;

/**
 * The few words we still have to read, per portal language (matched case-insensitively after trimming). Used
 * together: a word of any listed language counts, and one we do not list is "not recognised".
 */
export const TEXT = {
  en: {
    approve: 'Approve',
    reject: 'Reject',
    refresh: 'Refresh',
    /** The investigation page tab with the pending actions (not "Pending actions history"). */
    investigationPendingTab: /^pending actions(\s*\(\d+\))?$/i,
    /** A cell that says the action is no longer pending (the whole cell). */
    decided: ['approved', 'rejected', 'declined', 'expired', 'cancelled', 'canceled'],
  },
  de: {
    approve: 'Genehmigen',
    reject: 'Ablehnen',
    refresh: 'Aktualisieren',
    investigationPendingTab: /^ausstehende aktionen(\s*\(\d+\))?$/i,
    decided: ['genehmigt', 'abgelehnt', 'abgelaufen', 'abgebrochen', 'storniert'],
  },
} as const;

const LANGUAGES = Object.values(TEXT);
const DECIDED_WORDS: ReadonlySet<string> = new Set(LANGUAGES.flatMap((t) => t.decided));

/** Attributes whose change can switch what the page shows (tab selection, link targets, nav groups). */
export const WATCHED_ATTRIBUTES: readonly string[] = ['aria-selected', 'href', 'aria-expanded'];

// --- Reading the page ----------------------------------------------------------------------

/** Visible text of a node, whitespace collapsed. */
export function textOf(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** A cell value that means "nothing": empty, a dash, "N/A". */
function meaningful(text: string): string | null {
  return text === '' || /^(-|—|–|n\/a|none)$/i.test(text) ? null : text;
}

/** What a row (or flyout) says about the action it shows. */
export interface RowKeys {
  readonly approvalId: string | null;
  readonly investigationId: string | null;
  readonly actionType: string | null;
  readonly asset: string | null;
  /** A cell that says the action was decided (a word of TEXT.*.decided), else null. */
  readonly decision: string | null;
}

export const EMPTY_KEYS: RowKeys = { approvalId: null, investigationId: null, actionType: null, asset: null, decision: null };

/** A row's cells in order, our own hosts left out. */
export function rowCells(row: Element): Element[] {
  const out: Element[] = [];
  for (const cell of row.querySelectorAll(SELECTOR.cell)) if (!isOwnNode(cell)) out.push(cell);
  return out;
}

/** A cell's column: its key when it has one, else its position. */
function columnOf(cell: Element, index: number): ColumnRef {
  const key = cell.getAttribute('data-automation-key');
  return key ? `k:${key}` : `i:${index}`;
}

/** A row as column discovery reads it: column → normalised text. */
export function readRowCells(row: Element): RowCells {
  const out = new Map<ColumnRef, string>();
  rowCells(row).forEach((cell, i) => out.set(columnOf(cell, i), norm(meaningful(textOf(cell)))));
  return out;
}

/** The grid a row belongs to (its role=grid, else its parent list). */
export function gridOf(row: Element): Element | null {
  return row.closest(SELECTOR.grid) ?? row.parentElement;
}

/** The body rows of a grid. */
export function gridRows(grid: Element): Element[] {
  return [...grid.querySelectorAll(SELECTOR.row)];
}

/** Whether a grid shows body rows (rows with cells) that SELECTOR.row does not recognise: markup we do not know. */
export function hasUnrecognisedRows(doc: ParentNode): boolean {
  for (const row of doc.querySelectorAll('[role="grid"] [role="row"]')) {
    if (!row.matches(SELECTOR.row) && row.querySelector('[role="gridcell"], [role="rowheader"]')) return true;
  }
  return false;
}

/** What identifies a grid's columns now: its header cells' keys (columns.ts headerSignature). */
export function gridSignature(grid: Element): string {
  const keys = [...grid.querySelectorAll(SELECTOR.columnHeader)]
    .filter((h) => !isOwnNode(h))
    .map((h) => h.getAttribute('data-item-key') ?? h.getAttribute('data-automation-key'));
  return headerSignature(keys);
}

/** Reads a grid row through its column map: one query per row, then cells by key or position. */
export function readRowKeys(row: Element, map: ColumnMap): RowKeys {
  const keys: Record<keyof RowKeys, string | null> = { ...EMPTY_KEYS };
  const fieldOf = new Map<ColumnRef, ColumnField>();
  for (const field of COLUMN_FIELDS) {
    const column = map[field];
    if (column) fieldOf.set(column, field);
  }
  rowCells(row).forEach((cell, i) => {
    const text = meaningful(textOf(cell));
    const field = fieldOf.get(columnOf(cell, i));
    if (field) keys[field] = text;
    else if (keys.decision === null && text !== null && DECIDED_WORDS.has(text.toLowerCase())) keys.decision = text;
  });
  return keys;
}

export function isEmptyKeys(k: RowKeys): boolean {
  return !k.approvalId && !k.investigationId && !k.actionType && !k.asset && !k.decision;
}

export function saysDecided(keys: RowKeys): boolean {
  return keys.decision !== null;
}

/** Whether a text is a "decided" word of a known portal language. */
export function isDecidedWord(text: string): boolean {
  return DECIDED_WORDS.has(text.trim().toLowerCase());
}

/**
 * Where controls go in a row: after its last cell, inside the same container (never between cells). A header
 * row's cells are its column headers.
 */
export function rowInsertionPoint(row: Element, cell: string = SELECTOR.cell): { parent: Element; before: Node | null } | null {
  const cells = [...row.querySelectorAll(cell)].filter((c) => !isOwnNode(c));
  const last = cells[cells.length - 1];
  if (!last?.parentElement) return null;
  return { parent: last.parentElement, before: last.nextSibling };
}

/** The texts of a flyout's smallest elements (its values and labels), our own hosts left out. */
export function leafTexts(root: Element): string[] {
  const out: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (el.childElementCount > 0 || isOwnNode(el)) continue;
    const text = meaningful(textOf(el));
    if (text) out.push(text);
  }
  return out;
}

/** The grid row the analyst selected (the one the flyout is about): selected, or its row check is checked. */
export function selectedRow(doc: ParentNode): Element | null {
  for (const row of doc.querySelectorAll(SELECTOR.row)) {
    if (row.getAttribute('aria-selected') === 'true' || row.classList.contains('is-selected')) return row;
    const check = row.querySelector(SELECTOR.rowCheck);
    if (check && (check.getAttribute('aria-checked') === 'true' || check.getAttribute('aria-selected') === 'true')) return row;
  }
  return null;
}

/** A button whose visible text or aria-label is exactly `name` (case-insensitive). */
export function findButton(root: ParentNode, name: string): HTMLElement | null {
  const wanted = name.toLowerCase();
  for (const el of root.querySelectorAll<HTMLElement>(SELECTOR.button)) {
    const label = (el.getAttribute('aria-label') ?? textOf(el)).trim().toLowerCase();
    if (label === wanted || textOf(el).toLowerCase() === wanted) return el;
  }
  return null;
}

/** A button named by one of TEXT's languages. */
function findButtonIn(root: ParentNode, word: 'approve' | 'reject' | 'refresh'): HTMLElement | null {
  for (const t of LANGUAGES) {
    const found = findButton(root, t[word]);
    if (found) return found;
  }
  return null;
}

/**
 * The flyout's command group, where the portal's own Approve/Reject sit: the group of a button named by TEXT's
 * words, else by structure: the group of the flyout's last button, when it holds two or more buttons (a Fluent
 * Panel's footer). Neither: none.
 */
function flyoutButtonGroup(dialog: Element): Element | null {
  let group = (findButtonIn(dialog, 'approve') ?? findButtonIn(dialog, 'reject'))?.parentElement ?? null;
  if (!group) {
    const buttons = dialog.querySelectorAll(SELECTOR.button);
    const last = buttons[buttons.length - 1];
    const parent = last?.parentElement ?? null;
    if (parent && directButtons(parent).length >= 2) group = parent;
  }
  return group && dialog.contains(group) ? group : null;
}

function directButtons(group: Element): Element[] {
  return [...group.querySelectorAll(':scope > button, :scope > [role="button"]')];
}

/** Our controls go right after the flyout's command group. */
export function flyoutInsertionPoint(dialog: Element): { parent: Element; before: Node | null } | null {
  const group = flyoutButtonGroup(dialog);
  if (!group?.parentElement) return null;
  return { parent: group.parentElement, before: group.nextSibling };
}

/**
 * Whether the flyout offers the portal's own decision buttons. By structure, in any language: its command group
 * holds a Fluent primary button (`ms-Button--primary`, Fluent's own class, not a generated one) beside at least one
 * other button — PORTAL.md: a pending action's flyout has Open investigation page, Approve (primary) and Reject;
 * a decided one only Open investigation page. A button named Approve or Reject in a TEXT language counts too.
 * Unsure means no: our own buttons then show, labelled as ours.
 */
export function portalDecisionButtons(dialog: Element): boolean {
  if (findButtonIn(dialog, 'approve') ?? findButtonIn(dialog, 'reject')) return true;
  const group = flyoutButtonGroup(dialog);
  if (!group) return false;
  const buttons = directButtons(group);
  return buttons.length >= 2 && buttons.some((b) => b.matches(SELECTOR.primaryButton));
}

const TAB_ID_ATTRIBUTES = ['data-tab', 'data-item-key', 'data-itemkey', 'data-automation-key', 'aria-controls', 'id'] as const;

/** The words of a tab's identifiers: "pendingActionsHistory" → pending, actions, history. */
function tabTokens(tab: Element): Set<string> {
  const out = new Set<string>();
  for (const name of TAB_ID_ATTRIBUTES) {
    const value = tab.getAttribute(name);
    if (!value) continue;
    for (const word of value.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/)) if (word) out.add(word);
  }
  return out;
}

/** What a tab's identifiers say it is: pending, history, something else, or nothing (no identifiers). */
function tabKind(tab: Element): 'pending' | 'history' | 'other' | null {
  const tokens = tabTokens(tab);
  if (tokens.has('history')) return 'history';
  if (tokens.has('pending')) return 'pending';
  return [...tokens].some((t) => t !== 'tab' && t !== 'pivot') ? 'other' : null;
}

/** Which Action center tab is shown: from the route, else the selected tab's identifiers, else its position. */
export function actionCenterTab(route: Route, doc: ParentNode): ActionCenterTab | null {
  if (route.kind !== 'actionCenter') return null;
  if (route.tab) return route.tab;
  const selected = doc.querySelector(SELECTOR.selectedTab);
  // No tabs at all: the page opens on Pending.
  if (!selected) return 'pending';
  const kind = tabKind(selected);
  if (kind === 'pending' || kind === 'history') return kind;
  if (kind === 'other') return null;
  const list = selected.closest(SELECTOR.tablist);
  const index = list ? [...list.querySelectorAll(SELECTOR.tab)].indexOf(selected) : -1;
  return index === 0 ? 'pending' : index === 1 ? 'history' : null;
}

/** Whether a tab is the investigation page's Pending actions tab: by its identifiers, else (none) by its words. */
function isInvestigationPendingTab(tab: Element): boolean {
  const kind = tabKind(tab);
  if (kind !== null) return kind === 'pending';
  const text = textOf(tab);
  return LANGUAGES.some((t) => t.investigationPendingTab.test(text));
}

/** Whether the investigation page shows its "Pending actions" tab. */
export function investigationPendingTabShown(doc: ParentNode): boolean {
  const selected = doc.querySelector(SELECTOR.selectedTab);
  return selected !== null && isInvestigationPendingTab(selected);
}

/** The tab list of the investigation page: the one that holds a "Pending actions" tab. */
export function isInvestigationTablist(el: Element): boolean {
  for (const tab of el.querySelectorAll(SELECTOR.tab)) if (isInvestigationPendingTab(tab)) return true;
  return false;
}

/** The portal's own Refresh command for the list, when there is one and it is enabled. */
export function findRefreshButton(doc: ParentNode): HTMLElement | null {
  const button = findButtonIn(doc, 'refresh');
  if (!button) return null;
  if (button.hasAttribute('disabled') || button.getAttribute('aria-disabled') === 'true') return null;
  return button;
}

/**
 * Opens the portal's own details flyout of a grid row (where its Approve and Reject are), as selecting the row does
 * (PORTAL.md: selecting a row opens its flyout). Only ever called from the analyst's own click on our control.
 */
export function openRowDetails(fromInside: Element): boolean {
  const root = fromInside.getRootNode();
  const host = root instanceof ShadowRoot ? root.host : fromInside;
  const row = host.closest(SELECTOR.row);
  if (!(row instanceof HTMLElement)) return false;
  row.click();
  return true;
}

/** Our own hosts are custom elements with this prefix; the observer ignores them. */
export const OWN_TAG_PREFIX = 'ACC-';

export function isOwnNode(node: Node): boolean {
  return node.nodeType === 1 && (node as Element).tagName.startsWith(OWN_TAG_PREFIX);
}
