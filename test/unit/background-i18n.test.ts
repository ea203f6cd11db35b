/**
 * Under the pseudo-locale, every message the background and the portal client give the analyst (outcomes,
 * decision results and refusals, client errors, settled audit entries, role refusals) comes from
 * locales/en.yml: no unaccented letter is left outside the data a message carries (who decided, a status code).
 */
import { describe, expect, it, vi } from 'vitest';
import { alreadyBeingDecided, createDecider, outcomeOf, type DecideDeps, type ServerDecision } from '@/utils/actions/decide';
import { OUTCOME_LABELS, sentWaiting } from '@/utils/actions/outcomes';
import { refusalReason } from '@/utils/actions/permissions';
import { settleOpenAudits } from '@/utils/actions/audit';
import { createSync } from '@/utils/actions/sync';
import type { AuditEntry } from '@/utils/actions/types';
import { createPortalClient, type FetchLike } from '@/utils/portal/client';
import { BUILT_IN_TEMPLATE } from '@/utils/portal/decisionTemplate';
import type { Result } from '@/utils/portal/errors';
import { usePseudoLocale } from './support/i18n';
import { APPROVALS_TEMPLATE } from './support/templates';
import { makeAction } from './support/actions';

const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);
const ANALYST = 'ana@contoso.example';
const ID = '00000000-0000-4000-8000-000000000001';

/** Fails on a message that is empty, not pseudo-localised, or holds a plain letter once `data` is taken out. */
function expectLocalised(messages: readonly string[], data: readonly string[] = []): void {
  const left = messages
    .map((message) => [...data].sort((a, b) => b.length - a.length).reduce((m, d) => m.split(d).join(' '), message))
    .filter((message) => /[A-Za-z]/.test(message));
  expect(left, 'message text that did not come from locales/en.yml').toEqual([]);
  for (const message of messages) expect(message).toContain('⟦');
}

const errorMessage = (result: Result<unknown>): string => {
  if (result.ok) throw new Error('expected an error');
  return result.error.message;
};

function answering(...responses: (Response | Error)[]): FetchLike {
  let n = 0;
  return async () => {
    const next = responses[Math.min(n++, responses.length - 1)];
    if (!next || next instanceof Error) throw next ?? new Error('none');
    return next.clone();
  };
}

const client = (fetch: FetchLike, readXsrf: () => Promise<string | null> = async () => 'token') =>
  createPortalClient({ cloud: 'commercial', fetch, readXsrf, now: () => NOW });

