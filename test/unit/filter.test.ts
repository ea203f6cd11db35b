import { describe, expect, it } from 'vitest';
import {
  facetCounts,
  filterActions,
  flattenGroups,
  groupByInvestigation,
  groupSelection,
  isFiltering,
  matchesSearch,
  NO_FILTER,
  pruneSelection,
  rowOffsets,
  sortActions,
  toggleGroup,
  visibleWindow,
} from '@/utils/actions/filter';
import { makeAction } from './support/actions';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const H = 3_600_000;

const isolate = makeAction({ type: 'IsolateResponse', typeLabel: 'Isolate device', entityType: 'Machine', entityName: 'ws-berlin-01', investigationId: '1234', approvalId: '5001', createdAt: NOW - 30 * 60_000 });
const scan = makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', entityType: 'Machine', entityName: 'ws-paris-02', investigationId: '1234', approvalId: '5002', createdAt: NOW - 2 * H });
const mail = makeAction({ type: 'SoftDeleteEmail', typeLabel: 'Soft delete email messages or clusters', entityType: 'MailMessage', entityName: 'Invoice überfällig', investigationId: '777', approvalId: '6001', createdAt: NOW - 5 * H, details: { sender: 'bad@evil.example' } });
const url = makeAction({ type: 'BlockUrl', typeLabel: 'Block URL (time-of-click)', entityType: 'url', entityName: 'http://evil.example/x', investigationId: null, approvalId: null, createdAt: NOW - 30 * H });
const all = [isolate, scan, mail, url];

describe('filterActions', () => {
  it('keeps everything without filters', () => {
    expect(filterActions(all, NO_FILTER, NOW)).toHaveLength(4);
    expect(isFiltering(NO_FILTER)).toBe(false);
  });

  it('filters by action type, entity type (case-insensitive) and age', () => {
    expect(filterActions(all, { ...NO_FILTER, actionType: 'IsolateResponse' }, NOW)).toEqual([isolate]);
    expect(filterActions(all, { ...NO_FILTER, entityType: 'machine' }, NOW)).toEqual([isolate, scan]);
    expect(filterActions(all, { ...NO_FILTER, entityType: 'URL' }, NOW)).toEqual([url]);
    expect(filterActions(all, { ...NO_FILTER, age: 'gt1h' }, NOW)).toEqual([scan, mail, url]);
    expect(filterActions(all, { ...NO_FILTER, age: 'gt4h' }, NOW)).toEqual([mail, url]);
    expect(filterActions(all, { ...NO_FILTER, age: 'gt24h' }, NOW)).toEqual([url]);
    expect(filterActions(all, { ...NO_FILTER, entityType: 'Machine', age: 'gt1h' }, NOW)).toEqual([scan]);
  });

  it('searches entity, investigation id, approval id and type; every word must match', () => {
    expect(filterActions(all, { ...NO_FILTER, search: 'berlin' }, NOW)).toEqual([isolate]);
    expect(filterActions(all, { ...NO_FILTER, search: '777' }, NOW)).toEqual([mail]);
    expect(filterActions(all, { ...NO_FILTER, search: '#1234' }, NOW)).toEqual([isolate, scan]);
    expect(filterActions(all, { ...NO_FILTER, search: '5002' }, NOW)).toEqual([scan]);
    expect(filterActions(all, { ...NO_FILTER, search: 'antivirus' }, NOW)).toEqual([scan]);
    expect(filterActions(all, { ...NO_FILTER, search: 'IsolateResponse' }, NOW)).toEqual([isolate]);
    expect(filterActions(all, { ...NO_FILTER, search: 'MACHINE paris' }, NOW)).toEqual([scan]);
    expect(filterActions(all, { ...NO_FILTER, search: 'machine nowhere' }, NOW)).toEqual([]);
    expect(isFiltering({ ...NO_FILTER, search: ' x ' })).toBe(true);
  });

  it('ignores accents and searches details', () => {
    expect(matchesSearch(mail, 'uberfallig')).toBe(true);
    expect(matchesSearch(mail, 'bad@evil')).toBe(true);
    expect(matchesSearch(mail, '   ')).toBe(true);
  });
});

