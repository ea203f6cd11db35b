/**
 * Run-time validation of a decision template that comes from storage, a HAR import or an organisation policy.
 * Strict: unknown keys, odd paths, secret headers and bodies that could not decide anything are refused, and the
 * problem names the field ("body.shape.fields[2][1].ph …").
 */
import * as v from 'valibot';
import type { DecisionTemplate, Shape } from './decisionTemplate';
import { HEADER_NAME, KNOWN_CONTENT_TYPE, PATH_SEGMENT, PLACEHOLDERS, TEMPLATE_METHODS, isKeepableHeader } from './decisionRules';

const MAX_DEPTH = 10;
const MAX_NODES = 1000;
const MAX_CONST = 256;

const Key = v.pipe(v.string('should be text'), v.minLength(1, 'is empty'), v.maxLength(128, 'is too long'));
const ConstValue = v.union(
  [v.pipe(v.string(), v.maxLength(MAX_CONST, 'is too long')), v.pipe(v.number(), v.finite()), v.boolean(), v.null()],
  'should be text, a number, true/false or null',
);
const As = v.picklist(['string', 'number'], 'should be "string" or "number"');
const IdsPh = v.picklist(['actionIds', 'approvalIds'], 'should be "actionIds" or "approvalIds"');

const ShapeSchema: v.GenericSchema<Shape> = v.lazy(() =>
  v.variant(
    't',
    [
      v.strictObject({ t: v.literal('const'), v: ConstValue }),
      v.strictObject({ t: v.literal('ph'), ph: v.picklist(PLACEHOLDERS, `should be one of ${PLACEHOLDERS.join(', ')}`), as: As }),
      v.strictObject({ t: v.literal('list'), ph: IdsPh, as: As }),
      v.strictObject({ t: v.literal('joined'), ph: IdsPh, sep: v.picklist([',', ';', '|', ', ', '; ', ' | '], 'should be a separator , ; or |') }),
      v.strictObject({ t: v.literal('obj'), fields: v.pipe(v.array(v.strictTuple([Key, ShapeSchema])), v.maxLength(64, 'has too many fields')) }),
      v.strictObject({ t: v.literal('arr'), item: ShapeSchema }),
      v.strictObject({ t: v.literal('tuple'), items: v.pipe(v.array(ShapeSchema), v.maxLength(32, 'has too many items')) }),
    ],
    'should be a shape (t: const, ph, list, joined, obj, arr or tuple)',
  ),
);

const Spelling = v.strictObject({
  value: v.union(
    [v.pipe(v.string(), v.minLength(1, 'is empty'), v.maxLength(64, 'is too long'), v.regex(/^[\x20-\x7e]+$/, 'should be plain text')), v.pipe(v.number(), v.finite()), v.boolean()],
    'should be text, a number or true/false',
  ),
  derived: v.boolean('should be true or false'),
});

const QUERY_NAME = /^[A-Za-z0-9_.~-]{1,64}$/;
const PH_TEXT = /^\{(\w+)\}$/;
const PATH_PLACEHOLDERS = ['actionId', 'approvalId', 'investigationId', 'verdict'];

const TemplateSchema = v.strictObject({
  version: v.literal(1, 'should be 1'),
  method: v.picklist(TEMPLATE_METHODS, `should be one of ${TEMPLATE_METHODS.join(', ')}`),
  path: v.pipe(
    v.string('should be text'),
    v.maxLength(512, 'is too long'),
    v.startsWith('/apiproxy/', 'must start with /apiproxy/'),
    v.check((p) => !p.includes('..') && !p.includes('//') && !p.includes('?') && !p.includes('#'), 'must not contain .. // ? or #'),
    v.check(
      (p) =>
        p
          .split('/')
          .slice(1)
          .every((seg, i, all) => {
            if (seg === '') return i === all.length - 1;
            const ph = PH_TEXT.exec(seg)?.[1];
            return ph !== undefined ? PATH_PLACEHOLDERS.includes(ph) : PATH_SEGMENT.test(seg);
          }),
      `has a segment that is neither plain (letters, digits, _ . ~ -) nor one of {${PATH_PLACEHOLDERS.join('}, {')}}`,
    ),
  ),
  query: v.pipe(
    v.array(
      v.strictTuple([
        v.pipe(v.string(), v.regex(QUERY_NAME, 'should be a plain name')),
        v.pipe(
          v.string('should be text'),
          v.maxLength(MAX_CONST, 'is too long'),
          v.check((val) => {
            const ph = PH_TEXT.exec(val)?.[1];
            return ph !== undefined ? (PLACEHOLDERS as readonly string[]).includes(ph) : !/[{}]/.test(val);
          }, 'should be a constant or a known {placeholder}'),
        ),
      ]),
    ),
    v.maxLength(32, 'has too many parameters'),
  ),
  body: v.variant(
    'kind',
    [
      v.strictObject({ kind: v.literal('json'), shape: ShapeSchema }),
      v.strictObject({ kind: v.literal('form'), fields: v.pipe(v.array(v.strictTuple([Key, ShapeSchema])), v.maxLength(64, 'has too many fields')) }),
      v.strictObject({ kind: v.literal('none') }),
    ],
    'should be a body (kind: json, form or none)',
  ),
  verdicts: v.strictObject({ approve: v.optional(Spelling), reject: v.optional(Spelling) }),
  headers: v.pipe(
    v.array(
      v.pipe(
        v.strictTuple([v.pipe(v.string(), v.regex(HEADER_NAME, 'should be a header name')), v.string()]),
        v.check(([name, value]) => isKeepableHeader(name, value), 'is a standard or secret header, or its value looks like a credential'),
      ),
    ),
    v.maxLength(16, 'has too many headers'),
  ),
  answer: v.nullable(
    v.strictObject({
      resultsPath: v.pipe(v.array(Key), v.maxLength(6, 'is too deep')),
      idKey: Key,
      idKind: v.picklist(['actionId', 'approvalId'], 'should be "actionId" or "approvalId"'),
      statusKey: v.nullable(Key),
      decidedByKey: v.optional(v.nullable(Key)),
      messageKey: v.optional(v.nullable(Key)),
    }),
  ),
  unknownFields: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(256, 'is too long'))), v.maxLength(64, 'has too many names'))),
  contentType: v.optional(v.pipe(v.string(), v.regex(KNOWN_CONTENT_TYPE, 'should be application/json, text/plain or application/x-www-form-urlencoded'))),
  maxActionsSeen: v.optional(v.pipe(v.number(), v.integer('should be a whole number'), v.minValue(1, 'should be at least 1'), v.maxValue(1000, 'is too large'))),
});

