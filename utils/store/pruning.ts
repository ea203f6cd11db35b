/**
 * Daily pruning of the store (audit retention, old actions, notified ids). The worker starts many times a day
 * (every poll can wake it): re-creating the alarm at each start would push it a day out every time and it would
 * never fire. So the alarm is created only when absent, and a start-up prunes at once when the last prune is
 * older than a day (alarms do not survive every browser restart).
 */
import { getMeta, prune, type PruneCounts } from './queries';

export const PRUNE_ALARM = 'prune';
export const PRUNE_EVERY_MINUTES = 24 * 60;
const PRUNE_EVERY_MS = PRUNE_EVERY_MINUTES * 60_000;

export interface PruningDeps {
  readonly now: () => number;
  readonly retentionDays: () => Promise<number>;
}

/** Prunes now (the alarm's handler); records lastPruneAt. */
export async function pruneNow(deps: PruningDeps): Promise<PruneCounts> {
  return prune(deps.now(), await deps.retentionDays());
}

/** At every start of the worker: arm the alarm if absent, prune if a day has passed. Null when no prune was due. */
export async function startPruning(deps: PruningDeps): Promise<PruneCounts | null> {
  const now = deps.now();
  if (!(await browser.alarms.get(PRUNE_ALARM))) {
    await browser.alarms.create(PRUNE_ALARM, { when: now + PRUNE_EVERY_MS, periodInMinutes: PRUNE_EVERY_MINUTES });
  }
  const last = await getMeta('lastPruneAt');
  // A clock set back (last in the future) also prunes, rather than waiting for it to catch up.
  if (last !== undefined && now - last < PRUNE_EVERY_MS && last <= now) return null;
  return pruneNow(deps);
}