describe('background messages under the pseudo-locale', () => {
  it('outcome labels and per-action decision results', () => {
    usePseudoLocale();
    const answers: ServerDecision['status'][] = ['Approved', 'Rejected', 'AlreadyDecided', 'NotFound', 'Failed', 'Unknown'];
    const results = answers.flatMap((status) => [
      outcomeOf('approve', { actionId: ID, status, decidedBy: null }).message,
      outcomeOf('reject', { actionId: ID, status, decidedBy: ANALYST }).message,
    ]);
    expectLocalised(
      [...Object.values(OUTCOME_LABELS), sentWaiting(), alreadyBeingDecided('approve'), alreadyBeingDecided('reject'), outcomeOf('approve', undefined).message, ...results],
      [ANALYST],
    );
  });

  it('the decider’s refusals and its notes on a decision not sent', async () => {
    usePseudoLocale();
    const audit: AuditEntry[] = [];
    let release!: () => void;
    const deps: DecideDeps = {
      now: () => NOW,
      newId: () => crypto.randomUUID(),
      cloud: async () => 'commercial',
      lookup: async () => new Map(),
      rules: async () => ({ requireRejectComment: true, requireApproveComment: false, requireCommentForDestructive: false }),
      send: () =>
        new Promise<Result<readonly ServerDecision[]>>((resolve) => {
          release = () => resolve({ ok: false, error: { kind: 'Unavailable', message: 'HTTP 503' } });
        }),
      saveAudit: async (entries) => void audit.push(...entries),
      settled: async () => undefined,
    };
    const decider = createDecider(deps);
    const refusals = await Promise.all([
      decider.decide({ actionIds: Array.from({ length: 101 }, (_, i) => `id-${i}`), verdict: 'approve', comment: '', surface: 'popup' }),
      decider.decide({ actionIds: [ID], verdict: 'approve', comment: 'x'.repeat(1001), surface: 'popup' }),
      decider.decide({ actionIds: [ID], verdict: 'reject', comment: '', surface: 'popup' }),
    ]);
    const first = decider.decide({ actionIds: [ID], verdict: 'approve', comment: 'one', surface: 'popup' });
    const opposite = decider.decide({ actionIds: [ID], verdict: 'reject', comment: 'no', surface: 'portal' });
    const joined = decider.decide({ actionIds: [ID], verdict: 'approve', comment: 'two', surface: 'notification' });
    await vi.waitFor(() => expect(release).toBeDefined());
    release();
    const reports = await Promise.all([first, opposite, joined]);
    expectLocalised(
      [...refusals, ...reports].flatMap((r) => r.results.map((x) => x.message)).concat(audit.map((e) => e.message)),
      ['HTTP 503'],
    );
  });

  it('the portal client’s errors', async () => {
    usePseudoLocale();
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
    const redirect = new Response('', { status: 302, headers: { Location: 'https://elsewhere.example/' } });
    const lists = await Promise.all([
      client(answering(json(401, {}))).listPending(),
      client(answering(json(403, { error: 'role' }))).listPending(),
      client(answering(json(409, {}))).listPending(),
      client(answering(json(429, {}, { 'Retry-After': '1' }))).listPending(),
      client(answering(json(429, {}, { 'Retry-After': '30' }))).listPending(),
      client(answering(json(503, {}))).listPending(),
      client(answering(json(418, {}))).listPending(),
      client(answering(new Response('', { status: 200 }))).listPending(),
      client(answering(new Response('not json', { status: 200 }))).listPending(),
      client(answering(redirect)).listPending(),
      client(answering(new TypeError('network'))).listPending(),
      client(answering(json(200, {})), async () => null).listPending(),
      client(answering(json(200, {}))).listHistory({ from: NOW, to: NOW - 1 }),
    ]);
    const target = { id: ID, approvalId: null, investigationId: '42' };
    const decisions = await Promise.all([
      client(answering(json(400, {}))).decide([target], 'approve', '', BUILT_IN_TEMPLATE),
      client(answering(json(200, {}))).decide([{ ...target, id: 'bad id/..' }], 'approve', '', BUILT_IN_TEMPLATE),
      client(answering(json(200, {}))).decide(Array.from({ length: 101 }, (_, i) => ({ ...target, id: `id-${i}` })), 'approve', '', BUILT_IN_TEMPLATE),
      client(answering(json(200, {}))).decide([target], 'approve', '', APPROVALS_TEMPLATE),
    ]);
    // A 2xx that lists no per-action results, and the action still pending on the re-read.
    const pendingPage = json(200, { Count: 1, Results: [{ ActionId: ID, InvestigationId: 42, ActionType: 'IsolateResponse', ActionStatus: 'Pending', StartTime: '2026-11-25T08:00:00Z', EntityType: 'Machine' }] });
    const waiting = await client(answering(new Response('', { status: 200 }), pendingPage)).decide([target], 'approve', '', { ...BUILT_IN_TEMPLATE, answer: null });
    const waitingMessages = waiting.ok ? waiting.value.map((d) => d.message ?? '') : [errorMessage(waiting)];
    expectLocalised([...lists, ...decisions].map(errorMessage).concat(waitingMessages), ['418', '302', '503', '400', '401']);
  });

  it('the poll’s own errors, settled audit entries and role refusals', async () => {
    usePseudoLocale();
    const sync = createSync({
      now: () => NOW,
      random: () => 0.5,
      cloud: async () => 'commercial',
      pollMinutes: async () => 1,
      hasHostPermission: async () => false,
      listPending: async () => ({ ok: true, value: { actions: [], skipped: 0 } }),
      loadState: async () => undefined,
      saveState: async () => undefined,
      saveListed: async () => undefined,
      failureCount: { get: async () => 0, set: async () => undefined },
      schedule: async () => undefined,
      publish: async () => undefined,
      decidedByUs: async () => new Set(),
    });
    const noPermission = (await sync.poll('alarm')).error?.message ?? '';
    const a = makeAction({ id: ID, status: 'Completed', decision: 'Rejected', decidedBy: ANALYST });
    const entry = (over: Partial<AuditEntry>): AuditEntry => ({
      id: crypto.randomUUID(),
      actionId: ID,
      verdict: 'approve',
      comment: '',
      surface: 'popup',
      cloud: 'commercial',
      requestedAt: NOW - 60_000,
      completedAt: null,
      outcome: 'pendingConfirmation',
      serverStatus: null,
      analyst: null,
      message: '',
      action: { type: '', typeLabel: '', entityType: '', entityName: '', investigationId: null, approvalId: null },
      ...over,
    });
    const settled = settleOpenAudits({
      open: [entry({}), entry({ cloud: 'gcc' }), entry({ actionId: 'other', requestedAt: NOW - 9 * 86_400_000 }), entry({ actionId: 'flight', outcome: 'inFlight' })],
      pending: [],
      history: [a],
      live: new Set(),
      cloud: 'commercial',
      now: NOW,
    });
    expect(settled.length).toBeGreaterThanOrEqual(4);
    expectLocalised(
      [noPermission, ...settled.map((e) => e.message), refusalReason('email'), refusalReason('device'), refusalReason('other')],
      [ANALYST, 'Rejected', 'gcc'],
    );
  });
});