/** Containers deeper than `max` (checked before valibot so a hostile nesting cannot exhaust the stack). */
function tooDeep(x: unknown, max: number): boolean {
  if (max < 0) return true;
  if (typeof x !== 'object' || x === null) return false;
  const children = Array.isArray(x) ? x : Object.values(x);
  return children.some((c) => tooDeep(c, max - 1));
}

function where(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const step of issue.path ?? []) {
    const key: unknown = step.key;
    path += typeof key === 'number' ? `[${key}]` : `${path ? '.' : ''}${String(key)}`;
  }
  return path || 'template';
}

interface ShapeStats {
  nodes: number;
  depth: number;
  ids: boolean;
  verdict: boolean;
  problem: string | null;
}

function inspect(shape: Shape, at: string, depth: number, stats: ShapeStats, inForm: boolean): void {
  stats.nodes += 1;
  stats.depth = Math.max(stats.depth, depth);
  if (stats.problem !== null) return;
  switch (shape.t) {
    case 'const':
      return;
    case 'ph':
      if (shape.ph === 'verdict') stats.verdict = true;
      else if (shape.ph === 'comment' && shape.as !== 'string') stats.problem = `${at}.as should be "string" for a comment`;
      else if (shape.ph !== 'investigationId') stats.ids = true;
      return;
    case 'list':
    case 'joined':
      stats.ids = true;
      return;
    default:
      if (inForm) {
        stats.problem = `${at} should be a constant, a placeholder, a list or joined ids in a form body`;
        return;
      }
  }
  if (shape.t === 'obj') {
    const names = new Set<string>();
    shape.fields.forEach(([k, s], i) => {
      if (names.has(k)) stats.problem ??= `${at}.fields[${i}] repeats the field name ${JSON.stringify(k)}`;
      names.add(k);
      inspect(s, `${at}.fields[${i}][1]`, depth + 1, stats, false);
    });
  } else if (shape.t === 'arr') {
    inspect(shape.item, `${at}.item`, depth + 1, stats, false);
  } else if (shape.t === 'tuple') {
    shape.items.forEach((s, i) => inspect(s, `${at}.items[${i}]`, depth + 1, stats, false));
  }
}

/** Run-time validation of a stored / imported / policy-provided template (valibot). */
export function parseTemplate(raw: unknown): { ok: true; value: DecisionTemplate } | { ok: false; problem: string } {
  if (tooDeep(raw, MAX_DEPTH * 3 + 8)) return { ok: false, problem: 'template is nested too deeply' };
  const parsed = v.safeParse(TemplateSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const what = issue.input === undefined && issue.kind === 'schema' ? 'is missing' : issue.message;
    return { ok: false, problem: `${where(issue)} ${what}` };
  }
  const t = parsed.output;
  const stats: ShapeStats = { nodes: 0, depth: 0, ids: false, verdict: false, problem: null };
  if (t.body.kind === 'json') inspect(t.body.shape, 'body.shape', 0, stats, false);
  else if (t.body.kind === 'form') {
    const names = new Set<string>();
    t.body.fields.forEach(([k, s], i) => {
      if (names.has(k)) stats.problem ??= `body.fields[${i}] repeats the field name ${JSON.stringify(k)}`;
      names.add(k);
      inspect(s, `body.fields[${i}][1]`, 1, stats, true);
    });
  }
  if (stats.problem !== null) return { ok: false, problem: stats.problem };
  if (stats.nodes > MAX_NODES) return { ok: false, problem: `body has more than ${MAX_NODES} parts` };
  if (stats.depth > MAX_DEPTH) return { ok: false, problem: `body is nested deeper than ${MAX_DEPTH}` };
  const texts = [...t.path.split('/'), ...t.query.map(([, val]) => val)];
  const idsInText = texts.some((s) => /^\{(actionIds?|approvalIds?)\}$/.test(s));
  const verdictInText = texts.includes('{verdict}');
  if (!stats.ids && !idsInText) return { ok: false, problem: 'template names no action: body, path or query needs {actionIds}, {approvalIds}, {actionId} or {approvalId}' };
  if (!stats.verdict && !verdictInText) return { ok: false, problem: 'template has no {verdict}: approve and reject would send the same request' };
  if (!t.verdicts.approve && !t.verdicts.reject) return { ok: false, problem: 'verdicts needs approve or reject' };
  const names = new Set<string>();
  for (const [i, [name]] of t.headers.entries()) {
    if (names.has(name.toLowerCase())) return { ok: false, problem: `headers[${i}] repeats the header ${name}` };
    names.add(name.toLowerCase());
  }
  return { ok: true, value: t };
}
