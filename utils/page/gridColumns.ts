/**
 * The column map of each grid on the page, discovered from its visible rows (columns.ts) once per grid and
 * header, then reused: a batch reads each grid's header once, and rows are read by column key or position.
 * A map without an id column is looked for again on later batches (rows load, data arrives); a grid whose
 * header names its columns as one we already know borrows that map (the History tab after the Pending tab).
 */
import { discoverColumns, isComplete, NO_COLUMNS, signatureNamesColumns, type ColumnEvidence, type ColumnMap } from './columns';
import { gridOf, gridRows, gridSignature, readRowCells, readRowKeys, type RowKeys } from './selectors';

export interface GridColumns {
  /** The column map of this grid (cached across batches). */
  ofGrid(grid: Element): ColumnMap;
  /** The column map of the grid this row is in. */
  ofRow(row: Element): ColumnMap;
  /** What the row says, through its grid's map. */
  readRow(row: Element): RowKeys;
}

interface Entry {
  readonly signature: string;
  readonly map: ColumnMap;
}

export interface ColumnCache {
  /**
   * A view for one batch: each grid's header is read at most once in it. `full`: every anchor is looked at in
   * this batch anyway (no need to ask for another look when an id column is learnt).
   */
  batch(evidence: ColumnEvidence, full?: boolean): GridColumns;
}

/**
 * `onLearnt` is called when a grid's id column is first recognised: anchors outside its rows (the header cell)
 * were resolved before, without it, and need another look.
 */
export function createColumnCache(onLearnt?: () => void): ColumnCache {
  const byGrid = new WeakMap<Element, Entry>();
  /** Complete maps by a header signature that names its columns. */
  const bySignature = new Map<string, ColumnMap>();

  function discover(grid: Element, signature: string, evidence: ColumnEvidence): ColumnMap {
    const map = discoverColumns(gridRows(grid).map(readRowCells), evidence);
    const named = signatureNamesColumns(signature);
    if (isComplete(map)) {
      if (named) bySignature.set(signature, map);
      return map;
    }
    return (named ? bySignature.get(signature) : undefined) ?? map;
  }

  return {
    batch(evidence, full = false) {
      const seen = new Map<Element, ColumnMap>();
      const ofGrid = (grid: Element): ColumnMap => {
        const known = seen.get(grid);
        if (known) return known;
        const signature = gridSignature(grid);
        const entry = byGrid.get(grid);
        let map: ColumnMap;
        if (entry && entry.signature === signature) map = entry.map;
        else {
          map = discover(grid, signature, evidence);
          // An incomplete map is looked for again in the next batch (rows may have loaded since).
          if (isComplete(map)) {
            byGrid.set(grid, { signature, map });
            if (!full) onLearnt?.();
          } else byGrid.delete(grid);
        }
        seen.set(grid, map);
        return map;
      };
      const ofRow = (row: Element): ColumnMap => {
        const grid = gridOf(row);
        return grid ? ofGrid(grid) : NO_COLUMNS;
      };
      return { ofGrid, ofRow, readRow: (row) => readRowKeys(row, ofRow(row)) };
    },
  };
}
