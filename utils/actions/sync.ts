/**
 * The poll: one in flight at a time, backoff on failure, Retry-After honoured, paused while signed out.
 * Pure of browser APIs: the background passes them in as deps, so the whole schedule is unit-tested
 * with fake timers.
 */
import { t } from '../i18n';
import type { CloudId } from '../portal/hosts';
import type { PortalError, Result } from '../portal/errors';
import type { Action } from './model';
import type { SyncDiff, SyncState } from './types';

export interface PendingPage {
  readonly actions: readonly Action[];
  /** Items the portal sent that did not fit the contract. */
  readonly skipped: number;
  /** The portal's count when it is more than it sent (the list is short); null or absent when complete. */
  readonly total?: number | null;
}

export interface SyncDeps {
  readonly now: () => number;
  readonly random: () => number;
  readonly cloud: () => Promise<CloudId>;
  readonly pollMinutes: () => Promise<number>;
  readonly hasHostPermission: (cloud: CloudId) => Promise<boolean>;
  readonly listPending: (cloud: CloudId) => Promise<Result<PendingPage>>;
  readonly loadState: () => Promise<SyncState | undefined>;
  /** The one write of the state, pending list included (the only copy of which actions are pending). */
  readonly saveState: (state: SyncState) => Promise<void>;
  /** Keeps the records of what a good poll listed, for lookups once they leave the list; called per poll, never per decision. */
  readonly saveListed: (actions: readonly Action[], at: number) => Promise<void>;
  readonly failureCount: { get(): Promise<number>; set(n: number): Promise<void> };
  /** Arms the single poll alarm; null clears it (polling paused). */
  readonly schedule: (at: number | null) => Promise<void>;
  readonly publish: (state: SyncState, diff: SyncDiff) => Promise<void>;
  /** Ids the extension decided, to tell "decided" from "gone" in the diff. */
  readonly decidedByUs: (ids: readonly string[]) => Promise<ReadonlySet<string>>;
  /** Runs after every good poll (resolve unknown audit outcomes, notifications...). */
  readonly afterGoodPoll?: (state: SyncState, diff: SyncDiff) => Promise<void>;
}

export type PollReason = 'alarm' | 'user' | 'popupOpened' | 'portalTab' | 'startup' | 'settings';

export const MIN_DELAY_MS = 30_000; // Chrome's alarm floor
export const MAX_BACKOFF_MS = 15 * 60_000;
/**
 * A tab or popup that opens asks for fresh data; data this young is fresh enough, so ten portal tabs opened
 * together cost the portal one poll, not ten. The analyst's explicit refresh always polls.
 */
export const FRESH_ENOUGH_MS = 15_000;
const PASSIVE_REASONS: ReadonlySet<PollReason> = new Set(['portalTab', 'popupOpened']);

export function initialState(cloud: CloudId): SyncState {
  return {
    cloud,
    pending: [],
    error: null,
    lastSuccessAt: null,
    lastAttemptAt: null,
    nextPollAt: null,
    polling: false,
    refusedScopes: [],
    skippedItems: 0,
  };
}

/** Errors after which we stop polling until a portal tab or the analyst says the session is back. */
export function pausesPolling(error: PortalError): boolean {
  return error.kind === 'SignedOut' || error.kind === 'NoPermission';
}

/**
 * When to poll next after a failure: exponential from the poll interval, capped, with ±20 % jitter so
 * many browsers do not retry in step; never sooner than the portal's Retry-After.
 */
export function nextDelayMs(error: PortalError | null, failures: number, intervalMs: number, random: number): number {
  if (!error) return Math.max(MIN_DELAY_MS, intervalMs);
  const exponential = Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.max(0, failures - 1));
  const jittered = exponential * (0.8 + 0.4 * random);
  const floor = error.kind === 'RateLimited' ? (error.retryAfterMs ?? intervalMs) : 0;
  return Math.round(Math.max(MIN_DELAY_MS, jittered, floor));
}

export function diffPending(
  previous: readonly Action[],
  next: readonly Action[],
  decidedByUs: ReadonlySet<string>,
): SyncDiff {
  const before = new Set(previous.map((a) => a.id));
  const after = new Set(next.map((a) => a.id));
  const added = next.filter((a) => !before.has(a.id)).map((a) => a.id);
  const removed = previous.filter((a) => !after.has(a.id)).map((a) => a.id);
  return {
    added,
    decided: removed.filter((id) => decidedByUs.has(id)),
    gone: removed.filter((id) => !decidedByUs.has(id)),
  };
}

export const EMPTY_DIFF: SyncDiff = { added: [], decided: [], gone: [] };

function fromStored(stored: SyncState): SyncState {
  const { canDecide: _legacy, ...rest } = stored as SyncState & { canDecide?: unknown };
  return { ...rest, refusedScopes: Array.isArray(rest.refusedScopes) ? rest.refusedScopes : [], polling: false };
}

export interface Sync {
  /** Polls unless one is in flight (then joins it) or the portal asked us to wait (then answers the state). */
  poll(reason: PollReason): Promise<SyncState>;
  state(): Promise<SyncState>;
  /** Applies a change made outside the poll (a confirmed decision) and publishes it. */
  update(change: (state: SyncState) => SyncState, diff: SyncDiff): Promise<SyncState>;
}

