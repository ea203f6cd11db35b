/**
 * How decisions are sent, per portal host: a template learned from the portal's own Approve/Reject (or imported
 * from a HAR), else the built-in guess of PORTAL.md. What is kept is the request's shape (decisionTemplate.ts),
 * never a body value, a cookie or a token. A method that the portal refused (400/404/405, or an answer we cannot
 * read) is marked broken and not used again until a new one is learned: one request per click, no loop.
 *
 * Requests seen but not yet confirmed ("candidates") wait in session storage, which is memory only: they hold
 * action ids for the few seconds until the next poll shows those actions decided.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import type { Verdict } from '../actions/model';
import { t } from '../i18n';
import {
  BUILT_IN_TEMPLATE,
  confirmVerdict,
  mergeTemplates,
  parseTemplate,
  withVerdict,
  type Candidate,
  type DecisionTemplate,
} from './decisionTemplate';

/** Where a learned template came from (the portal page that sent the request, or a HAR file). */
export type LearnedFrom = 'actionCenter' | 'investigation' | 'portal' | 'har';

export interface TemplateRecord {
  readonly source: 'learned' | 'imported';
  readonly template: DecisionTemplate;
  readonly from: LearnedFrom;
  readonly at: number;
  readonly brokenAt: number | null;
  /** Plain words: what the portal answered when it broke. */
  readonly brokenReason: string | null;
}

export interface HostMethods {
  readonly template: TemplateRecord | null;
  /** The built-in guess: confirmed once the portal applied a decision sent with it; broken once it refused it. */
  readonly builtIn: { readonly confirmedAt: number | null; readonly brokenAt: number | null; readonly brokenReason: string | null };
  /** The organisation's template that the portal refused (by its content): not sent again until the policy changes it. */
  readonly policyBroken?: { readonly key: string; readonly at: number; readonly reason: string } | null;
}

/** Identity of an organisation's template: a new policy value is a new chance. */
export const templateKey = (t: DecisionTemplate): string => JSON.stringify(t);

const EMPTY_HOST: HostMethods = { template: null, builtIn: { confirmedAt: null, brokenAt: null, brokenReason: null } };

/** The method the decider will use now for a host. */
export type ResolvedMethod =
  | { readonly kind: 'template'; readonly source: 'learned' | 'imported' | 'policy' | 'builtIn'; readonly template: DecisionTemplate }
  | { readonly kind: 'none'; readonly reason: string };

/** What Options, the popup and the page show: where the extension stands. */
export interface MethodStatus {
  readonly host: string;
  readonly inUse: 'learned' | 'imported' | 'policy' | 'builtIn' | 'none';
  /** The built-in guess has not yet been confirmed by the portal. */
  readonly unconfirmedGuess: boolean;
  readonly template: TemplateRecord | null;
  readonly builtIn: HostMethods['builtIn'];
  /** The organisation's template in force was refused by the portal (when and why). */
  readonly policyBroken: { readonly at: number; readonly reason: string } | null;
  /** Plain-words description of the request in use (no values). */
  readonly description: { readonly request: string; readonly body: string; readonly verdicts: string } | null;
}

const NullableNumber = v.nullable(v.number());
const NullableText = v.nullable(v.pipe(v.string(), v.maxLength(500)));
const RecordSchema = v.object({
  source: v.picklist(['learned', 'imported']),
  template: v.unknown(),
  from: v.picklist(['actionCenter', 'investigation', 'portal', 'har']),
  at: v.number(),
  brokenAt: NullableNumber,
  brokenReason: NullableText,
});
const HostSchema = v.object({
  template: v.nullable(RecordSchema),
  builtIn: v.object({ confirmedAt: NullableNumber, brokenAt: NullableNumber, brokenReason: NullableText }),
  policyBroken: v.optional(v.nullable(v.object({ key: v.pipe(v.string(), v.maxLength(200_000)), at: v.number(), reason: v.pipe(v.string(), v.maxLength(500)) }))),
});

const methodsItem = storage.defineItem<Record<string, unknown>>('local:decisionMethods', { fallback: {} });

/** A stored entry that no longer validates (hand-edited, older version) counts as nothing learned. */
function readHost(raw: unknown): HostMethods {
  const parsed = v.safeParse(HostSchema, raw);
  if (!parsed.success) return EMPTY_HOST;
  const record = parsed.output.template;
  const template = record ? parseTemplate(record.template) : null;
  return {
    template: record && template?.ok ? { ...record, template: template.value } : null,
    builtIn: parsed.output.builtIn,
    policyBroken: parsed.output.policyBroken ?? null,
  };
}

export async function loadHostMethods(host: string): Promise<HostMethods> {
  const all = await methodsItem.getValue();
  return readHost(Object.hasOwn(all, host) ? all[host] : undefined);
}

async function updateHost(host: string, change: (current: HostMethods) => HostMethods): Promise<HostMethods> {
  const all = await methodsItem.getValue();
  const next = change(readHost(Object.hasOwn(all, host) ? all[host] : undefined));
  await methodsItem.setValue({ ...all, [host]: next });
  return next;
}

/** Learned template first, then the organisation's, then the built-in guess; a broken one is skipped. */
export function resolveMethod(methods: HostMethods, policyTemplate: DecisionTemplate | null): ResolvedMethod {
  const record = methods.template;
  if (record && record.brokenAt === null) return { kind: 'template', source: record.source, template: record.template };
  if (policyTemplate && methods.policyBroken?.key !== templateKey(policyTemplate)) {
    return { kind: 'template', source: 'policy', template: policyTemplate };
  }
  if (methods.builtIn.brokenAt === null) return { kind: 'template', source: 'builtIn', template: BUILT_IN_TEMPLATE };
  return { kind: 'none', reason: record?.brokenReason ?? methods.builtIn.brokenReason ?? t('background.methodRefused') };
}

