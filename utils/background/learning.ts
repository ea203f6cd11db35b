/**
 * Learning the portal's decision request: the method in use per host (learned > organisation > built-in guess),
 * the observer of the portal's own requests (observation only), and the confirmation of what it saw from the
 * portal's history.
 */
import type { SyncState } from '../actions/types';
import { SETTLE_HISTORY_PAGES } from '../portal/client';
import {
  addCandidate,
  confirmCandidate,
  forgetMethods,
  listCandidates,
  loadHostMethods,
  methodStatus,
  saveLearned,
  saveTemplate,
  setCandidates,
  type HostMethods,
  type LearnedFrom,
  type MethodStatus,
} from '../portal/decisionMethod';
import { describeTemplate, parseTemplate, type KnownAction } from '../portal/decisionTemplate';
import { CLOUDS } from '../portal/hosts';
import { observePortalDecisions } from '../portal/observer';
import { detectRoute } from '../page/selectors';
import { methodsAllowed, type Policy } from '../policy';
import { t } from '../i18n';
import type { BackgroundContext } from './context';
import type { HistoryReader } from './history';

/** How soon after the portal decided the pending list is read, which confirms (or drops) what was seen. */
const READ_AFTER_OBSERVED_MS = 1500;

/** The methods kept for a host as the organisation allows them, and the organisation's template. */
export async function methodsFor(ctx: BackgroundContext, host: string): Promise<{ methods: HostMethods; template: Policy['decisionTemplate'] }> {
  const [methods, policy] = await Promise.all([loadHostMethods(host), ctx.policy()]);
  return { methods: methodsAllowed(methods, policy), template: policy.decisionTemplate };
}

export async function decisionStatus(ctx: BackgroundContext): Promise<MethodStatus> {
  const host = await ctx.host();
  const { methods, template } = await methodsFor(ctx, host);
  return methodStatus(host, methods, template, describeTemplate);
}

export async function forgetDecisionMethod(ctx: BackgroundContext): Promise<MethodStatus> {
  await forgetMethods(await ctx.host());
  return decisionStatus(ctx);
}

export async function importDecisionTemplate(ctx: BackgroundContext, template: unknown): Promise<MethodStatus> {
  if (!(await ctx.policy()).allowLearning) throw new Error(t('background.learningOff'));
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(t('background.templateMisfit', [parsed.problem]));
  await saveTemplate(await ctx.host(), { source: 'imported', template: parsed.value, from: 'har', at: Date.now() });
  return decisionStatus(ctx);
}

function learnedFrom(pageUrl: string | null): LearnedFrom {
  if (!pageUrl) return 'portal';
  const route = detectRoute(pageUrl);
  return route.kind === 'actionCenter' ? 'actionCenter' : route.kind === 'investigation' ? 'investigation' : 'portal';
}

/**
 * Registers the observer at once, so a portal request wakes the worker (utils/portal/observer.ts). Registered
 * even when the organisation forbids learning (a listener must be added at start, and the policy can change while
 * the worker runs): then every candidate is dropped here, unkept.
 */
export function startObserving(ctx: BackgroundContext, known: () => readonly KnownAction[], readSoon: () => void): void {
  observePortalDecisions({
    now: Date.now,
    known,
    onCandidate: (candidate, where) => {
      void ctx.policy().then((policy) => {
        if (!policy.allowLearning) return;
        return addCandidate({ host: where.host, from: learnedFrom(where.pageUrl), seenAt: Date.now(), candidate }).then(() => {
          setTimeout(readSoon, READ_AFTER_OBSERVED_MS);
        });
      });
    },
  });
}

/** Candidates whose actions left pending are confirmed from the portal's history, or dropped. */
export async function confirmCandidates(ctx: BackgroundContext, state: SyncState, history: HistoryReader): Promise<void> {
  const now = Date.now();
  const candidates = await listCandidates(now);
  if (candidates.length === 0) return;
  // Seen before the organisation turned learning off: dropped, never saved.
  if (!(await ctx.policy()).allowLearning) return void (await setCandidates([]));
  const pendingIds = new Set(state.pending.map((a) => a.id));
  const ready = candidates.filter((c) => c.host === CLOUDS[state.cloud].portalHost && c.candidate.actionIds.every((id) => !pendingIds.has(id)));
  if (ready.length === 0) return void (await setCandidates(candidates));
  const read = await history({ from: now - 86_400_000, to: now }, SETTLE_HISTORY_PAGES);
  const decisions = new Map(read.ok ? read.value.map((a) => [a.id, a.decision] as const) : []);
  const keep = candidates.filter((c) => !ready.includes(c));
  for (const c of ready) {
    const confirmed = read.ok ? confirmCandidate(c.candidate, decisions) : 'wait';
    if (confirmed === 'wait') keep.push(c);
    else if (confirmed) await saveLearned(c.host, confirmed.template, c.from, now);
  }
  await setCandidates(keep);
}
