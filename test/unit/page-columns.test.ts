/**
 * Columns recognised by what they hold (utils/page/columns.ts, gridColumns.ts): whatever the column keys, the
 * header words or the language, the id column is the one whose cells are the known actions' ids, agreed by the
 * visible rows, and a tie or too little agreement leaves it unknown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { columnEvidence, discoverColumns, headerSignature, NO_COLUMNS, signatureNamesColumns, type RowCells } from '@/utils/page/columns';
import { createColumnCache } from '@/utils/page/gridColumns';
import type { MatchTarget } from '@/utils/page/match';
import { readRowCells } from '@/utils/page/selectors';

function target(id: string, approvalId: string | null, investigationId: string | null, typeLabel = 'Isolate device', asset: string | null = 'WS-1'): MatchTarget {
  return { id, approvalId, investigationId, type: 'IsolateResponse', typeLabel, asset, entityName: asset ?? 'evil.exe' };
}

const KNOWN = [
  target('a-1', '10241', '1287', 'Isolate device', 'WS-FIN-042'),
  target('a-2', '10242', '1287', 'Run antivirus scan', 'WS-FIN-042'),
  target('a-3', '10243', '1287', 'Collect investigation package', 'WS-FIN-017'),
  target('a-4', '10250', '1290', 'Soft delete email messages or clusters', null),
];
const EVIDENCE = columnEvidence(KNOWN);

/** Rows as positional cells (`i:n`), texts lower-cased as readRowCells gives them. */
function rows(...cells: string[][]): RowCells[] {
  return cells.map((texts) => new Map(texts.map((t, i) => [`i:${i}`, t.toLowerCase()])));
}

describe('discoverColumns', () => {
  it('finds every column by its values, whatever its position and key', () => {
    const map = discoverColumns(
      rows(
        ['', '1287', '10241', 'Isolate device', 'WS-FIN-042', 'Ausstehend'],
        ['', '1287', '10242', 'Run antivirus scan', 'WS-FIN-042', 'Ausstehend'],
        ['', '1287', '10243', 'Collect investigation package', 'WS-FIN-017', 'Ausstehend'],
      ),
      EVIDENCE,
    );
    expect(map).toEqual({ approvalId: 'i:2', investigationId: 'i:1', actionType: 'i:3', asset: 'i:4' });
  });

  it('takes the action type as label or raw value, and the action id as an id', () => {
    const map = discoverColumns(rows(['a-1', 'IsolateResponse'], ['a-2', 'isolateresponse']), EVIDENCE);
    expect(map.approvalId).toBe('i:0');
    expect(map.actionType).toBe('i:1');
  });

  it('keeps an id column whose rows are partly unknown (decided elsewhere), when most agree', () => {
    const map = discoverColumns(rows(['10241'], ['10242'], ['99999']), EVIDENCE);
    expect(map.approvalId).toBe('i:0');
  });

  it('trusts a one-row grid only because every row agrees', () => {
    expect(discoverColumns(rows(['10241', 'x']), EVIDENCE).approvalId).toBe('i:0');
  });

  it('does not trust a single matching row among rows that disagree', () => {
    expect(discoverColumns(rows(['10241'], ['55555'], ['66666']), EVIDENCE).approvalId).toBeNull();
  });

  it('never guesses on a tie: two columns holding the ids equally often', () => {
    const map = discoverColumns(rows(['10241', '10241'], ['10242', '10242']), EVIDENCE);
    expect(map.approvalId).toBeNull();
  });

  it('gives a column to one field only: numeric ids that are also investigation ids go to the surer field', () => {
    const evidence = columnEvidence([target('x-1', '1287', '1287'), target('x-2', '1288', '1288'), target('x-3', '5001', '1290')]);
    // Column 0 holds the approval ids in three rows (investigation ids in two), column 1 the reverse.
    const map = discoverColumns(rows(['1287', '1287'], ['1288', '1288'], ['5001', '1290']), evidence);
    expect(map.approvalId).toBe('i:0');
    expect(map.investigationId).toBe('i:1');
    // One column that holds both equally surely holds neither.
    const same = discoverColumns(rows(['1287'], ['1288']), evidence);
    expect(same.approvalId).toBeNull();
    expect(same.investigationId).toBeNull();
  });

  it('finds no id column in a redesign without one, and still the others', () => {
    const map = discoverColumns(
      rows(['1287', 'Isolate device', 'WS-FIN-042'], ['1287', 'Run antivirus scan', 'WS-FIN-042'], ['1287', 'Collect investigation package', 'WS-FIN-017']),
      EVIDENCE,
    );
    expect(map).toEqual({ approvalId: null, investigationId: 'i:0', actionType: 'i:1', asset: 'i:2' });
  });

  it('knows nothing without known actions', () => {
    expect(discoverColumns(rows(['10241'], ['10242']), columnEvidence([]))).toEqual(NO_COLUMNS);
  });
});

