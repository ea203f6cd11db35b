import { describe, expect, it, vi } from 'vitest';
import {
  FRESH_ENOUGH_MS,
  MAX_BACKOFF_MS,
  MIN_DELAY_MS,
  createSync,
  diffPending,
  nextDelayMs,
  type PendingPage,
  type SyncDeps,
} from '@/utils/actions/sync';
import type { SyncState } from '@/utils/actions/types';
import type { PortalError, Result } from '@/utils/portal/errors';
import { makeAction } from './support/actions';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

function harness(answers: Result<PendingPage>[], opts: { permission?: boolean } = {}) {
  let now = T0;
  let stored: SyncState | undefined;
  let failures = 0;
  const scheduled: (number | null)[] = [];
  const writes = { state: 0, listed: [] as string[][] };
  const published: SyncState[] = [];
  const listPending = vi.fn(async () => {
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next;
  });
  const deps: SyncDeps = {
    now: () => now,
    random: () => 0.5,
    cloud: async () => 'commercial',
    pollMinutes: async () => 1,
    hasHostPermission: async () => opts.permission ?? true,
    listPending,
    loadState: async () => stored,
    saveState: async (s) => {
      writes.state += 1;
      stored = s;
    },
    saveListed: async (actions) => void writes.listed.push(actions.map((a) => a.id)),
    failureCount: { get: async () => failures, set: async (n) => void (failures = n) },
    schedule: async (at) => void scheduled.push(at),
    publish: async (s) => void published.push(s),
    decidedByUs: async () => new Set(),
  };
  return {
    deps,
    listPending,
    scheduled,
    published,
    advance: (ms: number) => (now += ms),
    stored: () => stored,
    failures: () => failures,
    writes,
  };
}

const okPage = (...actions: ReturnType<typeof makeAction>[]): Result<PendingPage> => ({
  ok: true,
  value: { actions, skipped: 0 },
});
const failWith = (error: PortalError): Result<PendingPage> => ({ ok: false, error });