/** One poll's facts: the state it started from, when it started and finished, and the interval it ran under. */
interface Attempt {
  readonly base: SyncState;
  readonly cloud: CloudId;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly intervalMs: number;
}

export function createSync(deps: SyncDeps): Sync {
  let inFlight: Promise<SyncState> | null = null;
  let current: SyncState | null = null;
  // Serialises writes of the state so a decision and a poll finishing together do not lose each other.
  let writing: Promise<unknown> = Promise.resolve();

  async function state(): Promise<SyncState> {
    if (current) return current;
    const cloud = await deps.cloud();
    const stored = await deps.loadState();
    // A worker stopped mid-poll left polling: true behind; it is not polling now. A state stored by an older
    // version has canDecide (one 403 blocked everything, forever) instead of refusedScopes: start unblocked.
    current = stored && stored.cloud === cloud ? fromStored(stored) : initialState(cloud);
    return current;
  }

  async function commit(next: SyncState, diff: SyncDiff): Promise<SyncState> {
    current = next;
    const write = writing.then(() => deps.saveState(next));
    writing = write.catch(() => undefined);
    await write;
    await deps.publish(next, diff);
    return next;
  }

  /** Whether this call must not poll now (the portal asked to wait, or the data is fresh enough for a passive caller). */
  function skipPoll(base: SyncState, reason: PollReason, now: number): boolean {
    // The portal asked us to wait: only the alarm it armed may call again (no retry storm from clicks).
    if (base.error?.kind === 'RateLimited' && reason !== 'alarm' && base.nextPollAt !== null && base.nextPollAt > now) return true;
    return PASSIVE_REASONS.has(reason) && base.error === null && base.lastSuccessAt !== null && now - base.lastSuccessAt < FRESH_ENOUGH_MS;
  }

  async function afterGoodRead(attempt: Attempt, page: PendingPage): Promise<SyncState> {
    const { base, cloud, startedAt, finishedAt, intervalMs } = attempt;
    await deps.failureCount.set(0);
    const pending = [...page.actions].sort((a, b) => b.createdAt - a.createdAt);
    const removed = base.pending.filter((a) => !pending.some((p) => p.id === a.id)).map((a) => a.id);
    const diff = diffPending(base.pending, pending, await deps.decidedByUs(removed));
    const nextPollAt = finishedAt + nextDelayMs(null, 0, intervalMs, deps.random());
    await deps.schedule(nextPollAt);
    const next: SyncState = {
      ...base,
      cloud,
      pending,
      error: null,
      lastSuccessAt: finishedAt,
      lastAttemptAt: startedAt,
      nextPollAt,
      polling: false,
      // A good read: a refusal of a decision is tried again rather than kept (the role may have been granted).
      refusedScopes: [],
      skippedItems: page.skipped,
      portalTotal: page.total ?? null,
    };
    await deps.saveListed(pending, finishedAt);
    await commit(next, diff);
    await deps.afterGoodPoll?.(next, diff);
    return next;
  }

  /** Keeps the last good list, records the error, and backs off (or pauses while signed out). */
  async function afterFailedRead(attempt: Attempt, error: PortalError): Promise<SyncState> {
    const { base, cloud, startedAt, finishedAt, intervalMs } = attempt;
    const failures = (await deps.failureCount.get()) + 1;
    await deps.failureCount.set(failures);
    const nextPollAt = pausesPolling(error) ? null : finishedAt + nextDelayMs(error, failures, intervalMs, deps.random());
    await deps.schedule(nextPollAt);
    return commit({ ...base, cloud, error, lastAttemptAt: startedAt, nextPollAt, polling: false }, EMPTY_DIFF);
  }

  async function run(reason: PollReason): Promise<SyncState> {
    const before = await state();
    const cloud = await deps.cloud();
    const base = before.cloud === cloud ? before : initialState(cloud);
    const startedAt = deps.now();
    if (skipPoll(base, reason, startedAt)) return base;
    current = { ...base, polling: true, lastAttemptAt: startedAt };
    await deps.publish(current, EMPTY_DIFF);

    const intervalMs = (await deps.pollMinutes()) * 60_000;
    const result: Result<PendingPage> = (await deps.hasHostPermission(cloud))
      ? await deps.listPending(cloud)
      : { ok: false, error: { kind: 'NoPermission', message: t('background.noHostPermission') } };
    const attempt: Attempt = { base, cloud, startedAt, finishedAt: deps.now(), intervalMs };
    return result.ok ? afterGoodRead(attempt, result.value) : afterFailedRead(attempt, result.error);
  }

  return {
    poll(reason) {
      inFlight ??= run(reason)
        .catch(async (thrown: unknown) => {
          // A bug must not leave the state stuck "polling": record it as a failure and back off.
          const before = await state();
          const failures = (await deps.failureCount.get()) + 1;
          await deps.failureCount.set(failures);
          const error: PortalError = {
            kind: 'Unavailable',
            message: t('background.pollFailed', [thrown instanceof Error ? thrown.message : t('background.unexpectedError')]),
          };
          const nextPollAt = deps.now() + nextDelayMs(error, failures, MIN_DELAY_MS, deps.random());
          await deps.schedule(nextPollAt);
          return commit({ ...before, error, nextPollAt, polling: false }, EMPTY_DIFF);
        })
        .finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    state,
    async update(change, diff) {
      const before = await state();
      return commit(change(before), diff);
    },
  };
}