describe('header signatures', () => {
  it('change with the keys, their order and their number; only keyed ones name their columns', () => {
    expect(headerSignature(['a', 'b'])).not.toBe(headerSignature(['b', 'a']));
    expect(headerSignature(['a', 'b'])).not.toBe(headerSignature(['a', 'b', 'c']));
    expect(signatureNamesColumns(headerSignature(['approvalId', 'col3']))).toBe(true);
    expect(signatureNamesColumns(headerSignature([null, null]))).toBe(false);
  });
});

// --- The cache over real markup -------------------------------------------------------------

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** A Fluent grid with the app's own column keys ('app'): the first column a row header. */
function appGrid(keys: string[], data: string[][]): HTMLElement {
  const header = el('div', { role: 'row' }, ...keys.map((k) => el('div', { role: 'columnheader', 'data-item-key': k }, k.toUpperCase())));
  const body = data.map((texts) =>
    el(
      'div',
      { role: 'row', 'data-automationid': 'DetailsRow' },
      el('div', { role: 'gridcell' }, el('div', { role: 'radio', 'data-automationid': 'DetailsRowCheck' })),
      ...texts.map((t, i) => el('div', { role: i === 0 ? 'rowheader' : 'gridcell', 'data-automationid': 'DetailsRowCell', 'data-automation-key': keys[i]! }, t)),
    ),
  );
  const grid = el('div', { role: 'grid' }, el('div', { role: 'rowgroup' }, header), el('div', { role: 'rowgroup' }, ...body));
  document.body.append(grid);
  return grid;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('column cache', () => {
  const DATA = [
    ['1287', '10241', 'Isolate device', 'WS-FIN-042'],
    ['1287', '10242', 'Run antivirus scan', 'WS-FIN-042'],
  ];

  it('reads rows of a grid with the app’s own keys and a row header through the learnt map', () => {
    const grid = appGrid(['investigation', 'approvalId', 'col3', 'assetName'], DATA);
    const view = createColumnCache().batch(EVIDENCE);
    const row = grid.querySelector('[data-automationid="DetailsRow"]')!;
    expect(view.ofRow(row)).toEqual({ approvalId: 'k:approvalId', investigationId: 'k:investigation', actionType: 'k:col3', asset: 'k:assetName' });
    expect(view.readRow(row)).toMatchObject({ approvalId: '10241', investigationId: '1287', actionType: 'Isolate device', asset: 'WS-FIN-042' });
    expect(readRowCells(row).get('k:investigation')).toBe('1287');
  });

  it('keeps a map while the header stays, and discovers again when the header changes', () => {
    const grid = appGrid(['investigation', 'approvalId', 'col3', 'assetName'], DATA);
    const cache = createColumnCache();
    const first = cache.batch(EVIDENCE).ofGrid(grid);
    // The rows change but the header does not: the same map, without reading the rows again.
    for (const cell of grid.querySelectorAll('[data-automation-key="approvalId"]')) cell.textContent = 'not an id';
    expect(cache.batch(EVIDENCE).ofGrid(grid)).toBe(first);
    // A new header (columns moved): discovered again, from what the rows now say.
    grid.querySelector('[role="columnheader"]')!.setAttribute('data-item-key', 'moved');
    expect(cache.batch(EVIDENCE).ofGrid(grid).approvalId).toBeNull();
  });

  it('lends a learnt map to another grid with the same named header (History after Pending)', () => {
    const keys = ['investigation', 'approvalId', 'col3', 'assetName'];
    const cache = createColumnCache();
    const pending = appGrid(keys, DATA);
    expect(cache.batch(EVIDENCE).ofGrid(pending).approvalId).toBe('k:approvalId');
    const historyGrid = appGrid(keys, [
      ['1287', '10241', 'Isolate device', 'WS-FIN-042'],
      ['900', '77777', 'Disable user', 'someone'],
      ['901', '77778', 'Disable user', 'someone else'],
    ]);
    expect(cache.batch(EVIDENCE).ofGrid(historyGrid).approvalId).toBe('k:approvalId');
    // Unknown to a fresh cache: one row of three is not enough.
    expect(createColumnCache().batch(EVIDENCE).ofGrid(historyGrid).approvalId).toBeNull();
  });
});