describe('sync', () => {
  it('joins a poll in flight instead of starting another', async () => {
    let release!: (r: Result<PendingPage>) => void;
    const h = harness([]);
    h.listPending.mockImplementationOnce(() => new Promise((resolve) => (release = resolve)));
    const sync = createSync(h.deps);
    const a = sync.poll('alarm');
    const b = sync.poll('popupOpened');
    const c = sync.poll('portalTab');
    await vi.waitFor(() => expect(h.listPending).toHaveBeenCalledTimes(1));
    release(okPage(makeAction()));
    const [sa, sb, sc] = await Promise.all([a, b, c]);
    expect(sa).toBe(sb);
    expect(sb).toBe(sc);
    expect(h.listPending).toHaveBeenCalledTimes(1);
    expect(sa.pending).toHaveLength(1);
  });

  it('a refused decision scope survives a worker restart, and the next good poll clears it', async () => {
    const h = harness([okPage(makeAction())]);
    const first = createSync(h.deps);
    await first.update((s) => ({ ...s, refusedScopes: ['email'] }), { added: [], decided: [], gone: [] });
    // A new worker reads the stored state: still blocked until the portal answers a read again.
    const restarted = createSync(h.deps);
    expect((await restarted.state()).refusedScopes).toEqual(['email']);
    const polled = await restarted.poll('alarm');
    expect(polled.refusedScopes).toEqual([]);
    expect(h.stored()?.refusedScopes).toEqual([]);
  });

  it('a state stored before refusedScopes existed (canDecide: false) reads as no block', async () => {
    const h = harness([]);
    const legacy = { cloud: 'commercial', pending: [], error: null, lastSuccessAt: null, lastAttemptAt: null, nextPollAt: null, polling: false, canDecide: false, skippedItems: 0 };
    const state = await createSync({ ...h.deps, loadState: async () => legacy as unknown as SyncState }).state();
    expect(state.refusedScopes).toEqual([]);
    expect('canDecide' in state).toBe(false);
  });

  it('answers a tab or popup that opens from data seconds old, but polls for the analyst and once it is stale', async () => {
    const h = harness([okPage(makeAction()), okPage(makeAction()), okPage(makeAction())]);
    const sync = createSync(h.deps);
    await sync.poll('alarm');
    h.advance(FRESH_ENOUGH_MS - 1);
    await sync.poll('portalTab');
    await sync.poll('popupOpened');
    expect(h.listPending).toHaveBeenCalledTimes(1);
    await sync.poll('user');
    expect(h.listPending).toHaveBeenCalledTimes(2);
    h.advance(FRESH_ENOUGH_MS);
    await sync.poll('portalTab');
    expect(h.listPending).toHaveBeenCalledTimes(3);
  });

  it('carries the portal’s count when the list came up short, and drops it once complete', async () => {
    const short: Result<PendingPage> = { ok: true, value: { actions: [makeAction()], skipped: 0, total: 120 } };
    const h = harness([short, okPage(makeAction())]);
    const sync = createSync(h.deps);
    expect((await sync.poll('alarm')).portalTotal).toBe(120);
    expect((await sync.poll('user')).portalTotal).toBeNull();
  });

  it('lets a portal tab retry at once after an error (the session may be back)', async () => {
    const h = harness([failWith({ kind: 'SignedOut', message: 'x' }), okPage(makeAction())]);
    const sync = createSync(h.deps);
    await sync.poll('alarm');
    const state = await sync.poll('portalTab');
    expect(h.listPending).toHaveBeenCalledTimes(2);
    expect(state.error).toBeNull();
  });

  it('stores the state, schedules the next poll one interval later, and publishes', async () => {
    const h = harness([okPage(makeAction(), makeAction())]);
    const state = await createSync(h.deps).poll('alarm');
    expect(state.error).toBeNull();
    expect(state.lastSuccessAt).toBe(T0);
    expect(state.nextPollAt).toBe(T0 + 60_000);
    expect(h.scheduled).toEqual([T0 + 60_000]);
    expect(h.stored()?.pending).toHaveLength(2);
    expect(h.published.at(0)?.polling).toBe(true);
    expect(h.published.at(-1)?.polling).toBe(false);
  });

  it('a good poll writes the state once and keeps the listed actions once', async () => {
    const [a, b] = [makeAction(), makeAction()];
    const h = harness([okPage(a, b)]);
    await createSync(h.deps).poll('alarm');
    expect(h.writes.state).toBe(1);
    expect(h.writes.listed).toEqual([[a.id, b.id]]);
  });

  it('a change outside the poll (a decision) writes the state once and lists nothing again', async () => {
    const [a, b] = [makeAction(), makeAction()];
    const h = harness([okPage(a, b)]);
    const sync = createSync(h.deps);
    await sync.poll('alarm');
    const before = { ...h.writes, listed: [...h.writes.listed] };
    const next = await sync.update((s) => ({ ...s, pending: s.pending.filter((x) => x.id !== a.id) }), { added: [], decided: [a.id], gone: [] });
    expect(h.writes.state - before.state).toBe(1);
    expect(h.writes.listed).toEqual(before.listed);
    // What was written is what every reader gets: the stored state and the one published.
    expect(h.stored()).toEqual(next);
    expect(h.published.at(-1)).toEqual(next);
    expect(next.pending.map((x) => x.id)).toEqual([b.id]);
  });

  it('keeps the last good list, marks the error, and backs off exponentially up to the cap', async () => {
    const unavailable: PortalError = { kind: 'Unavailable', message: 'down', status: 503 };
    const h = harness([okPage(makeAction()), ...Array.from({ length: 8 }, () => failWith(unavailable))]);
    const sync = createSync(h.deps);
    await sync.poll('alarm');
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const s = await sync.poll('alarm');
      expect(s.pending).toHaveLength(1);
      expect(s.error?.kind).toBe('Unavailable');
      delays.push((s.nextPollAt ?? 0) - T0);
    }
    expect(delays.slice(0, 4)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(Math.max(...delays)).toBe(MAX_BACKOFF_MS);
    expect(h.failures()).toBe(8);
  });

  it('resets the failure count after a good poll', async () => {
    const h = harness([failWith({ kind: 'Unavailable', message: 'x' }), okPage()]);
    const sync = createSync(h.deps);
    await sync.poll('alarm');
    expect(h.failures()).toBe(1);
    await sync.poll('alarm');
    expect(h.failures()).toBe(0);
  });

  it('waits at least Retry-After when rate limited and ignores clicks until then', async () => {
    const h = harness([failWith({ kind: 'RateLimited', message: 'slow down', retryAfterMs: 300_000 }), okPage()]);
    const sync = createSync(h.deps);
    const limited = await sync.poll('alarm');
    expect(limited.nextPollAt).toBe(T0 + 300_000);
    h.advance(10_000);
    const clicked = await sync.poll('user');
    expect(clicked).toEqual(limited);
    expect(h.listPending).toHaveBeenCalledTimes(1);
    h.advance(300_000);
    const later = await sync.poll('user');
    expect(later.error).toBeNull();
    expect(h.listPending).toHaveBeenCalledTimes(2);
  });

  it('stops polling while signed out and resumes when asked', async () => {
    const h = harness([failWith({ kind: 'SignedOut', message: 'signed out', status: 401 }), okPage(makeAction())]);
    const sync = createSync(h.deps);
    const out = await sync.poll('alarm');
    expect(out.error?.kind).toBe('SignedOut');
    expect(out.nextPollAt).toBeNull();
    expect(h.scheduled).toEqual([null]);
    const back = await sync.poll('portalTab');
    expect(back.error).toBeNull();
    expect(back.nextPollAt).not.toBeNull();
  });

  it('reports missing host permission without calling the portal', async () => {
    const h = harness([], { permission: false });
    const s = await createSync(h.deps).poll('alarm');
    expect(s.error?.kind).toBe('NoPermission');
    expect(h.listPending).not.toHaveBeenCalled();
    expect(s.nextPollAt).toBeNull();
  });

  it('never leaves the state stuck in flight when a dependency throws', async () => {
    const h = harness([]);
    const s = await createSync(h.deps).poll('alarm');
    expect(s.polling).toBe(false);
    expect(s.error?.kind).toBe('Unavailable');
    expect(s.nextPollAt).toBeGreaterThan(T0);
  });

  it('starts from the stored state after a worker restart, never "polling"', async () => {
    const h = harness([okPage(makeAction())]);
    await createSync(h.deps).poll('alarm');
    const stale = { ...h.stored()!, polling: true };
    await h.deps.saveState(stale);
    const restarted = createSync(h.deps);
    const s = await restarted.state();
    expect(s.polling).toBe(false);
    expect(s.pending).toHaveLength(1);
  });
});

describe('nextDelayMs', () => {
  it('never goes below the alarm floor and jitters within ±20 %', () => {
    expect(nextDelayMs(null, 0, 1_000, 0.5)).toBe(MIN_DELAY_MS);
    const err: PortalError = { kind: 'Unavailable', message: '' };
    expect(nextDelayMs(err, 1, 60_000, 0)).toBe(48_000);
    expect(nextDelayMs(err, 1, 60_000, 1)).toBe(72_000);
  });
});

describe('diffPending', () => {
  it('tells new, decided by us, and gone apart', () => {
    const [a, b, c, d] = [makeAction(), makeAction(), makeAction(), makeAction()];
    const diff = diffPending([a!, b!, c!], [a!, d!], new Set([b!.id]));
    expect(diff).toEqual({ added: [d!.id], decided: [b!.id], gone: [c!.id] });
  });
});
