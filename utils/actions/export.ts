/**
 * Export of the local audit log as CSV and JSON. Pure functions; the popup turns the text into a download.
 *
 * CSV is written here rather than with a library: RFC 4180 quoting is a few lines, and the maintained
 * writers weighed in at 7 kB (papaparse) and 18 kB (csv-stringify/sync) gzip against the popup's 40 kB
 * budget. Formula injection (CWE-1236) is escaped the OWASP way: a cell that starts with = + - @ tab or
 * CR (also after blanks, and the full-width = + - @) gets a leading apostrophe, so spreadsheets show it as text.
 */
import { OUTCOME_LABELS } from './outcomes';
import type { AuditEntry } from './types';

/**
 * Protocol, not words for the analyst: the column names (CSV header and JSON keys) stay English and stable, so
 * imports into SIEMs and spreadsheets keep working whatever the browser's language. The cells hold data (portal
 * values, codes, ISO times); only "result" is in the analyst's words (OUTCOME_LABELS).
 */
export const EXPORT_COLUMNS = [
  { key: 'time', header: 'time' },
  { key: 'analyst', header: 'analyst' },
  { key: 'actionId', header: 'action id' },
  { key: 'type', header: 'type' },
  { key: 'entity', header: 'entity' },
  { key: 'investigation', header: 'investigation' },
  { key: 'verdict', header: 'verdict' },
  { key: 'comment', header: 'comment' },
  { key: 'outcome', header: 'outcome' },
  { key: 'serverStatus', header: 'server status' },
  // The outcome in the words the popup's History uses (e.g. "Not confirmed by the portal"); outcome keeps the code.
  { key: 'result', header: 'result' },
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number]['key'];
export type ExportRecord = Record<ExportColumn, string | null>;

/** One row per audit entry, in the export's columns. Time is the request time in ISO 8601 (UTC). */
export function exportRecord(entry: AuditEntry): ExportRecord {
  const entity = entry.action.entityName
    ? entry.action.entityType
      ? `${entry.action.entityName} (${entry.action.entityType})`
      : entry.action.entityName
    : entry.action.entityType;
  return {
    time: Number.isFinite(entry.requestedAt) ? new Date(entry.requestedAt).toISOString() : '',
    analyst: entry.analyst,
    actionId: entry.actionId,
    type: entry.action.typeLabel || entry.action.type,
    entity: entity || null,
    investigation: entry.action.investigationId,
    verdict: entry.verdict,
    comment: entry.comment,
    outcome: entry.outcome,
    serverStatus: entry.serverStatus,
    result: OUTCOME_LABELS[entry.outcome] ?? entry.outcome,
  };
}

// Tab or CR first; or, after any leading blanks (spreadsheets skip them), = + - @ or their full-width forms
// ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20), which some spreadsheets read as the ASCII ones.
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/**
 * Neutralises spreadsheet formulas: a cell that starts with tab or CR, or with = + - @ (ASCII or full-width)
 * after optional blanks, gets an apostrophe in front.
 */
export function escapeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV cell: formula-escaped, then quoted when it holds a comma, quote, CR, LF or edge spaces. */
export function csvCell(value: string | null | undefined): string {
  const text = escapeFormula(value ?? '');
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header row and CRLF line ends. */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  const lines = [EXPORT_COLUMNS.map((c) => csvCell(c.header)).join(',')];
  for (const entry of entries) {
    const record = exportRecord(entry);
    lines.push(EXPORT_COLUMNS.map((c) => csvCell(record[c.key])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** JSON array of records with the same columns as the CSV (no formula escaping: JSON is not a sheet). */
export function auditToJson(entries: readonly AuditEntry[]): string {
  return `${JSON.stringify(entries.map(exportRecord), null, 2)}\n`;
}

export type ExportFormat = 'csv' | 'json';

export const EXPORT_MIME: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8',
};

/** e.g. action-center-audit-2026-11-25T0930Z.csv */
export function exportFileName(format: ExportFormat, now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 16).replace(/:/g, '');
  return `action-center-audit-${stamp}Z.${format}`;
}

export function exportAudit(entries: readonly AuditEntry[], format: ExportFormat): string {
  return format === 'csv' ? auditToCsv(entries) : auditToJson(entries);
}
