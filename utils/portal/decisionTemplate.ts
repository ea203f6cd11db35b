/**
 * The decision request as a template (issue 11). The portal's own Approve/Reject request is observed (never
 * blocked or changed), recognised here as a decision, and kept as its SHAPE — method, path, constant query and
 * body parts, placeholders where the values were data — so that the extension can send the same request for
 * other actions. Pure: no browser APIs, no storage, no network. The run-time schema of a stored, imported or
 * policy-provided template is in decisionTemplateSchema.ts (re-exported here).
 *
 * What is never kept: cookies, Authorization, XSRF or any header that looks like a credential, request ids, body
 * values that are data (ids, GUIDs, emails, long or free text). A string that is data but not recognised becomes
 * `""` (a number `0`) and its field name is listed in `unknownFields`, so the options page can warn that this
 * template may not work.
 */
import * as v from 'valibot';
import type { Verdict } from '../actions/model';
import { DECISION_PATH, isSafeId } from './contract';
import { formatNumber, t } from '../i18n';
import {
  COMMENT_NAME,
  KNOWN_CONTENT_TYPE,
  PATH_SEGMENT,
  PLACEHOLDERS,
  TEMPLATE_METHODS,
  SECRET_FIELD,
  booleanTextVerdict,
  booleanVerdict,
  deriveOther,
  isConstNumber,
  isConstString,
  isGuid,
  isKeepableHeader,
  textVerdict,
  weakVerdictRank,
} from './decisionRules';

export { isKeepableHeader, PLACEHOLDERS, TEMPLATE_METHODS } from './decisionRules';
export { parseTemplate } from './decisionTemplateSchema';

// --- Types (the interface the wiring codes against) ---------------------------------------------------------------

export type TemplateMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Placeholder = 'actionIds' | 'approvalIds' | 'actionId' | 'approvalId' | 'investigationId' | 'verdict' | 'comment';

/** A JSON body shape: constants kept as seen, values that were data replaced by placeholders. */
export type Shape =
  | { readonly t: 'const'; readonly v: string | number | boolean | null }
  | { readonly t: 'ph'; readonly ph: Placeholder; readonly as: 'string' | 'number' }
  | { readonly t: 'list'; readonly ph: 'actionIds' | 'approvalIds'; readonly as: 'string' | 'number' }
  | { readonly t: 'joined'; readonly ph: 'actionIds' | 'approvalIds'; readonly sep: string }
  | { readonly t: 'obj'; readonly fields: readonly (readonly [string, Shape])[] }
  /** Array of objects, one per action (e.g. [{ActionId, Status}]). */
  | { readonly t: 'arr'; readonly item: Shape }
  /** ADDED: an array kept as seen, element by element (e.g. `[]`, `["a", "b"]` of constants), not one per action. */
  | { readonly t: 'tuple'; readonly items: readonly Shape[] };

export interface VerdictSpelling {
  readonly value: string | number | boolean;
  readonly derived: boolean;
}

export type TemplateBody =
  | { readonly kind: 'json'; readonly shape: Shape }
  | { readonly kind: 'form'; readonly fields: readonly (readonly [string, Shape])[] }
  | { readonly kind: 'none' };

export interface DecisionTemplate {
  readonly version: 1;
  readonly method: TemplateMethod;
  /** Starts with /apiproxy/ ; placeholder segments {verdict}, {actionId}, {approvalId}, {investigationId} only when seen there. */
  readonly path: string;
  /** Query parameters in order; constant values as seen, data-valued ones as "{actionId}", "{actionIds}", "{verdict}"… */
  readonly query: readonly (readonly [string, string])[];
  readonly body: TemplateBody;
  /** Verdict spellings; reject (or approve) may be missing when it was neither seen nor derivable (e.g. numeric). */
  readonly verdicts: { readonly approve?: VerdictSpelling; readonly reject?: VerdictSpelling };
  /** Non-standard, non-secret request headers with constant values (e.g. x-tid). Never cookie/authorization/xsrf. */
  readonly headers: readonly (readonly [string, string])[];
  /** When the 2xx answer listed per-action results: where and how to read them. null: the answer says nothing per action. */
  readonly answer: AnswerShape | null;
  /** ADDED: names of fields whose value was data the recogniser could not place; sent as "" (or 0). The UI should warn. */
  readonly unknownFields?: readonly string[];
  /** ADDED: the Content-Type seen (only the JSON / text / form media types); default by body kind. */
  readonly contentType?: string;
  /** ADDED: how many actions the request we learned from decided (1 when only single). The decider may limit to it. */
  readonly maxActionsSeen?: number;
}

export interface AnswerShape {
  /** Path of keys to the results array from the root ([] = the root is the array). Keys match case-insensitively. */
  readonly resultsPath: readonly string[];
  readonly idKey: string;
  readonly idKind: 'actionId' | 'approvalId';
  readonly statusKey: string | null;
  /** ADDED: key of who decided (text), when the answer has one. */
  readonly decidedByKey?: string | null;
  /** ADDED: key of a per-action message (text), when the answer has one. */
  readonly messageKey?: string | null;
}

export interface ObservedRequest {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | null;
  readonly bodyText: string | null;
  readonly headers: readonly (readonly [string, string])[];
}

export const MAX_OBSERVED_BODY = 64 * 1024;

export interface KnownAction {
  readonly id: string;
  readonly approvalId: string | null;
  readonly investigationId: string | null;
}

export interface Candidate {
  readonly template: DecisionTemplate;
  /** The actions this request decided (KnownAction.id), in the order first seen. */
  readonly actionIds: readonly string[];
  /** ADDED: the Approval IDs of those actions (used by withAnswer to find per-action results keyed by them). */
  readonly approvalIds: readonly string[];
  readonly verdict: Verdict | null;
  readonly verdictValue: string | number | boolean;
}

