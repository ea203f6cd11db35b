/**
 * The portal DOM contract: route detection and reading rows, flyouts, tabs and buttons from Fluent-like markup.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  actionCenterTab,
  detectRoute,
  findButton,
  findRefreshButton,
  flyoutInsertionPoint,
  investigationPendingTabShown,
  isInvestigationTablist,
  isDecidedWord,
  isOwnNode,
  leafTexts,
  readRowCells,
  readRowKeys,
  rowInsertionPoint,
  saysDecided,
  SELECTOR,
  selectedRow,
} from '@/utils/page/selectors';
import type { ColumnMap } from '@/utils/page/columns';

/** The map discovery finds for the keyed test rows. */
const KEYED: ColumnMap = { approvalId: 'k:bulkId', investigationId: 'k:investigationId', actionType: 'k:actionType', asset: 'k:computerName' };

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function row(cells: Record<string, string>, attrs: Record<string, string> = {}): HTMLElement {
  return el(
    'div',
    { role: 'row', class: 'ms-DetailsRow', ...attrs },
    el('div', { class: 'ms-DetailsRow-cellCheck' }),
    el(
      'div',
      { class: 'ms-DetailsRow-fields', role: 'presentation' },
      ...Object.entries(cells).map(([key, text]) =>
        el('div', { role: 'gridcell', class: 'ms-DetailsRow-cell', 'data-automation-key': key }, el('span', {}, text)),
      ),
    ),
  );
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('detectRoute', () => {
  it.each([
    ['https://security.microsoft.com/action-center', { kind: 'actionCenter', tab: null }],
    ['https://security.microsoft.com/action-center/', { kind: 'actionCenter', tab: null }],
    ['https://security.microsoft.com/action-center/pending?tid=abc', { kind: 'actionCenter', tab: 'pending' }],
    ['https://security.microsoft.com/action-center/history?tid=abc&x=1', { kind: 'actionCenter', tab: 'history' }],
    ['https://security.microsoft.com/Action-Center/History', { kind: 'actionCenter', tab: 'history' }],
    ['https://security.microsoft.com/investigation/1234?tid=t', { kind: 'investigation', id: '1234', office: false }],
    ['https://security.microsoft.com/airinvestigation/a1b2-c3?tid=t', { kind: 'investigation', id: 'a1b2-c3', office: true }],
    ['/investigation/77', { kind: 'investigation', id: '77', office: false }],
  ])('%s', (url, expected) => {
    expect(detectRoute(url)).toEqual(expected);
  });

  it.each([
    'https://security.microsoft.com/',
    'https://security.microsoft.com/incidents/12',
    'https://security.microsoft.com/action-center/other',
    'https://security.microsoft.com/investigation/',
    'https://security.microsoft.com/investigation/12/extra',
    'https://security.microsoft.com/x/action-center',
    'https://security.microsoft.com/investigation/<script>',
  ])('%s is no page of ours', (url) => {
    expect(detectRoute(url)).toEqual({ kind: 'other' });
  });
});

describe('grid rows', () => {
  it('reads the keyed cells, trimmed, with dashes as missing', () => {
    const r = row({
      investigationId: ' 42 ',
      bulkId: '1001',
      actionType: 'Isolate device',
      computerName: '—',
      actionDecision: '',
      eventTime: 'now',
    });
    expect(readRowKeys(r, KEYED)).toEqual({
      approvalId: '1001',
      investigationId: '42',
      actionType: 'Isolate device',
      asset: null,
      decision: null,
    });
  });

  it('reads cells by position when they carry no key, row headers and the check cell included', () => {
    const r = el(
      'div',
      { 'data-automationid': 'DetailsRow', role: 'row' },
      el('div', { role: 'gridcell' }, el('div', { 'data-automationid': 'DetailsRowCheck', role: 'radio' })),
      el('div', { role: 'rowheader' }, '42'),
      el('div', { 'data-automationid': 'DetailsRowCell' }, '1001'),
      el('acc-row-controls', { role: 'gridcell' }, 'ours'),
    );
    expect([...readRowCells(r)]).toEqual([
      ['i:0', ''],
      ['i:1', '42'],
      ['i:2', '1001'],
    ]);
    expect(readRowKeys(r, { approvalId: 'i:2', investigationId: 'i:1', actionType: null, asset: null })).toMatchObject({ approvalId: '1001', investigationId: '42' });
  });

  it('knows a decided row by a whole cell in English or German, never by a mapped column', () => {
    expect(saysDecided(readRowKeys(row({ bulkId: '1', actionDecision: 'Approved' }), KEYED))).toBe(true);
    expect(saysDecided(readRowKeys(row({ bulkId: '1', col6: 'Abgelehnt' }), KEYED))).toBe(true);
    expect(saysDecided(readRowKeys(row({ bulkId: '1', actionDecision: 'Pending approval' }), KEYED))).toBe(false);
    expect(saysDecided(readRowKeys(row({ bulkId: '1' }), KEYED))).toBe(false);
    // An asset that happens to be called "Approved" is an asset.
    expect(saysDecided(readRowKeys(row({ bulkId: '1', computerName: 'Approved' }), KEYED))).toBe(false);
    expect(isDecidedWord(' Genehmigt ')).toBe(true);
    expect(isDecidedWord('Ausstehend')).toBe(false);
  });

  it('inserts after the last cell, in the cells container', () => {
    const r = row({ bulkId: '1', eventTime: 't' });
    const at = rowInsertionPoint(r);
    expect(at?.parent).toBe(r.querySelector('.ms-DetailsRow-fields'));
    expect(at?.before).toBeNull();
    expect(rowInsertionPoint(el('div', { role: 'row', class: 'ms-DetailsRow' }))).toBeNull();
  });

  it('selects body rows only, not the header row', () => {
    const grid = el(
      'div',
      { role: 'grid' },
      el('div', { role: 'rowgroup' }, el('div', { role: 'row', class: 'ms-DetailsHeader' })),
      el('div', { role: 'rowgroup' }, row({ bulkId: '1' }), row({ bulkId: '2' }, { 'aria-selected': 'true' })),
    );
    document.body.append(grid);
    expect(document.querySelectorAll(SELECTOR.row)).toHaveLength(2);
    expect(readRowKeys(selectedRow(document)!, KEYED).approvalId).toBe('2');
  });

  it('finds the selected row by its checked row check when the row itself says nothing', () => {
    const check = (on: boolean) => el('div', { role: 'gridcell' }, el('div', { 'data-automationid': 'DetailsRowCheck', role: 'checkbox', 'aria-checked': String(on) }));
    const a = el('div', { 'data-automationid': 'DetailsRow' }, check(false));
    const b = el('div', { 'data-automationid': 'DetailsRow' }, check(true));
    document.body.append(el('div', { role: 'grid' }, a, b));
    expect(selectedRow(document)).toBe(b);
  });
});

describe('flyout', () => {
  it('reads its values and finds the portal buttons', () => {
    const buttons = el('div', { class: 'ms-Panel-footer-buttons' }, el('button', {}, 'Approve'), el('button', {}, 'Reject'));
    const footer = el('div', { class: 'ms-Panel-footer' }, buttons);
    const dialog = el(
      'div',
      { role: 'dialog' },
      el(
        'dl',
        {},
        el('dt', {}, 'Approval ID'),
        el('dd', {}, '1001'),
        el('dt', {}, 'Investigation ID'),
        el('dd', {}, '42'),
        el('dt', {}, 'Action type'),
        el('dd', {}, 'Isolate device'),
        el('dt', {}, 'Asset'),
        el('dd', {}, 'ws-1'),
      ),
      footer,
    );
    expect(leafTexts(dialog)).toEqual(['Approval ID', '1001', 'Investigation ID', '42', 'Action type', 'Isolate device', 'Asset', 'ws-1', 'Approve', 'Reject']);
    expect(flyoutInsertionPoint(dialog)).toEqual({ parent: footer, before: null });
  });

  it('finds German portal buttons by the German words', () => {
    const buttons = el('div', {}, el('button', {}, 'Untersuchungsseite öffnen'), el('button', {}, 'Genehmigen'), el('button', {}, 'Ablehnen'));
    const footer = el('div', {}, buttons);
    expect(flyoutInsertionPoint(el('div', { role: 'dialog' }, footer))).toEqual({ parent: footer, before: null });
  });

  it('finds the portal buttons of a language it has no words for by structure: the group of the last buttons', () => {
    const close = el('button', { 'aria-label': '閉じる' });
    const buttons = el('div', {}, el('button', {}, '開く'), el('button', {}, '承認'), el('button', {}, '拒否'));
    const footer = el('div', {}, buttons);
    expect(flyoutInsertionPoint(el('div', { role: 'dialog' }, el('div', {}, close), footer))).toEqual({ parent: footer, before: null });
  });

  it('has no insertion point without the portal buttons', () => {
    expect(flyoutInsertionPoint(el('div', { role: 'dialog' }, el('button', {}, 'Close')))).toBeNull();
  });
});

describe('tabs and buttons', () => {
  it('takes the Action center tab from the route, else the selected tab', () => {
    document.body.append(
      el('div', { role: 'tablist' }, el('button', { role: 'tab', 'aria-selected': 'false' }, 'Pending'), el('button', { role: 'tab', 'aria-selected': 'true' }, 'History')),
    );
    expect(actionCenterTab(detectRoute('/action-center'), document)).toBe('history');
    expect(actionCenterTab(detectRoute('/action-center/pending'), document)).toBe('pending');
    expect(actionCenterTab(detectRoute('/incidents'), document)).toBeNull();
  });

  it('takes the Action center tab from the selected tab’s identifiers, else its position, never its words', () => {
    const list = el(
      'div',
      { role: 'tablist' },
      el('button', { role: 'tab', 'aria-selected': 'true', id: 'Pivot7-Tab0' }, 'Ausstehend'),
      el('button', { role: 'tab', 'aria-selected': 'false', id: 'Pivot7-Tab1' }, 'Verlauf'),
    );
    document.body.append(list);
    expect(actionCenterTab(detectRoute('/action-center'), document)).toBe('pending');
    list.children[0]!.setAttribute('aria-selected', 'false');
    list.children[1]!.setAttribute('aria-selected', 'true');
    expect(actionCenterTab(detectRoute('/action-center'), document)).toBe('history');
    list.children[1]!.setAttribute('data-tab', 'pending');
    expect(actionCenterTab(detectRoute('/action-center'), document)).toBe('pending');
    list.children[1]!.setAttribute('data-tab', 'summary');
    expect(actionCenterTab(detectRoute('/action-center'), document)).toBeNull();
  });

  it('recognises the investigation Pending actions tab by its identifiers in any language (not its history)', () => {
    const list = el(
      'div',
      { role: 'tablist' },
      el('button', { role: 'tab', 'aria-selected': 'false', 'data-tab': 'overview' }, 'Übersicht'),
      el('button', { role: 'tab', 'aria-selected': 'true', 'aria-controls': 'pendingActionsPanel' }, 'Ausstehende Aktionen (3)'),
      el('button', { role: 'tab', 'aria-selected': 'false', 'aria-controls': 'pendingActionsHistoryPanel' }, 'Pending actions'),
    );
    document.body.append(list);
    expect(isInvestigationTablist(list)).toBe(true);
    expect(investigationPendingTabShown(document)).toBe(true);
    list.children[1]!.setAttribute('aria-selected', 'false');
    list.children[2]!.setAttribute('aria-selected', 'true');
    // Its words say "Pending actions", its identifiers say history: the identifiers win.
    expect(investigationPendingTabShown(document)).toBe(false);
  });

  it('recognises the investigation Pending actions tab by its words only when it has no identifiers (English, German)', () => {
    const list = el(
      'div',
      { role: 'tablist' },
      el('button', { role: 'tab', 'aria-selected': 'false' }, 'Pending actions history'),
      el('button', { role: 'tab', 'aria-selected': 'true' }, 'Pending actions (3)'),
      el('button', { role: 'tab', 'aria-selected': 'false' }, 'Ausstehende Aktionen'),
      el('button', { role: 'tab', 'aria-selected': 'false' }, '保留中のアクション'),
    );
    document.body.append(list);
    expect(isInvestigationTablist(list)).toBe(true);
    expect(investigationPendingTabShown(document)).toBe(true);
    list.children[1]!.setAttribute('aria-selected', 'false');
    list.children[0]!.setAttribute('aria-selected', 'true');
    expect(investigationPendingTabShown(document)).toBe(false);
    list.children[0]!.setAttribute('aria-selected', 'false');
    list.children[2]!.setAttribute('aria-selected', 'true');
    expect(investigationPendingTabShown(document)).toBe(true);
    // A language without words in the table: not recognised (no controls), never guessed.
    list.children[2]!.setAttribute('aria-selected', 'false');
    list.children[3]!.setAttribute('aria-selected', 'true');
    expect(investigationPendingTabShown(document)).toBe(false);
  });

  it('finds buttons by text or aria-label; Refresh only when enabled', () => {
    document.body.append(el('button', { 'aria-label': 'Refresh' }, el('i', {})));
    expect(findButton(document, 'refresh')).not.toBeNull();
    expect(findRefreshButton(document)).not.toBeNull();
    document.querySelector('button')!.setAttribute('aria-disabled', 'true');
    expect(findRefreshButton(document)).toBeNull();
    document.body.replaceChildren(el('button', {}, 'Aktualisieren'));
    expect(findRefreshButton(document)).not.toBeNull();
  });

  it('recognises our own hosts', () => {
    expect(isOwnNode(document.createElement('acc-row-controls'))).toBe(true);
    expect(isOwnNode(document.createElement('div'))).toBe(false);
    expect(isOwnNode(document.createTextNode('acc-'))).toBe(false);
  });
});
