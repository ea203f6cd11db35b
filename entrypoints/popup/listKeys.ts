/**
 * The list's keyboard (WAI-ARIA APG treegrid, row focus): ArrowUp/ArrowDown/PageUp/PageDown/Home/End move between
 * rows, ArrowRight/ArrowLeft into and along a row's controls, Space toggles selection, A approves, R rejects, Enter
 * opens in the portal.
 */
import { toggleGroup, type ListRow } from '@/utils/actions/filter';
import type { PopupStore } from './store';

function isTextField(el: EventTarget | null): boolean {
  return (
    el instanceof HTMLTextAreaElement ||
    (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type)) ||
    (el instanceof HTMLElement && el.isContentEditable)
  );
}

/** The row's controls that can take focus now, in order. */
function controlsOf(rowEl: HTMLElement): HTMLElement[] {
  return [...rowEl.querySelectorAll<HTMLElement>('input, button')].filter((el) => !(el as HTMLInputElement | HTMLButtonElement).disabled);
}

/** APG treegrid: Right enters the row's controls and moves along them; Left moves back, then to the row. */
function moveAlongRow(event: KeyboardEvent, rowEl: HTMLElement, onRow: boolean): void {
  const controls = controlsOf(rowEl);
  const at = onRow ? -1 : controls.indexOf(event.target as HTMLElement);
  const next = event.key === 'ArrowRight' ? (onRow ? controls[0] : controls[at + 1]) : at > 0 ? controls[at - 1] : onRow ? undefined : rowEl;
  if (!next) return;
  event.preventDefault();
  next.focus();
}

/** The row a key moves focus to (unclamped), or null for a key that does not move between rows. */
function rowTarget(key: string, index: number, count: number, pageRows: () => number): number | null {
  switch (key) {
    case 'ArrowDown':
      return index + 1;
    case 'ArrowUp':
      return index - 1;
    // Focus moves with the page (the browser's own PageDown scrolled and left focus off-screen).
    case 'PageDown':
      return index + pageRows();
    case 'PageUp':
      return index - pageRows();
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** Space, Enter and the single-key decisions on a row. */
function rowShortcut(event: KeyboardEvent, row: ListRow, onRow: boolean, store: PopupStore): void {
  switch (event.key) {
    case ' ':
      if (!onRow) return; // a focused button or checkbox keeps its own Space
      event.preventDefault();
      if (row.kind === 'action') store.toggleSelected(row.action.id);
      else store.setSelected(toggleGroup(row.group, store.selected.value));
      return;
    case 'Enter':
      if (!onRow) return;
      event.preventDefault();
      void store.openInPortal(row.kind === 'action' ? { actionId: row.action.id } : { investigationId: row.group.investigationId ?? undefined });
      return;
    case 'a':
    case 'A':
    case 'r':
    case 'R':
      if (event.shiftKey && event.key === event.key.toLowerCase()) return;
      if (row.kind !== 'action') return;
      event.preventDefault();
      store.decide([row.action.id], event.key.toLowerCase() === 'a' ? 'approve' : 'reject');
      return;
    default:
  }
}

export interface ListKeys {
  readonly store: PopupStore;
  readonly rows: readonly ListRow[];
  /** Focuses the row at this index (clamped to the list), scrolling it into view. */
  readonly moveTo: (index: number) => void;
  readonly pageRows: () => number;
}

/** The list's keydown handler: keys on a row or its controls; none while the dialog is open or in a text field. */
export function createListKeyHandler({ store, rows, moveTo, pageRows }: ListKeys): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (store.dialog.value) return; // keys belong to the dialog while it is open
    const rowEl = (event.target as HTMLElement).closest<HTMLElement>('[data-row-key]');
    if (!rowEl || isTextField(event.target)) return;
    const index = rows.findIndex((r) => r.key === rowEl.dataset.rowKey);
    const row = rows[index];
    if (!row) return;
    const onRow = event.target === rowEl;
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      moveAlongRow(event, rowEl, onRow);
      return;
    }
    const target = rowTarget(event.key, index, rows.length, pageRows);
    if (target === null) {
      rowShortcut(event, row, onRow, store);
      return;
    }
    event.preventDefault();
    moveTo(target);
  };
}
