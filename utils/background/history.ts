/**
 * Reading the portal's history for the background: the History view, settling open audit entries, and confirming
 * learned decision requests. What is read is cached in the store as it is read.
 */
import { historyRangeToSettle, settleOpenAudits } from '../actions/audit';
import type { Action } from '../actions/model';
import type { SyncState } from '../actions/types';
import type { Result } from '../portal/errors';
import { SETTLE_HISTORY_PAGES } from '../portal/client';
import { getMeta, listUnresolvedAudit, putAudits, saveActions, setMeta } from '../store/queries';
import type { BackgroundContext } from './context';

export type HistoryReader = (range: { from: number; to: number }, maxPages?: number) => Promise<Result<readonly Action[]>>;

export function createHistoryReader(ctx: BackgroundContext): HistoryReader {
  return async (range, maxPages) => {
    const result = await ctx.clientFor(await ctx.cloud()).listHistory(range, maxPages === undefined ? {} : { maxPages });
    if (!result.ok) return result;
    await saveActions(result.value.actions, Date.now());
    return { ok: true, value: result.value.actions };
  };
}

/** Gives open audit entries their outcome; the history is read only when due (bounded, see audit.ts). */
export async function settleAudits(state: SyncState, live: ReadonlySet<string>, history: HistoryReader): Promise<void> {
  const open = await listUnresolvedAudit();
  if (open.every((e) => live.has(e.actionId))) return;
  const facts = { open, pending: state.pending, live, cloud: state.cloud };
  const range = historyRangeToSettle({ ...facts, now: Date.now(), lastReadAt: (await getMeta('settleHistoryReadAt')) ?? null });
  let read: readonly Action[] | null = null;
  if (range) {
    await setMeta('settleHistoryReadAt', range.to);
    const answer = await history(range, SETTLE_HISTORY_PAGES);
    read = answer.ok ? answer.value : null;
  }
  const settled = settleOpenAudits({ ...facts, history: read, now: Date.now() });
  if (settled.length > 0) await putAudits(settled);
}