export interface RenderInput {
  readonly actions: readonly KnownAction[];
  readonly verdict: Verdict;
  readonly comment: string;
}

/**
 * ADDED reasons: 'singleOnly' — the template carries ONE id (seen single) and more than one action was asked: send
 * one request per action (or ask the analyst); 'missingInvestigationId' — the template needs an investigation id
 * that an action does not have; 'noActions' — nothing to decide.
 */
export type RenderFailure =
  | 'noVerdictSpelling'
  | 'missingApprovalId'
  | 'mixedInvestigations'
  | 'unsafeValue'
  | 'singleOnly'
  | 'missingInvestigationId'
  | 'noActions';

export type Rendered =
  | {
      readonly ok: true;
      readonly method: TemplateMethod;
      readonly pathAndQuery: string;
      readonly body: string | null;
      readonly contentType: string | null;
      readonly headers: readonly (readonly [string, string])[];
    }
  | { readonly ok: false; readonly reason: RenderFailure };

export interface ReadAnswer {
  readonly actionId: string;
  readonly status: 'Approved' | 'Rejected' | 'AlreadyDecided' | 'NotFound' | 'Failed' | 'Unknown';
  readonly decidedBy: string | null;
  readonly message: string | null;
}

// --- Limits -------------------------------------------------------------------------------------------------------

/** Containers deep in an observed body; deeper is not a decision we learn. */
export const MAX_BODY_DEPTH = 8;
/** Values in an observed body; more is not a decision we learn. */
export const MAX_BODY_NODES = 2000;
const MAX_TUPLE = 32;
const MAX_KEY = 128;
const MAX_HEADERS = 16;
const MAX_QUERY = 32;
const MAX_ANSWER_TEXT = 1024 * 1024;
const MAX_RESULTS = 1000;
const MAX_TEXT = 1024;
export const MAX_HAR_TEXT = 20 * 1024 * 1024;
export const MAX_HAR_ENTRIES = 5000;


