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
  isOwnNode,
  readFlyoutKeys,
  readRowKeys,
  rowInsertionPoint,
  saysDecided,
  SELECTOR,
  selectedRow,
} from '@/utils/page/selectors';

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
    expect(readRowKeys(r)).toEqual({
      approvalId: '1001',
      investigationId: '42',
      actionType: 'Isolate device',
      asset: null,
      decision: null,
    });
  });

  it('knows a decided row', () => {
    expect(saysDecided(readRowKeys(row({ bulkId: '1', actionDecision: 'Approved' })))).toBe(true);
    expect(saysDecided(readRowKeys(row({ bulkId: '1', actionDecision: 'Pending approval' })))).toBe(false);
    expect(saysDecided(readRowKeys(row({ bulkId: '1' })))).toBe(false);
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
    expect(readRowKeys(selectedRow(document)!).approvalId).toBe('2');
  });
});

describe('flyout', () => {
  it('reads label/value pairs and finds the portal buttons', () => {
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
    expect(readFlyoutKeys(dialog)).toEqual({
      approvalId: '1001',
      investigationId: '42',
      actionType: 'Isolate device',
      asset: 'ws-1',
      decision: null,
    });
    expect(flyoutInsertionPoint(dialog)).toEqual({ parent: footer, before: null });
  });

  it('prefers keyed cells when the flyout has them', () => {
    const dialog = el('div', { role: 'dialog' }, el('span', { 'data-automation-key': 'bulkId' }, '77'));
    expect(readFlyoutKeys(dialog).approvalId).toBe('77');
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

  it('recognises the investigation Pending actions tab (not its history)', () => {
    const list = el(
      'div',
      { role: 'tablist' },
      el('button', { role: 'tab', 'aria-selected': 'false' }, 'Pending actions history'),
      el('button', { role: 'tab', 'aria-selected': 'true' }, 'Pending actions (3)'),
    );
    document.body.append(list);
    expect(isInvestigationTablist(list)).toBe(true);
    expect(investigationPendingTabShown(document)).toBe(true);
    list.children[1]!.setAttribute('aria-selected', 'false');
    list.children[0]!.setAttribute('aria-selected', 'true');
    expect(investigationPendingTabShown(document)).toBe(false);
  });

  it('finds buttons by text or aria-label; Refresh only when enabled', () => {
    document.body.append(el('button', { 'aria-label': 'Refresh' }, el('i', {})));
    expect(findButton(document, 'refresh')).not.toBeNull();
    expect(findRefreshButton(document)).not.toBeNull();
    document.querySelector('button')!.setAttribute('aria-disabled', 'true');
    expect(findRefreshButton(document)).toBeNull();
  });

  it('recognises our own hosts', () => {
    expect(isOwnNode(document.createElement('acc-row-controls'))).toBe(true);
    expect(isOwnNode(document.createElement('div'))).toBe(false);
    expect(isOwnNode(document.createTextNode('acc-'))).toBe(false);
  });
});
