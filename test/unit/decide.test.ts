import { describe, expect, it, vi } from 'vitest';
import { createDecider, outcomeOf, type DecideDeps, type ServerDecision } from '@/utils/actions/decide';
import type { AuditEntry, DecisionReport, DecisionRequest } from '@/utils/actions/types';
import type { Result } from '@/utils/portal/errors';
import { makeAction } from './support/actions';

function harness(
  send: DecideDeps['send'],
  rules = { requireRejectComment: true, requireApproveComment: false, requireCommentForDestructive: false },
  actions = [makeAction(), makeAction(), makeAction()],
) {
  const audit = new Map<string, AuditEntry>();
  const writes: AuditEntry[][] = [];
  const settled: DecisionReport[] = [];
  let n = 0;
  const deps: DecideDeps = {
    now: () => 1_000,
    newId: () => `audit-${++n}`,
    cloud: async () => 'commercial',
    lookup: async (ids) => new Map(actions.filter((a) => ids.includes(a.id)).map((a) => [a.id, a])),
    rules: async () => rules,
    send: vi.fn(send),
    saveAudit: async (entries) => {
      writes.push([...entries]);
      for (const e of entries) audit.set(e.id, e);
    },
    settled: async (_req, report) => void settled.push(report),
  };
  return { deps, audit, writes, settled, actions, decider: createDecider(deps) };
}

const answer = (...decisions: ServerDecision[]): Result<readonly ServerDecision[]> => ({ ok: true, value: decisions });
const req = (actionIds: string[], verdict: 'approve' | 'reject' = 'approve', comment = ''): DecisionRequest => ({
  actionIds,
  verdict,
  comment,
  surface: 'popup',
});