export function methodStatus(
  host: string,
  methods: HostMethods,
  policyTemplate: DecisionTemplate | null,
  describe: (t: DecisionTemplate) => MethodStatus['description'],
): MethodStatus {
  const resolved = resolveMethod(methods, policyTemplate);
  const inUse = resolved.kind === 'none' ? 'none' : resolved.source;
  return {
    host,
    inUse,
    unconfirmedGuess: inUse === 'builtIn' && methods.builtIn.confirmedAt === null,
    template: methods.template,
    builtIn: methods.builtIn,
    policyBroken:
      policyTemplate && methods.policyBroken?.key === templateKey(policyTemplate)
        ? { at: methods.policyBroken.at, reason: methods.policyBroken.reason }
        : null,
    description: resolved.kind === 'template' ? describe(resolved.template) : null,
  };
}

export function saveTemplate(host: string, record: Omit<TemplateRecord, 'brokenAt' | 'brokenReason'>): Promise<HostMethods> {
  return updateHost(host, (current) => ({ ...current, template: { ...record, brokenAt: null, brokenReason: null } }));
}

/** The portal refused what the method sent. A derived verdict spelling that failed is dropped alone. */
export function markBroken(
  host: string,
  source: ResolvedMethod & { kind: 'template' },
  verdict: Verdict,
  at: number,
  reason: string,
): Promise<HostMethods> {
  return updateHost(host, (current) => {
    if (source.source === 'builtIn') return { ...current, builtIn: { ...current.builtIn, brokenAt: at, brokenReason: reason } };
    if (source.source === 'policy') return { ...current, policyBroken: { key: templateKey(source.template), at, reason } };
    const record = current.template;
    if (!record || (source.source !== 'learned' && source.source !== 'imported')) return current;
    if (record.template.verdicts[verdict]?.derived) {
      // Only the guessed spelling was wrong: the seen one stays in use.
      const { [verdict]: _wrong, ...verdicts } = record.template.verdicts;
      return { ...current, template: { ...record, template: { ...record.template, verdicts } } };
    }
    return { ...current, template: { ...record, brokenAt: at, brokenReason: reason } };
  });
}

/** The portal applied a decision sent with this method: a derived spelling becomes a confirmed one. */
export function markConfirmedUse(host: string, source: ResolvedMethod & { kind: 'template' }, verdict: Verdict, at: number): Promise<HostMethods> {
  return updateHost(host, (current) => {
    if (source.source === 'builtIn') {
      return current.builtIn.confirmedAt === null ? { ...current, builtIn: { ...current.builtIn, confirmedAt: at } } : current;
    }
    const record = current.template;
    if (!record?.template.verdicts[verdict]?.derived) return current;
    return { ...current, template: { ...record, template: confirmVerdict(record.template, verdict) } };
  });
}

/**
 * A request confirmed from the portal's own decision. The same request seen again adds what it teaches (e.g. the
 * reject spelling after an approve) to the one kept, and a broken one that the portal now accepts works again.
 */
export function saveLearned(host: string, template: DecisionTemplate, from: LearnedFrom, at: number): Promise<HostMethods> {
  return updateHost(host, (current) => {
    const previous = current.template?.template;
    const merged = previous ? mergeTemplates(previous, template) : null;
    return { ...current, template: { source: 'learned', template: merged ?? template, from, at, brokenAt: null, brokenReason: null } };
  });
}

export function forgetMethods(host: string): Promise<HostMethods> {
  return updateHost(host, () => EMPTY_HOST);
}

// --- Candidates: seen, answered 2xx, waiting for the next poll to confirm ---------------------------

/** A candidate is forgotten when no poll confirmed it within this time. */
export const CANDIDATE_TTL_MS = 10 * 60_000;
const MAX_CANDIDATES = 20;

export interface PendingCandidate {
  readonly host: string;
  readonly from: LearnedFrom;
  readonly seenAt: number;
  readonly candidate: Candidate;
}

const candidatesItem = storage.defineItem<PendingCandidate[]>('session:learningCandidates', { fallback: [] });

export async function addCandidate(c: PendingCandidate): Promise<void> {
  const current = await candidatesItem.getValue();
  await candidatesItem.setValue([...current, c].slice(-MAX_CANDIDATES));
}

export async function listCandidates(now: number): Promise<PendingCandidate[]> {
  return (await candidatesItem.getValue()).filter((c) => now - c.seenAt < CANDIDATE_TTL_MS);
}

export async function setCandidates(list: readonly PendingCandidate[]): Promise<void> {
  await candidatesItem.setValue([...list]);
}

/**
 * What the portal did with a candidate's actions, once they left pending: every one decided the same way
 * confirms the candidate (and names its verdict when the request's value alone did not); anything else rejects it.
 */
export function confirmCandidate(c: Candidate, decisions: ReadonlyMap<string, 'Approved' | 'Rejected' | null>): Candidate | 'wait' | null {
  const seen = c.actionIds.map((id) => decisions.get(id));
  if (seen.some((d) => d === undefined)) return 'wait';
  const verdicts = new Set(seen);
  if (verdicts.size !== 1) return null;
  const [decision] = [...verdicts];
  if (decision !== 'Approved' && decision !== 'Rejected') return null;
  const verdict: Verdict = decision === 'Approved' ? 'approve' : 'reject';
  if (c.verdict !== null && c.verdict !== verdict) return null;
  return withVerdict(c, verdict);
}
