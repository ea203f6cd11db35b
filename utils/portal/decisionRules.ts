/**
 * The small rules shared by the decision recogniser (decisionTemplate.ts) and the template schema
 * (decisionTemplateSchema.ts): which headers may be kept, which values are constants rather than data, how a verdict
 * is spelt. Pure; no browser APIs.
 */
import type { Verdict } from '../actions/model';

export const TEMPLATE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const PLACEHOLDERS = ['actionIds', 'approvalIds', 'actionId', 'approvalId', 'investigationId', 'verdict', 'comment'] as const;
/** Content types a template may name (what the portal was seen sending); anything else is not kept. */
export const KNOWN_CONTENT_TYPE = /^(application\/json|text\/plain|application\/x-www-form-urlencoded)(;\s*charset=utf-8)?$/i;
/** A constant path segment of a template. */
export const PATH_SEGMENT = /^[A-Za-z0-9_.~-]{1,64}$/;

// --- Headers -------------------------------------------------------------------------------------------

/** RFC 9110 token: what a header name may be. */
export const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/** Headers the browser or the HTTP stack sets by itself: replaying them is meaningless or refused by fetch. */
const STANDARD_HEADERS = new Set([
  'accept', 'content-type', 'content-length', 'content-encoding', 'content-language', 'content-location', 'content-range',
  'user-agent', 'origin', 'referer', 'host', 'connection', 'keep-alive', 'cache-control', 'pragma', 'expires', 'te',
  'trailer', 'transfer-encoding', 'upgrade', 'via', 'expect', 'dnt', 'priority', 'range', 'date', 'forwarded', 'purpose',
  'save-data', 'device-memory', 'viewport-width', 'width', 'dpr', 'rtt', 'downlink', 'ect', 'upgrade-insecure-requests',
  'x-requested-with', 'traceparent', 'tracestate', 'baggage', 'request-id', 'x-request-id', 'client-request-id',
  'x-correlation-id', 'x-ms-correlation-id', 'x-ms-client-request-id', 'x-ms-request-id', 'link', 'location', 'service-worker',
  'timing-allow-origin', 'alt-used', 'early-data', 'max-forwards', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto',
]);
const STANDARD_PREFIXES = ['sec-', 'accept-', 'content-', 'if-', 'proxy-', 'access-control-', 'x-forwarded-', ':'];
/** A name that says it carries a credential, a session or a per-request id (replaying those is wrong or dangerous). */
const SECRET_NAME = /token|auth|cookie|session|secret|key|signature|password|passwd|csrf|xsrf|credential|bearer|correlation|request-?id|trace/i;
/** A JWT, a bearer, or a long opaque blob. GUIDs (36 chars with hyphens) stay below the blob length. */
const CREDENTIAL_VALUE = /^(eyJ|bearer\s|basic\s|negotiate\s)|[A-Za-z0-9+/_=-]{40,}/i;
const PRINTABLE = /^[\x20-\x7e]*$/;
export const MAX_HEADER_VALUE = 200;

/**
 * true = the header may be kept in a template, name and value: a non-standard, non-secret header with a short,
 * printable constant value (e.g. `x-tid: <tenant GUID>`, `x-clientpage: actioncenter`).
 */
export function isKeepableHeader(name: string, value: string): boolean {
  if (!HEADER_NAME.test(name)) return false;
  const lower = name.toLowerCase();
  if (STANDARD_HEADERS.has(lower) || STANDARD_PREFIXES.some((p) => lower.startsWith(p))) return false;
  if (SECRET_NAME.test(lower)) return false;
  const v = value.trim();
  if (v === '' || v.length > MAX_HEADER_VALUE || !PRINTABLE.test(v)) return false;
  return !CREDENTIAL_VALUE.test(v);
}

// --- Values ---------------------------------------------------------------------------------------------

const GUID = /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i;
export const isGuid = (s: string): boolean => GUID.test(s.trim());

/** Enum-like text: a type tag, a source name, "true". No spaces, no @, no slashes, at most 32 characters. */
const ENUM_LIKE = /^[A-Za-z0-9_.-]{0,32}$/;

/**
 * Constant-looking text that is nevertheless data: numbers of 4+ digits (ids), hex or letter+digit blobs of 16+
 * characters (hashes, tokens).
 */
