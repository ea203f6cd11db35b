/**
 * THE contract with the portal's DOM (../shared/PORTAL.md, "Portal pages"): every selector, route pattern and
 * DOM reading the content script relies on lives here. A portal redesign is a change to this file only.
 * Everything here only reads the page; nothing writes to portal nodes.
 */

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

/** Column keys: each grid cell's `data-automation-key` is the column's sort key. */
export const COLUMN = {
  investigationId: 'investigationId',
  approvalId: 'bulkId',
  actionType: 'actionType',
  entityType: 'entityType',
  asset: 'computerName',
  decision: 'actionDecision',
  decidedBy: 'decidedBy',
  source: 'actionSource',
  status: 'actionStatus',
  time: 'eventTime',
} as const;

export const SELECTOR = {
  grid: '[role="grid"]',
  /** Body rows only: the header row is role=row too, but not ms-DetailsRow. */
  row: '[role="row"].ms-DetailsRow',
  headerRow: '[role="row"].ms-DetailsHeader',
  columnHeader: '[role="columnheader"]',
  cell: '[role="gridcell"]',
  keyedCell: '[role="gridcell"][data-automation-key]',
  /** The row flyout (Fluent Panel). */
  flyout: '[role="dialog"]',
  tab: '[role="tab"]',
  tablist: '[role="tablist"]',
  selectedTab: '[role="tab"][aria-selected="true"]',
  button: 'button, [role="button"]',
  /** The navigation pane's link to the Action center. */
  navActionCenterLink: 'nav a[href*="/action-center"]',
} as const;

/** Visible names the portal uses; matched case-insensitively after trimming. */
export const TEXT = {
  approvalIdLabel: 'Approval ID',
  investigationIdLabel: 'Investigation ID',
  actionTypeLabel: 'Action type',
  assetLabel: 'Asset',
  decisionLabel: 'Decision',
  approve: 'Approve',
  reject: 'Reject',
  refresh: 'Refresh',
  historyTab: /^history\b/i,
  pendingTab: /^pending\b/i,
  /** The investigation page tab with the pending actions (not "Pending actions history"). */
  investigationPendingTab: /^pending actions(\s*\(\d+\))?$/i,
  /** A decision cell that says the action is no longer pending. */
  decided: /\b(approved|rejected|declined|expired|cancell?ed)\b/i,
} as const;

/** Attributes whose change can switch what the page shows (tab selection, link targets). */
export const WATCHED_ATTRIBUTES: readonly string[] = ['aria-selected', 'href'];

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
  readonly decision: string | null;
}

export const EMPTY_KEYS: RowKeys = { approvalId: null, investigationId: null, actionType: null, asset: null, decision: null };

/** Which RowKeys field each column fills. */
const FIELD_OF_COLUMN: Readonly<Record<string, keyof RowKeys>> = {
  [COLUMN.approvalId]: 'approvalId',
  [COLUMN.investigationId]: 'investigationId',
  [COLUMN.actionType]: 'actionType',
  [COLUMN.asset]: 'asset',
  [COLUMN.decision]: 'decision',
};

/** Reads a grid row's cells by column key (one query per row). */
export function readRowKeys(row: Element): RowKeys {
  const keys: Record<keyof RowKeys, string | null> = { ...EMPTY_KEYS };
  for (const cell of row.querySelectorAll(SELECTOR.keyedCell)) {
    const field = FIELD_OF_COLUMN[cell.getAttribute('data-automation-key') ?? ''];
    if (field) keys[field] = meaningful(textOf(cell));
  }
  return keys;
}

export function isEmptyKeys(k: RowKeys): boolean {
  return !k.approvalId && !k.investigationId && !k.actionType && !k.asset && !k.decision;
}

export function saysDecided(keys: RowKeys): boolean {
  return keys.decision !== null && TEXT.decided.test(keys.decision);
}

/**
 * Where controls go in a row: after its last cell, inside the same container (never between cells). A header
 * row's cells are its column headers.
 */
export function rowInsertionPoint(row: Element, cell: string = SELECTOR.cell): { parent: Element; before: Node | null } | null {
  const cells = row.querySelectorAll(cell);
  const last = cells[cells.length - 1];
  if (!last?.parentElement) return null;
  return { parent: last.parentElement, before: last.nextSibling };
}

/** The value next to a label in a flyout ("Approval ID" → "1234"): dt/dd, th/td, label + sibling, or keyed cells. */
function flyoutField(dialog: Element, column: string, label: string): string | null {
  const keyed = dialog.querySelector(`[data-automation-key="${column}"]`);
  if (keyed) return meaningful(textOf(keyed));
  const wanted = label.toLowerCase();
  for (const el of dialog.querySelectorAll('dt, th, label, span, div, p, h3, h4')) {
    if (el.childElementCount > 1) continue;
    if (textOf(el).replace(/:$/, '').toLowerCase() !== wanted) continue;
    const value = el.nextElementSibling ?? el.parentElement?.nextElementSibling ?? null;
    if (value) return meaningful(textOf(value));
  }
  return null;
}

/** The grid row the analyst selected (the one the flyout is about). */
export function selectedRow(doc: ParentNode): Element | null {
  return doc.querySelector(`${SELECTOR.row}[aria-selected="true"], ${SELECTOR.row}.is-selected`);
}

/** Flyout labels of each field. */
const LABEL_OF_FIELD: Readonly<Record<keyof RowKeys, string>> = {
  approvalId: TEXT.approvalIdLabel,
  investigationId: TEXT.investigationIdLabel,
  actionType: TEXT.actionTypeLabel,
  asset: TEXT.assetLabel,
  decision: TEXT.decisionLabel,
};

/** What the row flyout says about its action. */
export function readFlyoutKeys(dialog: Element): RowKeys {
  const keys: Record<keyof RowKeys, string | null> = { ...EMPTY_KEYS };
  for (const [column, field] of Object.entries(FIELD_OF_COLUMN)) keys[field] = flyoutField(dialog, column, LABEL_OF_FIELD[field]);
  return keys;
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

/** The portal's own Approve/Reject buttons in the flyout: our controls go right after their container. */
export function flyoutInsertionPoint(dialog: Element): { parent: Element; before: Node | null } | null {
  const approve = findButton(dialog, TEXT.approve) ?? findButton(dialog, TEXT.reject);
  const group = approve?.parentElement;
  if (!group?.parentElement || !dialog.contains(group)) return null;
  return { parent: group.parentElement, before: group.nextSibling };
}

/** Which Action center tab is shown: from the route, else from the selected tab. */
export function actionCenterTab(route: Route, doc: ParentNode): ActionCenterTab | null {
  if (route.kind !== 'actionCenter') return null;
  if (route.tab) return route.tab;
  const selected = textOf(doc.querySelector(SELECTOR.selectedTab));
  if (TEXT.historyTab.test(selected)) return 'history';
  return 'pending';
}

/** Whether the investigation page shows its "Pending actions" tab. */
export function investigationPendingTabShown(doc: ParentNode): boolean {
  return TEXT.investigationPendingTab.test(textOf(doc.querySelector(SELECTOR.selectedTab)));
}

/** The tab list of the investigation page: the one that holds a "Pending actions" tab. */
export function isInvestigationTablist(el: Element): boolean {
  for (const tab of el.querySelectorAll(SELECTOR.tab)) if (TEXT.investigationPendingTab.test(textOf(tab))) return true;
  return false;
}

/** The portal's own Refresh command for the list, when there is one and it is enabled. */
export function findRefreshButton(doc: ParentNode): HTMLElement | null {
  const button = findButton(doc, TEXT.refresh);
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
