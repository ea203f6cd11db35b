/**
 * Our pinned cells (Feature.pinned: row controls, their header, History marks) are one more column of the portal's
 * grid. A grid that declares its column count (`aria-colcount`) would otherwise tell screen readers 11 columns while
 * its rows hold 12 cells. So while a grid holds our cells its declared count includes ours, and each of our cells
 * says which column it is (`aria-colindex`, the last). The portal's own count is kept and put back once our last
 * cell leaves; a count the portal sets anew (a re-render, another column set) is mirrored again (+1). This
 * attribute is the one change to a portal node besides inserting our hosts. A grid without a declared count (or
 * -1, unknown) is left as it is: implied positions already count our cell.
 */
import { SELECTOR } from './selectors';
import { PINNED_ATTRIBUTE } from './surface';

/** The count we set (so a value the portal sets instead is recognised) and the portal's own. */
const OURS = 'data-acc-colcount';
const PORTALS = 'data-acc-colcount-portal';

/** Puts `cell` (connected, inside a grid) in the grid's column count; sets its aria-colindex. */
export function claimColumn(cell: HTMLElement): void {
  const grid = cell.closest(SELECTOR.grid);
  if (!grid) return;
  const declared = grid.getAttribute('aria-colcount');
  let count = declared !== null && declared === grid.getAttribute(OURS) ? Number(declared) : null;
  if (count === null) {
    const portal = Number(declared);
    if (declared === null || !Number.isInteger(portal) || portal < 1) return;
    count = portal + 1;
    grid.setAttribute(PORTALS, declared);
    grid.setAttribute(OURS, String(count));
    grid.setAttribute('aria-colcount', String(count));
    // A new count moves our column: every cell of ours in the grid says so, not only this one.
    for (const own of grid.querySelectorAll(`[${PINNED_ATTRIBUTE}]`)) own.setAttribute('aria-colindex', String(count));
  }
  if (cell.getAttribute('aria-colindex') !== String(count)) cell.setAttribute('aria-colindex', String(count));
}

/** After one of our cells left `grid`: with none left, the portal's own count is back. */
export function releaseColumn(grid: Element | null): void {
  if (!grid || grid.querySelector(`[${PINNED_ATTRIBUTE}]`)) return;
  const ours = grid.getAttribute(OURS);
  const portal = grid.getAttribute(PORTALS);
  if (ours !== null && portal !== null && grid.getAttribute('aria-colcount') === ours) grid.setAttribute('aria-colcount', portal);
  grid.removeAttribute(OURS);
  grid.removeAttribute(PORTALS);
}

/** The grid a host sits in (read before the host is removed). */
export function gridOfHost(host: Element): Element | null {
  return host.closest(SELECTOR.grid);
}