function looksLikeData(s: string): boolean {
  if (/^\d{4,}$/.test(s)) return true;
  if (/^[0-9a-f]{16,}$/i.test(s)) return true;
  return s.length >= 16 && /\d/.test(s) && /[A-Za-z]/.test(s);
}

/** A string that may be kept as a constant of a template (it is not data). */
export function isConstString(s: string): boolean {
  return ENUM_LIKE.test(s) && !isGuid(s) && !looksLikeData(s);
}

/** A number that may be kept as a constant (a flag, a page size, an enum), not an id. */
export function isConstNumber(n: number): boolean {
  return Number.isFinite(n) && Math.abs(n) < 1000;
}

/** A field name that says the value is free text from the analyst. */
export const COMMENT_NAME = /comment|reason|justification|note|remark|description/i;
/** A field name that says its value must never be kept even when short (a token in the body). */
export const SECRET_FIELD = /token|secret|password|passwd|csrf|xsrf|session|signature|auth|credential|apikey|api_key/i;
/** A field name under which a number can be the verdict (verdict: null until the portal's decision shows which). */
export const WEAK_VERDICT_NAMES: readonly RegExp[] = [/verdict/i, /decision/i, /approval/i, /action/i, /status/i];

/** Rank of a field name for a numeric verdict (lower is better), or null when the name says nothing. */
export function weakVerdictRank(name: string): number | null {
  if (/ids?$/i.test(name)) return null; // "ActionId", "ApprovalIds": ids, never a verdict
  const rank = WEAK_VERDICT_NAMES.findIndex((re) => re.test(name));
  return rank < 0 ? null : rank;
}

const APPROVE_NAME = /approv|accept/i;
const REJECT_NAME = /reject|declin|deny/i;

/** A boolean under a field named approve/reject: which verdict it says, or null when the name is not one of those. */
export function booleanVerdict(name: string, value: boolean): Verdict | null {
  const approve = APPROVE_NAME.test(name);
  const reject = REJECT_NAME.test(name);
  if (approve === reject) return null;
  return approve === value ? 'approve' : 'reject';
}

/** "true"/"false" text (a form body) under an approve/reject field. */
export function booleanTextVerdict(name: string, value: string): Verdict | null {
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') return null;
  return booleanVerdict(name, lower === 'true');
}

// --- Verdict spellings ----------------------------------------------------------------------------------

/** Words that read as a verdict, and their counterpart. */
const VERDICT_WORDS: Readonly<Record<string, { verdict: Verdict; other: string }>> = {
  approve: { verdict: 'approve', other: 'reject' },
  approved: { verdict: 'approve', other: 'rejected' },
  accept: { verdict: 'approve', other: 'decline' },
  accepted: { verdict: 'approve', other: 'declined' },
  reject: { verdict: 'reject', other: 'approve' },
  rejected: { verdict: 'reject', other: 'approved' },
  decline: { verdict: 'reject', other: 'accept' },
  declined: { verdict: 'reject', other: 'accepted' },
};

/** The verdict a text reads as (any case), or null. */
export function textVerdict(text: string): Verdict | null {
  const word = text.trim().toLowerCase();
  return Object.hasOwn(VERDICT_WORDS, word) ? (VERDICT_WORDS[word]?.verdict ?? null) : null;
}

/**
 * The other verdict's spelling in the same case style (APPROVE↔REJECT, Approve↔Reject, approve↔reject,
 * Approved↔Rejected, Accept↔Decline, true↔false, boolean flip); null when it cannot be derived (numbers, odd casing).
 */
export function deriveOther(value: string | number | boolean): string | boolean | null {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return null;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') {
    const other = lower === 'true' ? 'false' : 'true';
    return applyCase(value, other);
  }
  const entry = Object.hasOwn(VERDICT_WORDS, lower) ? VERDICT_WORDS[lower] : undefined;
  return entry ? applyCase(value, entry.other) : null;
}

function applyCase(model: string, word: string): string | null {
  if (model === model.toLowerCase()) return word;
  if (model === model.toUpperCase()) return word.toUpperCase();
  const capitalised = model[0] + model.slice(1).toLowerCase();
  if (model === capitalised) return word.charAt(0).toUpperCase() + word.slice(1);
  return null;
}
