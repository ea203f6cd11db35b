/**
 * Reading the portal's lists: pending actions and history, paged until the portal's Count was read, with the
 * items that do not fit the contract skipped and counted.
 */
import type { Action } from '../actions/model';
import { formatNumber, t } from '../i18n';
import { fail, ok, portalError, type Result } from './errors';
import { MAX_PAGES, PAGE_SIZE, historyPath, parseListPage, pendingPath } from './contract';
import type { PortalRequester } from './request';

export interface ActionList {
  readonly actions: readonly Action[];
  /** Items the portal sent that did not fit the contract. */
  readonly skipped: number;
  /**
   * The portal's own count (`Count`) when it is more than what could be read (actions + skipped): the list is
   * short and a surface says "showing N of M". Null when the list is complete or the portal sent no Count.
   */
  readonly total: number | null;
}

export interface ListReader {
  listPending(): Promise<Result<ActionList>>;
  /** `maxPages` bounds a read that may stop short (settling decisions); the History view reads it all. */
  listHistory(range: { from: number; to: number }, opts?: { maxPages?: number }): Promise<Result<ActionList>>;
}

/** What was read so far, as a list: the Count only when more than was read. */
function listOf(byId: ReadonlyMap<string, Action>, skipped: number, total: number | null): Result<ActionList> {
  const read = byId.size + skipped;
  return ok({ actions: [...byId.values()], skipped, total: total !== null && read < total ? total : null });
}

export function createListReader(requester: PortalRequester): ListReader {
  /**
   * Pages a list route until `Count` items were read (PORTAL.md: a short page is not proof that nothing follows;
   * some tenants cap pages below PAGE_SIZE). Without a Count, a page shorter than PAGE_SIZE is the last. Stops
   * early on a page without a new action (empty, or a portal repeating a page), bounded by MAX_PAGES.
   * Bad items are skipped and counted; an action seen twice (the list shifted while we read) is kept once.
   */
  async function listAll(pathOf: (pageIndex: number) => string, maxPages = MAX_PAGES): Promise<Result<ActionList>> {
    const byId = new Map<string, Action>();
    let skipped = 0;
    let total: number | null = null;
    for (let pageIndex = 1; pageIndex <= maxPages; pageIndex += 1) {
      const page = await requester.callAndParse('list', pathOf(pageIndex), parseListPage);
      if (!page.ok) return page;
      if (page.value.total !== null) total = page.value.total;
      const before = byId.size;
      for (const action of page.value.actions) if (!byId.has(action.id)) byId.set(action.id, action);
      // No new action: an empty or repeated page (its bad items, if any, were counted when first seen).
      if (byId.size === before) return listOf(byId, skipped, total);
      skipped += page.value.skipped.length;
      const short = page.value.received < PAGE_SIZE;
      if (short && (total === null || byId.size + skipped >= total)) return listOf(byId, skipped, total);
    }
    // A bounded read (e.g. history to settle the audit log) keeps what it read; the full list must not be cut short.
    if (maxPages < MAX_PAGES) return listOf(byId, skipped, total);
    return fail(
      portalError('BadResponse', t('background.fullPages', [formatNumber(MAX_PAGES)]), { field: 'Results' }),
    );
  }

  function listHistory(range: { from: number; to: number }, opts: { maxPages?: number } = {}): Promise<Result<ActionList>> {
    const valid = (t: number) => Number.isFinite(t) && Math.abs(t) <= 8.64e15;
    if (!valid(range.from) || !valid(range.to) || range.from > range.to) {
      return Promise.resolve(fail(portalError('BadResponse', t('background.badRange'))));
    }
    return listAll((page) => historyPath(page, range.from, range.to), Math.min(MAX_PAGES, Math.max(1, opts.maxPages ?? MAX_PAGES)));
  }

  return { listPending: () => listAll((page) => pendingPath(page)), listHistory };
}
