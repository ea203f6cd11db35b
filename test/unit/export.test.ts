import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/utils/actions/types';
import { auditToCsv, auditToJson, csvCell, escapeFormula, EXPORT_COLUMNS, exportFileName, exportRecord } from '@/utils/actions/export';

function entry(overrides: Partial<AuditEntry> = {}, action: Partial<AuditEntry['action']> = {}): AuditEntry {
  return {
    id: 'e1',
    actionId: 'a-1',
    verdict: 'approve',
    comment: 'ok',
    surface: 'popup',
    requestedAt: Date.UTC(2026, 10, 25, 9, 30, 5),
    completedAt: Date.UTC(2026, 10, 25, 9, 30, 6),
    outcome: 'applied',
    serverStatus: 'Approved',
    analyst: 'ana@contoso.com',
    message: 'Approved',
    action: {
      type: 'IsolateResponse',
      typeLabel: 'Isolate device',
      entityType: 'Machine',
      entityName: 'ws-01',
      investigationId: '1234',
      approvalId: '5001',
      ...action,
    },
    ...overrides,
  };
}

describe('escapeFormula', () => {
  it.each(['=1+1', '+SUM(A1)', '-2', '@cmd', '\tx', '\rx'])('prefixes %j with an apostrophe', (v) => {
    expect(escapeFormula(v)).toBe(`'${v}`);
  });
  it.each(['plain', '1=1', " '=x", '', ' plain', '\u3000text', 'a ＝ b'])('leaves %j alone', (v) => {
    expect(escapeFormula(v)).toBe(v);
  });
  // Spreadsheets skip leading blanks before a formula, and some read full-width ＝＋－＠ as = + - @.
  it.each([' =1+1', '  +SUM(A1)', '\n=1', '\u00a0-2', '\u3000@cmd', '＝1+1', '＋SUM(A1)', '－2', '＠cmd', ' ＝HYPERLINK("x")', '\t \t=1'])(
    'prefixes %j (blank or full-width formula start) with an apostrophe',
    (v) => {
      expect(escapeFormula(v)).toBe(`'${v}`);
    },
  );
});

describe('csvCell', () => {
  it('quotes commas, quotes, newlines and edge spaces', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell(null)).toBe('');
    expect(csvCell('plain')).toBe('plain');
  });
  it('escapes formulas before quoting', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('-1,2')).toBe(`"'-1,2"`);
    expect(csvCell(' =1')).toBe("' =1");
  });
});

describe('auditToCsv', () => {
  it('writes a header and one row per entry, CRLF', () => {
    const csv = auditToCsv([
      entry(),
      entry({ verdict: 'reject', comment: '=cmd|"/c calc"!A1', outcome: 'notApplied', serverStatus: null, analyst: null }, { entityName: 'Invoice, urgent' }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('time,analyst,action id,type,entity,investigation,verdict,comment,outcome,server status,result');
    expect(lines[1]).toBe('2026-11-25T09:30:05.000Z,ana@contoso.com,a-1,Isolate device,ws-01 (Machine),1234,approve,ok,applied,Approved,Done');
    expect(lines[2]).toBe(`2026-11-25T09:30:05.000Z,,a-1,Isolate device,"Invoice, urgent (Machine)",1234,reject,"'=cmd|""/c calc""!A1",notApplied,,Failed`);
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('writes just the header when empty', () => {
    expect(auditToCsv([])).toBe(`${EXPORT_COLUMNS.map((c) => c.header).join(',')}\r\n`);
  });
});

describe('auditToJson', () => {
  it('uses the same columns, unescaped', () => {
    const parsed = JSON.parse(auditToJson([entry({ comment: '=1+1' })])) as unknown[];
    expect(parsed).toEqual([
      {
        time: '2026-11-25T09:30:05.000Z',
        analyst: 'ana@contoso.com',
        actionId: 'a-1',
        type: 'Isolate device',
        entity: 'ws-01 (Machine)',
        investigation: '1234',
        verdict: 'approve',
        comment: '=1+1',
        outcome: 'applied',
        serverStatus: 'Approved',
        result: 'Done',
      },
    ]);
  });
});

describe('exportRecord', () => {
  it('falls back to the raw type and tolerates missing entity parts', () => {
    const r = exportRecord(entry({}, { typeLabel: '', entityName: '', entityType: '' }));
    expect(r.type).toBe('IsolateResponse');
    expect(r.entity).toBeNull();
  });
});

it('names files with a UTC stamp', () => {
  expect(exportFileName('csv', Date.UTC(2026, 10, 25, 9, 30))).toBe('action-center-audit-2026-11-25T0930Z.csv');
  expect(exportFileName('json', Date.UTC(2026, 10, 25, 9, 30))).toBe('action-center-audit-2026-11-25T0930Z.json');
});

it('labels the final and waiting states of the settlement in words, beside the outcome code', () => {
  const results = (['pendingConfirmation', 'notConfirmed', 'leftPending', 'inFlight'] as const).map((outcome) => exportRecord(entry({ outcome })));
  expect(results.map((r) => [r.outcome, r.result])).toEqual([
    ['pendingConfirmation', 'Sent, waiting for the portal'],
    ['notConfirmed', 'Not confirmed by the portal'],
    ['leftPending', 'Left pending'],
    ['inFlight', 'In flight'],
  ]);
});