describe('facetCounts', () => {
  it('counts each option with the other filters applied', () => {
    const f = facetCounts(all, { ...NO_FILTER, entityType: 'machine' }, NOW);
    expect(f.shown).toBe(2);
    expect(f.total).toBe(4);
    // Entity types ignore the entity filter itself.
    expect(f.entityTypes.map((o) => [o.label, o.count])).toEqual([
      ['Device', 2],
      ['Email', 1],
      ['URL', 1],
    ]);
    // Action types only count machines.
    expect(f.actionTypes.map((o) => [o.value, o.count])).toEqual([
      ['IsolateResponse', 1],
      ['AntivirusScanResponse', 1],
    ]);
    expect(f.ages.map((o) => [o.value, o.count])).toEqual([
      ['any', 2],
      ['gt1h', 1],
      ['gt4h', 0],
      ['gt24h', 0],
    ]);
  });

  it('keeps a selected option listed with count 0', () => {
    const f = facetCounts(all, { ...NO_FILTER, actionType: 'BlockUrl', search: 'berlin' }, NOW);
    expect(f.actionTypes.find((o) => o.value === 'BlockUrl')).toEqual({ value: 'BlockUrl', label: 'Block URL (time-of-click)', count: 0 });
    expect(f.shown).toBe(0);
  });

  it('updates as the search changes', () => {
    expect(facetCounts(all, { ...NO_FILTER, search: 'evil' }, NOW).shown).toBe(2);
    expect(facetCounts(all, { ...NO_FILTER, search: 'evil.example/x' }, NOW).shown).toBe(1);
  });
});

describe('sorting and grouping', () => {
  it('sorts newest or oldest first', () => {
    expect(sortActions(all, 'newest')).toEqual([isolate, scan, mail, url]);
    expect(sortActions(all, 'oldest')).toEqual([url, mail, scan, isolate]);
  });

  it('groups by investigation, ordered by newest or oldest action', () => {
    const newest = groupByInvestigation(all, 'newest');
    expect(newest.map((g) => g.key)).toEqual(['1234', '777', 'none']);
    expect(newest[0]?.actions).toEqual([isolate, scan]);
    expect(newest[2]?.investigationId).toBeNull();
    const oldest = groupByInvestigation(all, 'oldest');
    expect(oldest.map((g) => g.key)).toEqual(['none', '777', '1234']);
    expect(oldest[2]?.actions).toEqual([scan, isolate]);
  });

  it('flattens groups into header and action rows', () => {
    const rows = flattenGroups(groupByInvestigation(all, 'newest'));
    expect(rows.map((r) => r.kind)).toEqual(['group', 'action', 'action', 'group', 'action', 'group', 'action']);
    expect(rows[1]?.kind === 'action' && rows[1].groupKey).toBe('1234');
  });
});

describe('selection', () => {
  it('selects a whole investigation, then clears it', () => {
    const [group] = groupByInvestigation(all, 'newest');
    if (!group) throw new Error('no group');
    expect(groupSelection(group, new Set())).toBe('none');
    expect(groupSelection(group, new Set([isolate.id]))).toBe('some');
    const selected = toggleGroup(group, new Set([isolate.id, mail.id]));
    expect([...selected].sort()).toEqual([isolate.id, scan.id, mail.id].sort());
    expect(groupSelection(group, selected)).toBe('all');
    expect([...toggleGroup(group, selected)]).toEqual([mail.id]);
  });

  it('drops ids no longer pending', () => {
    expect([...pruneSelection(new Set([isolate.id, 'gone']), all)]).toEqual([isolate.id]);
  });
});

describe('windowing', () => {
  const rows = flattenGroups(
    groupByInvestigation(
      Array.from({ length: 1000 }, (_, i) => makeAction({ investigationId: String(i % 10), createdAt: NOW - i * 60_000 })),
      'newest',
    ),
  );

  it('computes offsets with fixed heights', () => {
    const offsets = rowOffsets(rows, { group: 40, action: 60 });
    expect(offsets).toHaveLength(rows.length + 1);
    expect(offsets[1]).toBe(40);
    expect(offsets[2]).toBe(100);
    expect(offsets[rows.length]).toBe(10 * 40 + 1000 * 60);
  });

  it('renders only the rows in view plus overscan', () => {
    const offsets = rowOffsets(rows, { group: 40, action: 60 });
    const top = visibleWindow(offsets, 0, 480, 5);
    expect(top.start).toBe(0);
    expect(top.end).toBeLessThan(20);
    const mid = visibleWindow(offsets, 30_000, 480, 5);
    expect(mid.start).toBeGreaterThan(480);
    expect(mid.end - mid.start).toBeLessThan(25);
    const bottom = visibleWindow(offsets, offsets[rows.length]! - 480, 480, 5);
    expect(bottom.end).toBe(rows.length);
    expect(visibleWindow([0], 0, 480)).toEqual({ start: 0, end: 0, offsets: [0] });
  });
});
