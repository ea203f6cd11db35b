/**
 * Which grid column holds what, learnt from the data rather than from the portal's column keys or header words
 * (../shared/PORTAL.md "Portal pages": the app chooses its column keys, and headers change with the language).
 * Pure: rows of cell texts and the values of known actions in, a column map out.
 *
 * A column holds a field (Approval ID, investigation id, action type, asset) when its cells equal the known
 * values of that field in at least two rows (or in every row that has a value there, for a one-row grid), in
 * most of the rows that have a value there, and strictly more often than in any other column. A tie, or one
 * column winning two fields equally, leaves the field unknown: we never guess.
 */
import { norm, type MatchTarget } from './match';

export type ColumnField = 'approvalId' | 'investigationId' | 'actionType' | 'asset';

export const COLUMN_FIELDS: readonly ColumnField[] = ['approvalId', 'investigationId', 'actionType', 'asset'];

/** A column: `k:<key>` when its cells carry a key, else `i:<position among the row's cells>`. */
export type ColumnRef = string;

export type ColumnMap = Readonly<Record<ColumnField, ColumnRef | null>>;

export const NO_COLUMNS: ColumnMap = { approvalId: null, investigationId: null, actionType: null, asset: null };

/** The normalised values each field takes among the actions rows may show. */
export type ColumnEvidence = Readonly<Record<ColumnField, ReadonlySet<string>>>;

/** One row as discovery sees it: column → normalised cell text ('' for nothing). */
export type RowCells = ReadonlyMap<ColumnRef, string>;

export function columnEvidence(targets: Iterable<MatchTarget>): ColumnEvidence {
  const out: Record<ColumnField, Set<string>> = { approvalId: new Set(), investigationId: new Set(), actionType: new Set(), asset: new Set() };
  const put = (field: ColumnField, value: string | null | undefined) => {
    const v = norm(value);
    if (v) out[field].add(v);
  };
  for (const t of targets) {
    // The id column may show the Approval ID or the action's own id.
    put('approvalId', t.approvalId);
    put('approvalId', t.id);
    put('investigationId', t.investigationId);
    put('actionType', t.typeLabel);
    put('actionType', t.type);
    put('asset', t.asset);
    put('asset', t.entityName);
  }
  return out;
}

export function isComplete(map: ColumnMap): boolean {
  return map.approvalId !== null;
}

interface Score {
  readonly column: ColumnRef;
  readonly hits: number;
  readonly present: number;
}

/** The one column that holds `field`, with its score; null on a tie or too little agreement. */
function winner(field: ColumnField, rows: readonly RowCells[], evidence: ColumnEvidence): Score | null {
  const values = evidence[field];
  if (values.size === 0) return null;
  const hits = new Map<ColumnRef, number>();
  const present = new Map<ColumnRef, number>();
  for (const row of rows) {
    for (const [column, text] of row) {
      if (!text) continue;
      present.set(column, (present.get(column) ?? 0) + 1);
      if (values.has(text)) hits.set(column, (hits.get(column) ?? 0) + 1);
    }
  }
  let best: Score | null = null;
  let second = 0;
  for (const [column, n] of hits) {
    if (!best || n > best.hits) {
      second = best?.hits ?? 0;
      best = { column, hits: n, present: present.get(column) ?? n };
    } else if (n > second) second = n;
  }
  if (!best || best.hits === second) return null;
  const agreed = best.hits >= 2 || best.hits === best.present;
  const most = best.hits * 2 >= best.present;
  return agreed && most ? best : null;
}

/** The column map of a grid from its visible rows. */
export function discoverColumns(rows: readonly RowCells[], evidence: ColumnEvidence): ColumnMap {
  const won = new Map<ColumnField, Score>();
  for (const field of COLUMN_FIELDS) {
    const w = winner(field, rows, evidence);
    if (w) won.set(field, w);
  }
  // One column cannot hold two fields: the field it holds more surely keeps it; equally sure, neither does.
  const out: Record<ColumnField, ColumnRef | null> = { ...NO_COLUMNS };
  for (const [field, w] of won) {
    const ratio = w.hits / w.present;
    let keep = true;
    for (const [other, o] of won) {
      if (other === field || o.column !== w.column) continue;
      if (o.hits / o.present >= ratio) keep = false;
    }
    if (keep) out[field] = w.column;
  }
  return out;
}

/**
 * What identifies a grid's columns: the header's keys in order, and how many there are. A change means the
 * columns may have moved: discover again.
 */
export function headerSignature(keys: readonly (string | null)[]): string {
  return `${keys.length}:${keys.map((k) => k ?? '').join('|')}`;
}

/** A signature that names its columns (not just counts them) can be trusted to mean the same columns elsewhere. */
export function signatureNamesColumns(signature: string): boolean {
  return /[^:|\d]/.test(signature.slice(signature.indexOf(':') + 1));
}
