/**
 * Matching a portal row to an action: by Approval ID, else investigation + type + asset; never a guess.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/utils/actions/types';
import { auditTargets, buildMatchIndex, matchRow } from '@/utils/page/match';
import type { RowKeys } from '@/utils/page/selectors';
import { makeAction } from './support/actions';

function keys(k: Partial<RowKeys>): RowKeys {
  return { approvalId: null, investigationId: null, actionType: null, asset: null, decision: null, ...k };
}

describe('matchRow', () => {
  const a = makeAction({ approvalId: 'A-1', investigationId: '42', typeLabel: 'Isolate device', type: 'IsolateResponse', asset: 'WS-FIN-042' });
  const b = makeAction({ approvalId: 'A-2', investigationId: '42', typeLabel: 'Run antivirus scan', type: 'AntivirusScanResponse', asset: 'WS-FIN-042' });

  it('matches by Approval ID, ignoring case and spacing', () => {
    const index = buildMatchIndex([a, b]);
    expect(matchRow(keys({ approvalId: ' a-2 ' }), index)).toEqual({ kind: 'match', target: b, by: 'approvalId' });
  });

  it('matches nothing when the index is empty or the row says nothing', () => {
    expect(matchRow(keys({ approvalId: 'A-1' }), buildMatchIndex([]))).toEqual({ kind: 'none' });
    expect(matchRow(keys({}), buildMatchIndex([a]))).toEqual({ kind: 'none' });
  });

  it('does not fall back when the row has an Approval ID that belongs to no known action and every action has its own', () => {
    const index = buildMatchIndex([a]);
    const row = keys({ approvalId: 'A-9', investigationId: '42', actionType: 'Isolate device', asset: 'WS-FIN-042' });
    expect(matchRow(row, index)).toEqual({ kind: 'none' });
  });

  it('falls back to investigation + type label + asset when the row has no Approval ID', () => {
    const index = buildMatchIndex([a, b]);
    const row = keys({ investigationId: '42', actionType: 'isolate device', asset: 'ws-fin-042' });
    expect(matchRow(row, index)).toEqual({ kind: 'match', target: a, by: 'fallback' });
  });

  it('falls back on the raw action type too', () => {
    const index = buildMatchIndex([a, b]);
    expect(matchRow(keys({ investigationId: '42', actionType: 'AntivirusScanResponse', asset: 'WS-FIN-042' }), index)).toMatchObject({
      kind: 'match',
      target: b,
    });
  });

  it('falls back for actions without an Approval ID even when the row shows one', () => {
    const noId = makeAction({ approvalId: null, investigationId: '7', typeLabel: 'Quarantine a file', asset: null, entityName: 'evil.exe' });
    const index = buildMatchIndex([a, noId]);
    expect(matchRow(keys({ approvalId: 'Z-1', investigationId: '7', actionType: 'Quarantine a file', asset: 'evil.exe' }), index)).toMatchObject({
      kind: 'match',
      target: noId,
    });
    // The asset column empty for a file action: the type and investigation still decide.
    expect(matchRow(keys({ investigationId: '7', actionType: 'Quarantine a file' }), index)).toMatchObject({ target: noId });
  });

  it('is ambiguous, never a guess, when two actions fit the fallback', () => {
    const twin = makeAction({ approvalId: 'A-3', investigationId: '42', typeLabel: 'Isolate device', type: 'IsolateResponse', asset: 'WS-FIN-042' });
    const index = buildMatchIndex([a, b, twin]);
    expect(matchRow(keys({ investigationId: '42', actionType: 'Isolate device', asset: 'WS-FIN-042' }), index)).toEqual({
      kind: 'ambiguous',
      count: 2,
    });
  });

  it('is ambiguous when two actions share an Approval ID', () => {
    const dup = makeAction({ approvalId: 'A-1' });
    expect(matchRow(keys({ approvalId: 'A-1' }), buildMatchIndex([a, dup]))).toEqual({ kind: 'ambiguous', count: 2 });
  });

  it('needs the type and one more fact for the fallback', () => {
    const index = buildMatchIndex([a]);
    expect(matchRow(keys({ actionType: 'Isolate device' }), index)).toEqual({ kind: 'none' });
    expect(matchRow(keys({ investigationId: '42', asset: 'WS-FIN-042' }), index)).toEqual({ kind: 'none' });
  });

  it('uses the page investigation id for rows that show none', () => {
    const index = buildMatchIndex([a, b]);
    const row = keys({ actionType: 'Isolate device', asset: 'WS-FIN-042' });
    expect(matchRow(row, index, '42')).toMatchObject({ kind: 'match', target: a });
    expect(matchRow(row, index, '43')).toEqual({ kind: 'none' });
  });

  it('indexes each action once even when listed twice', () => {
    expect(buildMatchIndex([a, a, b]).size).toBe(2);
    expect(matchRow(keys({ approvalId: 'A-1' }), buildMatchIndex([a, a]))).toMatchObject({ kind: 'match' });
  });
});

describe('auditTargets', () => {
  function entry(overrides: Partial<AuditEntry>): AuditEntry {
    return {
      id: crypto.randomUUID(),
      actionId: 'x',
      verdict: 'approve',
      comment: '',
      surface: 'portal',
      requestedAt: 1,
      completedAt: 2,
      outcome: 'applied',
      serverStatus: 'Approved',
      analyst: null,
      message: '',
      action: { type: 'IsolateResponse', typeLabel: 'Isolate device', entityType: 'Machine', entityName: 'ws-1', investigationId: '42', approvalId: 'A-1' },
      ...overrides,
    };
  }

  it('keeps applied decisions only, one per action', () => {
    const targets = auditTargets([
      entry({ actionId: 'x' }),
      entry({ actionId: 'x', verdict: 'reject' }),
      entry({ actionId: 'y', outcome: 'notApplied' }),
      entry({ actionId: 'z', outcome: 'inFlight' }),
    ]);
    expect(targets.map((t) => t.id)).toEqual(['x']);
    expect(targets[0]?.title).toMatch(/^Approved through Action Center Companion/);
    const index = buildMatchIndex(targets);
    expect(matchRow(keys({ approvalId: 'a-1' }), index)).toMatchObject({ kind: 'match' });
    expect(matchRow(keys({ investigationId: '42', actionType: 'Isolate device', asset: 'ws-1' }), index)).toMatchObject({ kind: 'match' });
  });
});