describe('decide', () => {
  it('writes the audit entry before sending and completes it after the server confirms', async () => {
    let auditAtSend: AuditEntry[] = [];
    const h = harness(async (ids) => {
      auditAtSend = [...h.audit.values()];
      return answer({ actionId: ids[0]!, status: 'Approved', decidedBy: 'ana@contoso.example' });
    });
    const id = h.actions[0]!.id;
    const report = await h.decider.decide(req([id], 'approve', 'contained'));
    expect(auditAtSend).toHaveLength(1);
    expect(auditAtSend[0]).toMatchObject({ actionId: id, outcome: 'inFlight', comment: 'contained' });
    expect(report.results).toEqual([
      { actionId: id, outcome: 'applied', decidedBy: 'ana@contoso.example', message: 'Approved', error: null },
    ]);
    const final = [...h.audit.values()][0]!;
    expect(final).toMatchObject({ outcome: 'applied', serverStatus: 'Approved', analyst: 'ana@contoso.example' });
    expect(final.action.typeLabel).toBe('Isolate device');
    expect(h.settled).toHaveLength(1);
  });

  it('reads the background\'s store once per decision, and not at all for one over the limits', async () => {
    const h = harness(async (ids) => answer(...ids.map((actionId) => ({ actionId, status: 'Approved' as const, decidedBy: 'ana@contoso.example' }))));
    const lookup = vi.spyOn(h.deps, 'lookup');
    const decider = createDecider(h.deps);
    await decider.decide(req(h.actions.map((a) => a.id), 'approve'));
    expect(lookup).toHaveBeenCalledTimes(1);
    lookup.mockClear();
    const tooMany = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const refused = await decider.decide(req(tooMany, 'approve'));
    expect(refused.error?.kind).toBe('BadResponse');
    expect(lookup).not.toHaveBeenCalled();
  });

  it('sends one request when the same action is decided twice at once', async () => {
    let release!: () => void;
    const h = harness(
      (ids) =>
        new Promise((resolve) => {
          release = () => resolve(answer(...ids.map((actionId) => ({ actionId, status: 'Approved' as const }))));
        }),
    );
    const id = h.actions[0]!.id;
    const first = h.decider.decide(req([id]));
    const second = h.decider.decide({ ...req([id]), surface: 'portal' });
    await vi.waitFor(() => expect(h.deps.send).toHaveBeenCalledTimes(1));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(h.deps.send).toHaveBeenCalledTimes(1);
    expect(a.results[0]?.outcome).toBe('applied');
    expect(b.results[0]?.outcome).toBe('applied');
    expect(h.audit.size).toBe(1);
  });

  it('never joins an opposite verdict: the second caller is told it is already being decided, nothing is sent, its comment is kept', async () => {
    let release!: () => void;
    const h = harness(
      (ids, verdict) =>
        new Promise((resolve) => {
          release = () => resolve(answer(...ids.map((actionId) => ({ actionId, status: verdict === 'reject' ? ('Rejected' as const) : ('Approved' as const) }))));
        }),
    );
    const id = h.actions[0]!.id;
    const reject = h.decider.decide({ ...req([id], 'reject', 'false positive'), surface: 'portal' });
    await vi.waitFor(() => expect(h.deps.send).toHaveBeenCalledTimes(1));
    const approve = await h.decider.decide(req([id], 'approve', 'contain it'));
    expect(approve.results).toEqual([
      { actionId: id, outcome: 'alreadyDecided', decidedBy: null, message: 'Already being decided: rejected by you a moment ago', error: null },
    ]);
    release();
    const rejected = await reject;
    expect(rejected.results[0]?.outcome).toBe('applied');
    expect(h.deps.send).toHaveBeenCalledTimes(1);
    expect(h.deps.send).toHaveBeenCalledWith([id], 'reject', 'false positive');
    const entries = [...h.audit.values()];
    expect(entries.map((e) => [e.verdict, e.surface, e.comment, e.outcome])).toEqual([
      ['reject', 'portal', 'false positive', 'applied'],
      ['approve', 'popup', 'contain it', 'alreadyDecided'],
    ]);
    expect(entries[1]?.message).toMatch(/^Not sent/);
  });

  it('a joiner with the same verdict shares the result, and a different comment of its own is recorded, not dropped', async () => {
    let release!: () => void;
    const h = harness(
      (ids) =>
        new Promise((resolve) => {
          release = () => resolve(answer(...ids.map((actionId) => ({ actionId, status: 'Rejected' as const }))));
        }),
    );
    const id = h.actions[0]!.id;
    const first = h.decider.decide({ ...req([id], 'reject', 'false positive'), surface: 'portal' });
    await vi.waitFor(() => expect(h.deps.send).toHaveBeenCalledTimes(1));
    const second = h.decider.decide(req([id], 'reject', 'known admin tool'));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.results[0]?.outcome).toBe('applied');
    expect(b.results[0]?.outcome).toBe('applied');
    expect(h.deps.send).toHaveBeenCalledTimes(1);
    const entries = [...h.audit.values()];
    expect(entries.map((e) => [e.surface, e.comment, e.outcome])).toEqual([
      ['portal', 'false positive', 'applied'],
      ['popup', 'known admin tool', 'alreadyDecided'],
    ]);
    expect(entries[1]?.message).toMatch(/not sent/i);
  });

  it('refuses a reject without the required comment, without sending', async () => {
    const h = harness(async () => answer());
    const report = await h.decider.decide(req([h.actions[0]!.id], 'reject', '   '));
    expect(h.deps.send).not.toHaveBeenCalled();
    expect(report.results[0]?.outcome).toBe('notApplied');
    expect(report.error?.message).toMatch(/comment is required/);
    expect(h.audit.size).toBe(0);
  });

  describe('with a comment required for containment and destructive actions', () => {
    const strict = { requireRejectComment: false, requireApproveComment: false, requireCommentForDestructive: true };
    const isolate = makeAction({ type: 'IsolateResponse', typeLabel: 'Isolate device' });
    const scan = makeAction({ type: 'RunAntiVirusScanResponse', typeLabel: 'Run antivirus scan' });

    it('refuses to approve an isolation without a comment, whatever surface asks, and sends nothing', async () => {
      const h = harness(async () => answer(), strict, [isolate, scan]);
      const report = await h.decider.decide({ ...req([scan.id, isolate.id], 'approve', ''), surface: 'portal' });
      expect(h.deps.send).not.toHaveBeenCalled();
      expect(report.results.map((r) => r.outcome)).toEqual(['notApplied', 'notApplied']);
      expect(report.error?.message).toMatch(/comment is required/);
    });

    it('refuses an action its store does not know (it cannot be shown harmless)', async () => {
      const h = harness(async () => answer(), strict, [scan]);
      const report = await h.decider.decide(req(['00000000-0000-4000-8000-999999999999'], 'approve', ''));
      expect(h.deps.send).not.toHaveBeenCalled();
      expect(report.error?.message).toMatch(/comment is required/);
    });

    it('sends an ordinary action without a comment, and an isolation with one', async () => {
      const h = harness(async (ids) => answer(...ids.map((actionId) => ({ actionId, status: 'Approved' as const, decidedBy: null }))), strict, [isolate, scan]);
      expect((await h.decider.decide(req([scan.id]))).error).toBeNull();
      expect((await h.decider.decide(req([isolate.id], 'approve', 'host confirmed compromised'))).error).toBeNull();
      expect(h.deps.send).toHaveBeenCalledTimes(2);
    });
  });

  it('reports who decided first when the portal says already decided', async () => {
    const h = harness(async (ids) => answer({ actionId: ids[0]!, status: 'AlreadyDecided', decidedBy: 'bob@contoso.example' }));
    const report = await h.decider.decide(req([h.actions[0]!.id]));
    expect(report.results[0]).toMatchObject({ outcome: 'alreadyDecided', message: 'Already decided by bob@contoso.example' });
  });

  it.each([
    ['Conflict', 'alreadyDecided'],
    ['Unsupported', 'unsupported'],
    ['Unavailable', 'pendingConfirmation'],
    ['SignedOut', 'notApplied'],
    ['Forbidden', 'notApplied'],
    ['RateLimited', 'notApplied'],
  ] as const)('maps a whole-request %s to %s and records it', async (kind, outcome) => {
    const h = harness(async () => ({ ok: false, error: { kind, message: `${kind} words`, status: 400 } }));
    const report = await h.decider.decide(req([h.actions[0]!.id, h.actions[1]!.id]));
    expect(report.error?.kind).toBe(kind);
    expect(report.results.map((r) => r.outcome)).toEqual([outcome, outcome]);
    expect([...h.audit.values()].map((e) => e.outcome)).toEqual([outcome, outcome]);
    expect(report.results.some((r) => r.outcome === 'applied')).toBe(false);
  });

  it('treats an id the server left out as sent, waiting for the portal, never as done', async () => {
    const h = harness(async (ids) => answer({ actionId: ids[0]!, status: 'Approved' }));
    const report = await h.decider.decide(req([h.actions[0]!.id, h.actions[1]!.id]));
    expect(report.results.map((r) => r.outcome)).toEqual(['applied', 'pendingConfirmation']);
    expect(report.results[1]?.message).toMatch(/^Sent, waiting for the portal/);
    // Not final: no completion time until the settlement says what happened.
    expect([...h.audit.values()].map((e) => [e.outcome, e.completedAt])).toEqual([
      ['applied', 1_000],
      ['pendingConfirmation', null],
    ]);
  });

  it('a timeout or 5xx (lost answer) is sent, waiting for the portal, not a final failure', async () => {
    const h = harness(async () => ({ ok: false, error: { kind: 'Unavailable', message: 'The portal had a problem (HTTP 503).', status: 503 } }));
    const report = await h.decider.decide(req([h.actions[0]!.id]));
    expect(report.results[0]).toMatchObject({ outcome: 'pendingConfirmation', message: 'Sent, waiting for the portal: The portal had a problem (HTTP 503).' });
    expect([...h.audit.values()][0]).toMatchObject({ outcome: 'pendingConfirmation', completedAt: null, cloud: 'commercial' });
  });

  it('does not count an answer with the opposite verdict as applied', () => {
    expect(outcomeOf('reject', { actionId: 'x', status: 'Approved', decidedBy: 'c' }).outcome).toBe('alreadyDecided');
  });

  it('deduplicates ids and trims the comment', async () => {
    const h = harness(async (ids) => answer(...ids.map((actionId) => ({ actionId, status: 'Rejected' as const }))));
    const id = h.actions[0]!.id;
    await h.decider.decide(req([id, id], 'reject', '  false positive  '));
    expect(h.deps.send).toHaveBeenCalledWith([id], 'reject', 'false positive');
  });
});

describe('decide on an expired action', () => {
  it('says why and sends nothing for it; the others in the same request are sent', async () => {
    const h = harness(async (ids) => answer(...ids.map((actionId) => ({ actionId, status: 'Approved' as const }))));
    // harness's clock is 1 000 ms; an action raised more than 7 days before that has expired.
    const expired = h.actions[0]!;
    Object.assign(expired, { createdAt: 1_000 - 7 * 86_400_000 - 1 });
    const live = h.actions[1]!;
    Object.assign(live, { createdAt: 1_000 - 60_000 });
    const report = await h.decider.decide(req([expired.id, live.id]));
    expect(h.deps.send).toHaveBeenCalledTimes(1);
    expect(vi.mocked(h.deps.send).mock.calls[0]?.[0]).toEqual([live.id]);
    expect(report.results.map((r) => [r.actionId, r.outcome])).toEqual([
      [expired.id, 'notApplied'],
      [live.id, 'applied'],
    ]);
    expect(report.results[0]?.message).toMatch(/^Expired: .*Not sent\.$/);
    expect([...h.audit.values()].map((e) => e.actionId)).toEqual([live.id]);
  });
});