// --- Small helpers ------------------------------------------------------------------------------------------------

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A key of an object, exact first, else case-insensitively (the portal mixes PascalCase and camelCase). */
function getKey(obj: Readonly<Record<string, unknown>>, key: string): unknown {
  if (Object.hasOwn(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  const found = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : obj[found];
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

const otherVerdict = (verdict: Verdict): Verdict => (verdict === 'approve' ? 'reject' : 'approve');

/** Thrown inside the recogniser when the request cannot be a template; recognise() answers null. */
class NotLearnable extends Error {}

// --- Known actions ------------------------------------------------------------------------------------------------

interface IdHit {
  readonly kind: 'actionId' | 'approvalId';
  readonly actions: readonly KnownAction[];
}

class KnownIndex {
  readonly byId = new Map<string, KnownAction>();
  readonly byApproval = new Map<string, KnownAction[]>();
  /** Every id, Approval ID and investigation id we know: never kept as a constant. */
  readonly all = new Set<string>();

  constructor(known: readonly KnownAction[]) {
    for (const a of known) {
      if (a.id !== '') {
        this.byId.set(a.id, a);
        this.all.add(a.id);
      }
      if (a.approvalId) {
        const list = this.byApproval.get(a.approvalId) ?? [];
        list.push(a);
        this.byApproval.set(a.approvalId, list);
        this.all.add(a.approvalId);
      }
      if (a.investigationId) this.all.add(a.investigationId);
    }
  }

  /** An action id wins over an Approval ID with the same text. */
  hit(value: unknown): IdHit | null {
    let text: string;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) text = String(value);
    else return null;
    const action = this.byId.get(text);
    if (action) return { kind: 'actionId', actions: [action] };
    const approvals = this.byApproval.get(text);
    return approvals ? { kind: 'approvalId', actions: approvals } : null;
  }

  isKnownValue(value: string | number): boolean {
    return this.all.has(String(value));
  }
}

/** "a,b" / "a; b" / "a|b" of id-like parts, at least one known and all known of one kind: the separator and the hits. */
function joinedIds(text: string, index: KnownIndex): { sep: string; kind: IdHit['kind']; actions: KnownAction[] } | null {
  const m = /^[^,;|]+?(\s*[,;|]\s*)/.exec(text);
  const sep = m?.[1];
  if (sep === undefined) return null;
  const parts = text.split(sep);
  // Every part must look like an id: free text that happens to contain an id and a comma is not a list.
  if (parts.some((p) => !isSafeId(p))) return null;
  const hits = parts.map((p) => index.hit(p)).filter((h): h is IdHit => h !== null);
  const first = hits[0];
  if (!first || hits.some((h) => h.kind !== first.kind)) return null;
  return { sep, kind: first.kind, actions: hits.flatMap((h) => h.actions) };
}

// --- Parsing what was observed ------------------------------------------------------------------------------------

type ParsedBody = { kind: 'json'; value: Json } | { kind: 'form'; pairs: [string, string][] } | { kind: 'none' };

const FORM_TEXT = /^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/;

function parseBody(text: string | null, contentType: string | null): ParsedBody | null {
  if (text === null || text.trim() === '') return { kind: 'none' };
  const ct = (contentType ?? '').toLowerCase();
  const form = () => {
    const pairs = [...new URLSearchParams(text)];
    return pairs.length > 0 && pairs.length <= MAX_QUERY * 2 ? ({ kind: 'form', pairs } as const) : null;
  };
  if (ct.includes('application/x-www-form-urlencoded')) return form();
  if (ct !== '' && !ct.includes('json') && !ct.startsWith('text/plain')) return null;
  try {
    return { kind: 'json', value: JSON.parse(text) as Json };
  } catch {
    return ct === '' && FORM_TEXT.test(text.trim()) ? form() : null;
  }
}

// --- Pass 1: which known actions, which verdict --------------------------------------------------------------------

interface VerdictSpot {
  readonly where: string;
  readonly value: string | number | boolean;
  /** null for a number under a decision-like name: the value alone does not say. */
  readonly verdict: Verdict | null;
  /** 0 for a value that reads as a verdict; 1 + name rank for a number under a decision-like name. */
  readonly rank: number;
}

class Scan {
  readonly found = new Map<string, KnownAction>();
  readonly spots: VerdictSpot[] = [];
  private nodes = 0;

  constructor(private readonly index: KnownIndex) {}

  private addHit(hit: IdHit | null): boolean {
    if (!hit) return false;
    for (const a of hit.actions) this.found.set(a.id, a);
    return true;
  }

  /** A primitive at `where` under field `name`. `textOnly`: form, query and path values (always text). */
  primitive(value: string | number | boolean | null, name: string, where: string, textOnly = false): void {
    this.nodes += 1;
    if (this.nodes > MAX_BODY_NODES) throw new NotLearnable('too many values');
    if (value === null) return;
    if (typeof value !== 'boolean' && this.addHit(this.index.hit(value))) return;
    if (typeof value === 'string') {
      const joined = joinedIds(value, this.index);
      if (joined) {
        for (const a of joined.actions) this.found.set(a.id, a);
        return;
      }
    }
    if (COMMENT_NAME.test(name) || SECRET_FIELD.test(name)) return;
    if (typeof value === 'boolean') {
      const verdict = booleanVerdict(name, value);
      if (verdict) this.spots.push({ where, value, verdict, rank: 0 });
      return;
    }
    if (typeof value === 'string') {
      const verdict = textVerdict(value) ?? (textOnly ? booleanTextVerdict(name, value) : null);
      if (verdict) {
        this.spots.push({ where, value, verdict, rank: 0 });
        return;
      }
    }
    const weak = weakVerdictRank(name);
    const numeric = typeof value === 'number' ? Number.isInteger(value) && value >= 0 && value < 100 : textOnly && /^\d{1,2}$/.test(value);
    if (weak !== null && numeric) this.spots.push({ where, value, verdict: null, rank: 1 + weak });
  }

  json(value: Json, name: string, where: string, depth: number): void {
    if (value === null || typeof value !== 'object') return this.primitive(value, name, where);
    if (depth >= MAX_BODY_DEPTH) throw new NotLearnable('too deep');
    this.nodes += 1;
    if (Array.isArray(value)) {
      value.forEach((el, i) => this.json(el, name, `${where}[${i}]`, depth + 1));
      return;
    }
    for (const [key, el] of Object.entries(value)) {
      // A key that is data (an id-keyed map, an email, a GUID) cannot be a template's constant.
      if (key.length > MAX_KEY || isGuid(key) || key.includes('@') || this.index.hit(key) || this.index.isKnownValue(key)) {
        throw new NotLearnable('a key is data');
      }
      this.json(el, key, `${where}.${JSON.stringify(key)}`, depth + 1);
    }
  }

  /** The verdict spots that decide: every value reading as a verdict, else the best-named numbers. All must agree. */
  chosen(): VerdictSpot[] {
    const best = Math.min(...this.spots.map((s) => s.rank));
    const chosen = this.spots.filter((s) => s.rank === best);
    const first = chosen[0];
    if (!first) return [];
    if (chosen.some((s) => s.value !== first.value)) throw new NotLearnable('two different verdicts');
    return chosen;
  }
}

// --- Pass 2: the shape ---------------------------------------------------------------------------------------------

class Builder {
  readonly unknown: string[] = [];
  private readonly investigations = new Set<string>();

  constructor(
    private readonly index: KnownIndex,
    found: ReadonlyMap<string, KnownAction>,
    private readonly verdictAt: ReadonlySet<string>,
  ) {
    for (const a of found.values()) if (a.investigationId) this.investigations.add(a.investigationId);
  }

  private markUnknown(name: string, where: string): void {
    const label = name === '' ? where : name;
    if (!this.unknown.includes(label)) this.unknown.push(label);
  }

  primitive(value: string | number | boolean | null, name: string, where: string): Shape {
    if (this.verdictAt.has(where) && value !== null) return { t: 'ph', ph: 'verdict', as: typeof value === 'number' ? 'number' : 'string' };
    if (value === null || typeof value === 'boolean') {
      return value === null && COMMENT_NAME.test(name) ? { t: 'ph', ph: 'comment', as: 'string' } : { t: 'const', v: value };
    }
    const as = typeof value === 'number' ? 'number' : 'string';
    const hit = this.index.hit(value);
    if (hit) return { t: 'ph', ph: hit.kind, as };
    if (typeof value === 'string') {
      const joined = joinedIds(value, this.index);
      if (joined) return { t: 'joined', ph: joined.kind === 'actionId' ? 'actionIds' : 'approvalIds', sep: joined.sep };
    }
    if (this.investigations.has(String(value))) return { t: 'ph', ph: 'investigationId', as };
    if (typeof value === 'string' && COMMENT_NAME.test(name)) return { t: 'ph', ph: 'comment', as: 'string' };
    const constant =
      !SECRET_FIELD.test(name) &&
      !this.index.isKnownValue(value) &&
      (typeof value === 'number' ? isConstNumber(value) : isConstString(value));
    if (constant) return { t: 'const', v: value };
    this.markUnknown(name, where);
    return { t: 'const', v: typeof value === 'number' ? 0 : '' };
  }

  json(value: Json, name: string, where: string): Shape {
    if (value === null || typeof value !== 'object') return this.primitive(value, name, where);
    if (!Array.isArray(value)) {
      return { t: 'obj', fields: Object.entries(value).map(([k, el]) => [k, this.json(el, k, `${where}.${JSON.stringify(k)}`)] as const) };
    }
    return this.array(value, name, where);
  }

  private array(arr: readonly Json[], name: string, where: string): Shape {
    const isPrimitive = (x: Json) => x === null || typeof x !== 'object';
    if (arr.every(isPrimitive)) {
      const hits = arr.map((el) => this.index.hit(el));
      const firstAt = hits.findIndex((h) => h !== null);
      const first = hits[firstAt];
      if (first) {
        if (hits.some((h) => h !== null && h.kind !== first.kind)) throw new NotLearnable('action ids and Approval IDs in one list');
        // Ids that are not known (decided since, or not ours) are not kept: the list is the placeholder.
        return { t: 'list', ph: first.kind === 'actionId' ? 'actionIds' : 'approvalIds', as: typeof arr[firstAt] === 'number' ? 'number' : 'string' };
      }
    }
    if (arr.length > MAX_TUPLE) throw new NotLearnable('a long list that is not ids');
    const shapes = arr.map((el, i) => this.json(el, name, `${where}[${i}]`));
    const objects = arr.length > 0 && arr.every(isRecord);
    if (objects && shapes.some(hasSingleId)) {
      // One object per action: every item must have the same shape.
      const key = JSON.stringify(shapes[0]);
      if (!shapes.every((s) => JSON.stringify(s) === key) || !shapes[0]) throw new NotLearnable('items of different shapes');
      return { t: 'arr', item: shapes[0] };
    }
    if (shapes.filter(hasIds).length > 1) throw new NotLearnable('ids spread over several items');
    return { t: 'tuple', items: shapes };
  }
}

function walkShape(shape: Shape, visit: (s: Shape) => void): void {
  visit(shape);
  if (shape.t === 'obj') for (const [, s] of shape.fields) walkShape(s, visit);
  else if (shape.t === 'arr') walkShape(shape.item, visit);
  else if (shape.t === 'tuple') for (const s of shape.items) walkShape(s, visit);
}

function someShape(shape: Shape, test: (s: Shape) => boolean): boolean {
  let found = false;
  walkShape(shape, (s) => {
    found ||= test(s);
  });
  return found;
}

const isIdShape = (s: Shape) => (s.t === 'ph' && (s.ph === 'actionId' || s.ph === 'approvalId')) || s.t === 'list' || s.t === 'joined';
const hasSingleId = (shape: Shape) => someShape(shape, (s) => s.t === 'ph' && (s.ph === 'actionId' || s.ph === 'approvalId'));
const hasIds = (shape: Shape) => someShape(shape, isIdShape);

// --- recognise -----------------------------------------------------------------------------------------------------

function isTemplateMethod(m: string): m is TemplateMethod {
  return (TEMPLATE_METHODS as readonly string[]).includes(m);
}

/** Pure: a decision candidate, or null (GET, no known ids, no verdict, not under /apiproxy/, too big, malformed). */
export function recognise(req: ObservedRequest, known: readonly KnownAction[]): Candidate | null {
  const method = req.method.toUpperCase();
  if (!isTemplateMethod(method)) return null;
  if (req.bodyText !== null && req.bodyText.length > MAX_OBSERVED_BODY) return null;
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return null;
  }
  if (!url.pathname.startsWith('/apiproxy/')) return null;
  const body = parseBody(req.bodyText, req.contentType);
  if (!body) return null;
  try {
    return learn(method, url, body, req, new KnownIndex(known));
  } catch (e) {
    if (e instanceof NotLearnable) return null;
    throw e;
  }
}

function learn(method: TemplateMethod, url: URL, body: ParsedBody, req: ObservedRequest, index: KnownIndex): Candidate | null {
  const segments = url.pathname.split('/');
  if (segments.some((s, i) => s === '' && i > 0 && i < segments.length - 1)) return null; // "//"
  const decoded = segments.map((s) => safeDecode(s));
  if (decoded.some((s) => s === null)) return null;
  const query = [...url.searchParams];
  if (query.length > MAX_QUERY) return null;

  // Pass 1: which known actions the request names and which value is the verdict.
  const scan = new Scan(index);
  decoded.forEach((s, i) => {
    if (i > 1 && s) scan.primitive(s, '', `path/${i}`, true);
  });
  query.forEach(([k, val], i) => scan.primitive(val, k, `query/${i}`, true));
  if (body.kind === 'json') scan.json(body.value, '', '$', 0);
  else if (body.kind === 'form') body.pairs.forEach(([k, val], i) => scan.primitive(val, k, `form/${i}`, true));
  if (scan.found.size === 0) return null;
  const chosen = scan.chosen();
  const spot = chosen[0];
  if (!spot) return null;

  // Pass 2: the shape, with placeholders where the values were ids, the verdict or the comment.
  const build = new Builder(index, scan.found, new Set(chosen.map((s) => s.where)));
  const path = decoded
    .map((s, i) => {
      const raw = segments[i] ?? '';
      if (i <= 1 || s === '' || s === null) return raw;
      const shape = build.primitive(s, '', `path/${i}`);
      if (shape.t === 'ph' && shape.ph !== 'comment') return `{${shape.ph}}`;
      if (shape.t === 'const' && shape.v === s && PATH_SEGMENT.test(raw) && raw !== '.' && raw !== '..' && raw === s) return raw;
      throw new NotLearnable('data in the path');
    })
    .join('/');
  const queryShape = query.map(([k, val], i): [string, string] => {
    const shape = build.primitive(val, k, `query/${i}`);
    if (shape.t === 'const') return [k, String(shape.v)];
    if (shape.t === 'ph') return [k, `{${shape.ph}}`];
    if (shape.t === 'joined' && shape.sep === ',') return [k, `{${shape.ph}}`];
    throw new NotLearnable('a query value that cannot be a template');
  });
  let templateBody: TemplateBody;
  if (body.kind === 'json') templateBody = { kind: 'json', shape: build.json(body.value, '', '$') };
  else if (body.kind === 'form') templateBody = { kind: 'form', fields: formFields(body.pairs, build) };
  else templateBody = { kind: 'none' };

  const headers: [string, string][] = [];
  for (const [name, value] of req.headers) {
    const lower = name.toLowerCase();
    if (headers.length >= MAX_HEADERS || headers.some(([n]) => n.toLowerCase() === lower)) continue;
    if (isKeepableHeader(name, value) && !index.isKnownValue(value.trim())) headers.push([name, value.trim()]);
  }
  const seenType = req.contentType?.trim() ?? '';
  const found = [...scan.found.values()];
  const template: DecisionTemplate = {
    version: 1,
    method,
    path,
    query: queryShape,
    body: templateBody,
    verdicts: {},
    headers,
    answer: null,
    ...(build.unknown.length > 0 ? { unknownFields: build.unknown } : {}),
    ...(KNOWN_CONTENT_TYPE.test(seenType) && templateBody.kind !== 'none' ? { contentType: seenType } : {}),
    maxActionsSeen: found.length,
  };
  const candidate: Candidate = {
    template,
    actionIds: found.map((a) => a.id),
    approvalIds: [...new Set(found.map((a) => a.approvalId).filter((x): x is string => x !== null))],
    verdict: null,
    verdictValue: spot.value,
  };
  return spot.verdict === null ? candidate : withVerdict(candidate, spot.verdict);
}

/** Form fields; a name repeated with ids (`ActionIds=a&ActionIds=b`) is one list. */
function formFields(pairs: readonly [string, string][], build: Builder): [string, Shape][] {
  const fields: [string, Shape][] = [];
  pairs.forEach(([k, val], i) => {
    const shape = build.primitive(val, k, `form/${i}`);
    const prev = fields[fields.length - 1];
    if (prev && prev[0] === k && shape.t === 'ph' && (shape.ph === 'actionId' || shape.ph === 'approvalId')) {
      const listPh = shape.ph === 'actionId' ? 'actionIds' : 'approvalIds';
      const p = prev[1];
      if ((p.t === 'ph' && p.ph === shape.ph) || (p.t === 'list' && p.ph === listPh)) {
        prev[1] = { t: 'list', ph: listPh, as: 'string' };
        return;
      }
    }
    if (fields.some(([name]) => name === k)) throw new NotLearnable('a repeated form field that is not ids');
    fields.push([k, shape]);
  });
  return fields;
}

// --- Verdicts ------------------------------------------------------------------------------------------------------

/**
 * Fills the spelling of `verdict` with the seen value (derived: false) and derives the other where possible. A
 * candidate whose value already reads as the other verdict is returned unchanged (the value and the portal disagree).
 */
export function withVerdict(c: Candidate, verdict: Verdict): Candidate {
  if (c.verdict !== null && c.verdict !== verdict) return c;
  const other = otherVerdict(verdict);
  const known = c.template.verdicts[other];
  const derivedValue = deriveOther(c.verdictValue);
  const otherSpelling: VerdictSpelling | undefined =
    known && !known.derived ? known : derivedValue !== null ? { value: derivedValue, derived: true } : known;
  const seen: VerdictSpelling = { value: c.verdictValue, derived: false };
  const verdicts: DecisionTemplate['verdicts'] =
    verdict === 'approve'
      ? { approve: seen, ...(otherSpelling ? { reject: otherSpelling } : {}) }
      : { reject: seen, ...(otherSpelling ? { approve: otherSpelling } : {}) };
  return { ...c, verdict, template: { ...c.template, verdicts } };
}

/** ADDED: a derived spelling was used and the portal confirmed the decision: it is no longer derived. */
export function confirmVerdict(t: DecisionTemplate, verdict: Verdict): DecisionTemplate {
  const spelling = t.verdicts[verdict];
  if (!spelling?.derived) return t;
  const confirmed: VerdictSpelling = { value: spelling.value, derived: false };
  return { ...t, verdicts: verdict === 'approve' ? { ...t.verdicts, approve: confirmed } : { ...t.verdicts, reject: confirmed } };
}

const requestKey = (t: DecisionTemplate) => JSON.stringify([t.method, t.path, t.query, t.body, t.headers, t.contentType ?? null]);

/** ADDED: true when two templates send the same request (only the verdict spellings and the answer may differ). */
export function sameRequest(a: DecisionTemplate, b: DecisionTemplate): boolean {
  return requestKey(a) === requestKey(b);
}

/**
 * ADDED: what a second observation of the same request teaches the first (e.g. a numeric Verdict 2 seen after 1):
 * seen spellings replace derived ones; an answer shape is kept. null when the two are not the same request.
 */
export function mergeTemplates(learned: DecisionTemplate, seen: DecisionTemplate): DecisionTemplate | null {
  if (!sameRequest(learned, seen)) return null;
  const pick = (a?: VerdictSpelling, b?: VerdictSpelling) => (a && !a.derived ? a : b && !b.derived ? b : (a ?? b));
  const approve = pick(learned.verdicts.approve, seen.verdicts.approve);
  const reject = pick(learned.verdicts.reject, seen.verdicts.reject);
  return {
    ...learned,
    verdicts: { ...(approve ? { approve } : {}), ...(reject ? { reject } : {}) },
    answer: learned.answer ?? seen.answer,
    maxActionsSeen: Math.max(learned.maxActionsSeen ?? 1, seen.maxActionsSeen ?? 1),
  };
}

// --- Answers -------------------------------------------------------------------------------------------------------

const STATUS_KEY = /status|result|outcome|state|decision/i;
const DECIDED_BY_KEY = /(decided|approved|rejected|updated|modified)_?by/i;
const MESSAGE_KEY = /message|error|detail|reason/i;

/** Adds what a 2xx answer taught: per-action results shape (answer body text may be null / not JSON). */
export function withAnswer(c: Candidate, status: number, answerText: string | null): Candidate {
  if (status < 200 || status >= 300 || answerText === null || answerText.length > MAX_ANSWER_TEXT) return c;
  let body: unknown;
  try {
    body = JSON.parse(answerText);
  } catch {
    return c;
  }
  const answer = findResults(body, new Set(c.actionIds), new Set(c.approvalIds));
  return answer ? { ...c, template: { ...c.template, answer } } : c;
}

/** Breadth first, a few levels down: the first array of objects that carry one of the sent ids. */
function findResults(root: unknown, actionIds: ReadonlySet<string>, approvalIds: ReadonlySet<string>): AnswerShape | null {
  const queue: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  let visited = 0;
  for (let next = queue.shift(); next !== undefined && visited < 200; next = queue.shift()) {
    visited += 1;
    const { value, path } = next;
    if (Array.isArray(value)) {
      const shape = resultsShape(value, actionIds, approvalIds);
      if (shape) return { resultsPath: path, ...shape };
    } else if (isRecord(value) && path.length < 4) {
      for (const [k, el] of Object.entries(value)) if (typeof el === 'object' && el !== null) queue.push({ value: el, path: [...path, k] });
    }
  }
  return null;
}

function resultsShape(items: readonly unknown[], actionIds: ReadonlySet<string>, approvalIds: ReadonlySet<string>): Omit<AnswerShape, 'resultsPath'> | null {
  for (const item of items.slice(0, 50)) {
    if (!isRecord(item)) continue;
    const entries = Object.entries(item);
    const text = (x: unknown) => (typeof x === 'string' || typeof x === 'number' ? String(x) : null);
    let idKey = entries.find(([, x]) => actionIds.has(text(x) ?? '\u0000'))?.[0];
    let idKind: AnswerShape['idKind'] = 'actionId';
    if (idKey === undefined) {
      idKey = entries.find(([, x]) => approvalIds.has(text(x) ?? '\u0000'))?.[0];
      idKind = 'approvalId';
    }
    if (idKey === undefined) continue;
    const keyOf = (re: RegExp) => entries.find(([k, x]) => k !== idKey && re.test(k) && typeof x === 'string')?.[0] ?? null;
    return { idKey, idKind, statusKey: keyOf(STATUS_KEY), decidedByKey: keyOf(DECIDED_BY_KEY), messageKey: keyOf(MESSAGE_KEY) };
  }
  return null;
}

function statusOf(raw: unknown, verdict: Verdict): ReadAnswer['status'] {
  if (typeof raw !== 'string') return 'Unknown';
  const word = raw.toLowerCase().replace(/[^a-z]/g, '');
  switch (word) {
    case 'approved':
      return 'Approved';
    case 'rejected':
      return 'Rejected';
    case 'alreadydecided':
      return 'AlreadyDecided';
    case 'notfound':
      return 'NotFound';
    case 'failed':
      return 'Failed';
    case 'success':
    case 'succeeded':
    case 'ok':
      return verdict === 'approve' ? 'Approved' : 'Rejected';
    default:
      return 'Unknown';
  }
}

function textOrNull(x: unknown): string | null {
  if (typeof x !== 'string' || x.trim() === '') return null;
  return x.length <= MAX_TEXT ? x : `${x.slice(0, MAX_TEXT - 1)}…`;
}

/** Per-action results of a 2xx answer, per template.answer; null when there is no answer shape or the answer does not fit. */
export function readDecisionAnswer(t: DecisionTemplate, answerBody: unknown, sent: RenderInput): readonly ReadAnswer[] | null {
  const shape = t.answer;
  if (!shape) return null;
  let results: unknown = answerBody;
  for (const key of shape.resultsPath) {
    if (!isRecord(results)) return null;
    results = getKey(results, key);
  }
  if (!Array.isArray(results)) return null;
  const byId = new Map<string, KnownAction[]>();
  for (const a of sent.actions) {
    const id = shape.idKind === 'actionId' ? a.id : a.approvalId;
    if (id !== null) byId.set(id, [...(byId.get(id) ?? []), a]);
  }
  const out: ReadAnswer[] = [];
  for (const item of results.slice(0, MAX_RESULTS)) {
    if (!isRecord(item)) return null;
    const id = getKey(item, shape.idKey);
    if (typeof id !== 'string' && typeof id !== 'number') return null;
    const status = statusOf(shape.statusKey === null ? undefined : getKey(item, shape.statusKey), sent.verdict);
    const decidedBy = shape.decidedByKey ? textOrNull(getKey(item, shape.decidedByKey)) : null;
    const message = shape.messageKey ? textOrNull(getKey(item, shape.messageKey)) : null;
    for (const a of byId.get(String(id)) ?? []) out.push({ actionId: a.id, status, decidedBy, message });
  }
  return out;
}

// --- Rendering -----------------------------------------------------------------------------------------------------

class RenderFail extends Error {
  constructor(readonly reason: RenderFailure) {
    super(reason);
  }
}

const NUMERIC_ID = /^\d{1,15}$/;

class Renderer {
  constructor(
    private readonly verdictValue: string | number | boolean,
    private readonly comment: string,
  ) {}

  private static safe(id: string): string {
    if (!isSafeId(id)) throw new RenderFail('unsafeValue');
    return id;
  }

  static actionIds(actions: readonly KnownAction[]): string[] {
    return actions.map((a) => Renderer.safe(a.id));
  }

  static approvalIds(actions: readonly KnownAction[]): string[] {
    const ids = actions.map((a) => {
      if (a.approvalId === null) throw new RenderFail('missingApprovalId');
      return Renderer.safe(a.approvalId);
    });
    return [...new Set(ids)];
  }

  /** The value of a placeholder for these actions, as text (ids and investigation ids are checked). */
  ids(ph: 'actionIds' | 'approvalIds', actions: readonly KnownAction[]): string[] {
    return ph === 'actionIds' ? Renderer.actionIds(actions) : Renderer.approvalIds(actions);
  }

  single(ph: Placeholder, actions: readonly KnownAction[]): string | number | boolean {
    switch (ph) {
      case 'verdict':
        return this.verdictValue;
      case 'comment':
        return this.comment;
      case 'actionId':
      case 'approvalId': {
        const ids = this.ids(ph === 'actionId' ? 'actionIds' : 'approvalIds', actions);
        if (ids.length !== 1 || ids[0] === undefined) throw new RenderFail('singleOnly');
        return ids[0];
      }
      case 'investigationId': {
        const ids = new Set(actions.map((a) => a.investigationId));
        if (ids.has(null)) throw new RenderFail('missingInvestigationId');
        const [only] = [...ids];
        if (ids.size !== 1 || !only) throw new RenderFail('mixedInvestigations');
        return Renderer.safe(only);
      }
      case 'actionIds':
      case 'approvalIds':
        return this.ids(ph, actions).join(',');
    }
  }

  private static typed(value: string | number | boolean, as: 'string' | 'number'): string | number | boolean {
    if (as === 'string' || typeof value !== 'string') return value;
    if (!NUMERIC_ID.test(value)) throw new RenderFail('unsafeValue');
    return Number(value);
  }

  /** The units an `arr` repeats over: one per action, or one per Approval ID when the item carries only that. */
  private static units(item: Shape, actions: readonly KnownAction[]): KnownAction[][] {
    const usesActionId = someShape(item, (s) => s.t === 'ph' && s.ph === 'actionId');
    const usesApprovalId = someShape(item, (s) => s.t === 'ph' && s.ph === 'approvalId');
    if (usesActionId || !usesApprovalId) return actions.map((a) => [a]);
    const groups = new Map<string, KnownAction[]>();
    for (const a of actions) {
      if (a.approvalId === null) throw new RenderFail('missingApprovalId');
      groups.set(a.approvalId, [...(groups.get(a.approvalId) ?? []), a]);
    }
    return [...groups.values()];
  }

  /** JSON text of a shape (written directly: no object is built, so no key can reach a prototype). */
  json(shape: Shape, actions: readonly KnownAction[]): string {
    switch (shape.t) {
      case 'const':
        return JSON.stringify(shape.v);
      case 'ph':
        return JSON.stringify(shape.ph === 'verdict' ? this.verdictValue : Renderer.typed(this.single(shape.ph, actions), shape.as));
      case 'list':
        return `[${this.ids(shape.ph, actions)
          .map((id) => JSON.stringify(Renderer.typed(id, shape.as)))
          .join(',')}]`;
      case 'joined':
        return JSON.stringify(this.ids(shape.ph, actions).join(shape.sep));
      case 'obj':
        return `{${shape.fields.map(([k, s]) => `${JSON.stringify(k)}:${this.json(s, actions)}`).join(',')}}`;
      case 'arr':
        return `[${Renderer.units(shape.item, actions)
          .map((unit) => this.json(shape.item, unit))
          .join(',')}]`;
      case 'tuple':
        return `[${shape.items.map((s) => this.json(s, actions)).join(',')}]`;
    }
  }

  /** Values of one form field (a list repeats the name). */
  form(shape: Shape, actions: readonly KnownAction[]): string[] {
    switch (shape.t) {
      case 'const':
        return [shape.v === null ? '' : String(shape.v)];
      case 'ph':
        return [String(this.single(shape.ph, actions))];
      case 'list':
        return this.ids(shape.ph, actions);
      case 'joined':
        return [this.ids(shape.ph, actions).join(shape.sep)];
      default:
        throw new RenderFail('unsafeValue');
    }
  }

  /** A path segment or query value: a whole "{placeholder}" is replaced, anything else is a constant. */
  text(value: string, actions: readonly KnownAction[]): string {
    const m = /^\{(\w+)\}$/.exec(value);
    const ph = m?.[1];
    if (ph === undefined) return value;
    if (!(PLACEHOLDERS as readonly string[]).includes(ph)) throw new RenderFail('unsafeValue');
    return String(this.single(ph as Placeholder, actions));
  }
}

/** Renders a request for these actions. Ids are validated (isSafeId) and percent-encoded in the path and query. */
export function renderDecision(t: DecisionTemplate, input: RenderInput): Rendered {
  const spelling = t.verdicts[input.verdict];
  if (!spelling) return { ok: false, reason: 'noVerdictSpelling' };
  if (input.actions.length === 0) return { ok: false, reason: 'noActions' };
  const r = new Renderer(spelling.value, input.comment);
  const actions = input.actions;
  try {
    const path = t.path
      .split('/')
      .map((seg) => (seg.startsWith('{') ? encodeURIComponent(r.text(seg, actions)) : seg))
      .join('/');
    const query = t.query.map(([k, val]) => `${encodeURIComponent(k)}=${encodeURIComponent(r.text(val, actions))}`).join('&');
    let body: string | null = null;
    let contentType: string | null = null;
    if (t.body.kind === 'json') {
      body = r.json(t.body.shape, actions);
      contentType = t.contentType ?? 'application/json';
    } else if (t.body.kind === 'form') {
      const params = new URLSearchParams();
      for (const [name, shape] of t.body.fields) for (const value of r.form(shape, actions)) params.append(name, value);
      body = params.toString();
      contentType = t.contentType ?? 'application/x-www-form-urlencoded';
    }
    return {
      ok: true,
      method: t.method,
      pathAndQuery: query === '' ? path : `${path}?${query}`,
      body,
      contentType,
      headers: t.headers.filter(([name, value]) => isKeepableHeader(name, value)),
    };
  } catch (e) {
    if (e instanceof RenderFail) return { ok: false, reason: e.reason };
    throw e;
  }
}

// --- Describing ----------------------------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function describeShape(shape: Shape, depth = 0): string {
  if (depth > 12) return '…';
  switch (shape.t) {
    case 'const':
      return JSON.stringify(shape.v);
    case 'ph':
      return `{${shape.ph}}`;
    case 'list':
      return `[{${shape.ph}}]`;
    case 'joined':
      return `"{${shape.ph} joined by ${JSON.stringify(shape.sep)}}"`;
    case 'obj':
      return shape.fields.length === 0
        ? '{}'
        : `{ ${shape.fields.map(([k, s]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${describeShape(s, depth + 1)}`).join(', ')} }`;
    case 'arr':
      return `[ ${describeShape(shape.item, depth + 1)} … one per action ]`;
    case 'tuple':
      return `[${shape.items.map((s) => describeShape(s, depth + 1)).join(', ')}]`;
  }
}

function describeSpelling(s: VerdictSpelling | undefined): string {
  if (!s) return 'not known yet';
  return `${JSON.stringify(s.value)}${s.derived ? ' (derived, not confirmed)' : ''}`;
}

/** Plain words for the options page. Never a value that was data (templates hold none). */
export function describeTemplate(t: DecisionTemplate): { readonly request: string; readonly body: string; readonly verdicts: string } {
  const query = t.query.length === 0 ? '' : `?${t.query.map(([k, val]) => `${k}=${val}`).join('&')}`;
  const headers = t.headers.length === 0 ? '' : ` (headers: ${t.headers.map(([n]) => n).join(', ')})`;
  let body: string;
  if (t.body.kind === 'json') body = describeShape(t.body.shape);
  else if (t.body.kind === 'form') body = `form ${t.body.fields.map(([k, s]) => `${k}=${describeShape(s)}`).join('&')}`;
  else body = 'no body';
  return {
    request: `${t.method} ${t.path}${query}${headers}`,
    body,
    verdicts: `approve: ${describeSpelling(t.verdicts.approve)}; reject: ${describeSpelling(t.verdicts.reject)}`,
  };
}

// --- The built-in guess --------------------------------------------------------------------------------------------

const [BUILT_IN_PATH = DECISION_PATH, BUILT_IN_QUERY = ''] = DECISION_PATH.split('?');

/**
 * The built-in guess of PORTAL.md "Decisions" as a template: exactly what contract.ts's DECISION_PATH, decisionBody
 * and parseDecisionAnswer describe (POST …/pending-actions/decision?useMtpApi=true, {ActionIds, Decision, Comment},
 * answer Results[].ActionId/Status).
 */
export const BUILT_IN_TEMPLATE: DecisionTemplate = {
  version: 1,
  method: 'POST',
  path: BUILT_IN_PATH,
  query: [...new URLSearchParams(BUILT_IN_QUERY)],
  body: {
    kind: 'json',
    shape: {
      t: 'obj',
      fields: [
        ['ActionIds', { t: 'list', ph: 'actionIds', as: 'string' }],
        ['Decision', { t: 'ph', ph: 'verdict', as: 'string' }],
        ['Comment', { t: 'ph', ph: 'comment', as: 'string' }],
      ],
    },
  },
  verdicts: { approve: { value: 'Approve', derived: false }, reject: { value: 'Reject', derived: false } },
  headers: [],
  answer: { resultsPath: ['Results'], idKey: 'ActionId', idKind: 'actionId', statusKey: 'Status', decidedByKey: 'DecidedBy', messageKey: 'Message' },
};

// --- HAR import ----------------------------------------------------------------------------------------------------

const NameValue = v.object({ name: v.string(), value: v.string() });
const HarEntry = v.object({
  request: v.object({
    method: v.string(),
    url: v.string(),
    headers: v.optional(v.array(NameValue), []),
    postData: v.optional(
      v.object({
        mimeType: v.optional(v.string()),
        text: v.optional(v.string()),
        params: v.optional(v.array(v.object({ name: v.string(), value: v.optional(v.string(), '') }))),
      }),
    ),
  }),
  response: v.object({
    status: v.number(),
    content: v.optional(v.object({ text: v.optional(v.string()), encoding: v.optional(v.string()) })),
  }),
});
const Har = v.object({ log: v.object({ entries: v.array(v.unknown()) }) });

function decodeContent(text: string | undefined, encoding: string | undefined): string | null {
  if (text === undefined) return null;
  if (encoding?.toLowerCase() !== 'base64') return text;
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0)));
  } catch {
    return null;
  }
}

/**
 * HAR import: every decision candidate in a HAR (JSON text of a DevTools "Save all as HAR"). Only the recogniser's
 * output leaves this function: no cookie, header value or body value that is not a template constant.
 */
export function candidatesFromHar(
  harText: string,
  known: readonly KnownAction[],
): { ok: true; value: readonly Candidate[] } | { ok: false; problem: string } {
  if (harText.length > MAX_HAR_TEXT) {
    return { ok: false, problem: t('background.harTooLarge', [formatNumber(MAX_HAR_TEXT / 1024 / 1024)]) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(harText);
  } catch {
    return { ok: false, problem: t('background.harNotJson') };
  }
  const har = v.safeParse(Har, raw);
  if (!har.success) return { ok: false, problem: t('background.harNoEntries') };
  const out: Candidate[] = [];
  for (const rawEntry of har.output.log.entries.slice(0, MAX_HAR_ENTRIES)) {
    const parsed = v.safeParse(HarEntry, rawEntry);
    if (!parsed.success) continue;
    const { request, response } = parsed.output;
    if (response.status < 200 || response.status >= 300 || !isTemplateMethod(request.method.toUpperCase())) continue;
    const post = request.postData;
    const headerType = request.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? null;
    let bodyText = post?.text ?? null;
    if (bodyText === null && post?.params) bodyText = new URLSearchParams(post.params.map((p) => [p.name, p.value])).toString();
    const candidate = recognise(
      {
        method: request.method,
        url: request.url,
        contentType: headerType ?? post?.mimeType ?? null,
        bodyText,
        headers: request.headers.map((h) => [h.name, h.value] as const),
      },
      known,
    );
    if (candidate) out.push(withAnswer(candidate, response.status, decodeContent(response.content?.text, response.content?.encoding)));
  }
  return { ok: true, value: out };
}
