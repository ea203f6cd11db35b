import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_TEMPLATE,
  MAX_OBSERVED_BODY,
  candidatesFromHar,
  describeTemplate,
  isKeepableHeader,
  mergeTemplates,
  parseTemplate,
  readDecisionAnswer,
  recognise,
  renderDecision,
  withAnswer,
  withVerdict,
  confirmVerdict,
  type Candidate,
  type DecisionTemplate,
  type KnownAction,
  type ObservedRequest,
} from '@/utils/portal/decisionTemplate';
import { DECISION_PATH } from '@/utils/portal/contract';
import { APPROVALS_TEMPLATE } from './support/templates';

/** The body PORTAL.md's assumed decision route takes. */
const guessBody = (ids: readonly string[], verdict: 'approve' | 'reject', comment: string) => ({
  ActionIds: [...ids],
  Decision: verdict === 'approve' ? 'Approve' : 'Reject',
  Comment: comment,
});

const ORIGIN = 'https://security.microsoft.com';
const TENANT = '8f2c1d3e-4b5a-4c6d-9e8f-0a1b2c3d4e5f';
const A1: KnownAction = { id: 'a1000000-0000-4000-8000-000000000001', approvalId: '50001', investigationId: '7001' };
const A2: KnownAction = { id: 'a1000000-0000-4000-8000-000000000002', approvalId: '50002', investigationId: '7001' };
const A3: KnownAction = { id: 'a1000000-0000-4000-8000-000000000003', approvalId: '50003', investigationId: '7002' };
const KNOWN = [A1, A2, A3];

const SHAPE_A_URL = `${ORIGIN}/apiproxy/mtp/actionCenter/actioncenterui/approvals?useMtpApi=true`;
const SHAPE_B_URL = `${ORIGIN}/apiproxy/mtp/autoIr/actions/decide`;
const SECRET_HEADERS: [string, string][] = [
  ['Cookie', 'sccauth=SECRETCOOKIE1; XSRF-TOKEN=XSRFSECRET1'],
  ['X-XSRF-TOKEN', 'XSRFSECRET1'],
  ['Authorization', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.SIGNATURESECRET'],
  ['Content-Type', 'application/json'],
  ['Accept', 'application/json, text/plain, */*'],
  ['User-Agent', 'Mozilla/5.0'],
  ['Origin', ORIGIN],
  ['Referer', `${ORIGIN}/action-center/pending`],
  ['sec-fetch-mode', 'cors'],
];

function observed(over: Partial<ObservedRequest> & { body?: unknown }): ObservedRequest {
  const { body, ...rest } = over;
  return {
    method: 'POST',
    url: SHAPE_B_URL,
    contentType: 'application/json',
    bodyText: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    headers: [],
    ...rest,
  };
}

function mustRecognise(req: ObservedRequest, known: readonly KnownAction[] = KNOWN): Candidate {
  const c = recognise(req, known);
  if (!c) throw new Error('not recognised');
  return c;
}

function mustRender(t: DecisionTemplate, actions: readonly KnownAction[], verdict: 'approve' | 'reject', comment: string) {
  const r = renderDecision(t, { actions, verdict, comment });
  if (!r.ok) throw new Error(`render failed: ${r.reason}`);
  return r;
}

const shapeA = (ids: unknown[] = ['50001'], status = 'Approved') =>
  observed({ method: 'PUT', url: SHAPE_A_URL, body: { ApprovalIds: ids, status, comment: 'ok' }, headers: SECRET_HEADERS });
const shapeB = (verdict = 1, id = A1.id) =>
  observed({
    url: SHAPE_B_URL,
    body: { request: { ActionIds: [id], Verdict: verdict, Reason: 'seen on the device, benign' }, Source: 'ActionCenter' },
    headers: [...SECRET_HEADERS, ['x-tid', TENANT]],
  });

describe('fake portal shape A (PUT …/approvals keyed by Approval IDs, status "Approved")', () => {
  it('is learned with placeholders and a derived reject, and renders back the request it saw', () => {
    const c = mustRecognise(shapeA());
    expect(c.actionIds).toEqual([A1.id]);
    expect(c.verdict).toBe('approve');
    expect(c.template.method).toBe('PUT');
    expect(c.template.path).toBe('/apiproxy/mtp/actionCenter/actioncenterui/approvals');
    expect(c.template.query).toEqual([['useMtpApi', 'true']]);
    // The shape the other tests use as "learned from the approvals page" (support/templates.ts) is this one.
    expect(c.template.body).toEqual(APPROVALS_TEMPLATE.body);
    expect(c.template.verdicts).toEqual({ approve: { value: 'Approved', derived: false }, reject: { value: 'Rejected', derived: true } });
    expect(c.template.headers).toEqual([]);
    expect(c.template.unknownFields).toBeUndefined();

    const same = mustRender(c.template, [A1], 'approve', 'ok');
    expect(same.method).toBe('PUT');
    expect(same.pathAndQuery).toBe('/apiproxy/mtp/actionCenter/actioncenterui/approvals?useMtpApi=true');
    expect(same.body).toBe(shapeA().bodyText);
    expect(same.contentType).toBe('application/json');

    const reject = mustRender(c.template, [A2, A3], 'reject', 'no "way"');
    expect(JSON.parse(reject.body ?? '')).toEqual({ ApprovalIds: ['50002', '50003'], status: 'Rejected', comment: 'no "way"' });
  });

  it('keeps numeric Approval IDs as numbers', () => {
    const c = mustRecognise(shapeA([50001]));
    expect(c.actionIds).toEqual([A1.id]);
    const r = mustRender(c.template, [A2, A3], 'approve', '');
    expect(r.body).toBe('{"ApprovalIds":[50002,50003],"status":"Approved","comment":""}');
  });

  it('answers {"updated":1} say nothing per action: no answer shape, readDecisionAnswer null', () => {
    const c = withAnswer(mustRecognise(shapeA()), 200, '{"updated":1}');
    expect(c.template.answer).toBeNull();
    expect(readDecisionAnswer(c.template, { updated: 1 }, { actions: [A1], verdict: 'approve', comment: '' })).toBeNull();
  });
});

describe('fake portal shape B (POST …/autoIr/actions/decide, numeric Verdict, x-tid)', () => {
  it('is learned with verdict unknown until withVerdict, keeps x-tid and drops every secret header', () => {
    const c = mustRecognise(shapeB());
    expect(c.verdict).toBeNull();
    expect(c.verdictValue).toBe(1);
    expect(c.template.verdicts).toEqual({});
    expect(c.template.headers).toEqual([['x-tid', TENANT]]);
    expect(c.template.body).toEqual({
      kind: 'json',
      shape: {
        t: 'obj',
        fields: [
          [
            'request',
            {
              t: 'obj',
              fields: [
                ['ActionIds', { t: 'list', ph: 'actionIds', as: 'string' }],
                ['Verdict', { t: 'ph', ph: 'verdict', as: 'number' }],
                ['Reason', { t: 'ph', ph: 'comment', as: 'string' }],
              ],
            },
          ],
          ['Source', { t: 'const', v: 'ActionCenter' }],
        ],
      },
    });
    const text = JSON.stringify(c);
    for (const secret of ['SECRETCOOKIE1', 'XSRFSECRET1', 'eyJhbGci', 'benign']) expect(text).not.toContain(secret);
    expect(renderDecision(c.template, { actions: [A1], verdict: 'approve', comment: '' })).toEqual({ ok: false, reason: 'noVerdictSpelling' });
  });

  it('withVerdict fills the seen number and derives nothing; rendering sends the observed request back', () => {
    const c = withVerdict(mustRecognise(shapeB()), 'approve');
    expect(c.verdict).toBe('approve');
    expect(c.template.verdicts).toEqual({ approve: { value: 1, derived: false } });
    const r = mustRender(c.template, [A2], 'approve', 'fine');
    expect(r.pathAndQuery).toBe('/apiproxy/mtp/autoIr/actions/decide');
    expect(r.body).toBe(`{"request":{"ActionIds":["${A2.id}"],"Verdict":1,"Reason":"fine"},"Source":"ActionCenter"}`);
    expect(r.headers).toEqual([['x-tid', TENANT]]);
    expect(renderDecision(c.template, { actions: [A2], verdict: 'reject', comment: '' })).toEqual({ ok: false, reason: 'noVerdictSpelling' });
  });

  it('confirmVerdict turns a derived spelling into a confirmed one', () => {
    const t = mustRecognise(shapeA()).template;
    const confirmed = confirmVerdict(t, 'reject');
    expect(confirmed.verdicts).toEqual({ approve: { value: 'Approved', derived: false }, reject: { value: 'Rejected', derived: false } });
    expect(confirmVerdict(confirmed, 'reject')).toBe(confirmed);
    expect(t.verdicts.reject?.derived).toBe(true);
  });

  it('withVerdict does not overrule a value that reads as the other verdict', () => {
    const c = mustRecognise(shapeA());
    expect(withVerdict(c, 'reject')).toBe(c);
    expect(withVerdict(c, 'approve').template.verdicts).toEqual(c.template.verdicts);
  });

  it('a later observed reject (Verdict 2) merges into the learned approve', () => {
    const approve = withVerdict(mustRecognise(shapeB(1)), 'approve').template;
    const reject = withVerdict(mustRecognise(shapeB(2, A2.id)), 'reject').template;
    const merged = mergeTemplates(approve, reject);
    expect(merged?.verdicts).toEqual({ approve: { value: 1, derived: false }, reject: { value: 2, derived: false } });
    expect(mergeTemplates(approve, mustRecognise(shapeA()).template)).toBeNull();
  });

  it('learns the per-action answer and reads "Succeeded" as the sent verdict', () => {
    const answer = `{"results":[{"actionId":"${A1.id}","result":"Succeeded"}]}`;
    const c = withAnswer(withVerdict(mustRecognise(shapeB()), 'approve'), 200, answer);
    expect(c.template.answer).toEqual({ resultsPath: ['results'], idKey: 'actionId', idKind: 'actionId', statusKey: 'result', decidedByKey: null, messageKey: null });
    const body = { results: [{ actionId: A2.id, result: 'Succeeded' }, { actionId: A3.id, result: 'NotFound' }, { actionId: 'other', result: 'Succeeded' }] };
    expect(readDecisionAnswer(c.template, body, { actions: [A2, A3], verdict: 'reject', comment: '' })).toEqual([
      { actionId: A2.id, status: 'Rejected', decidedBy: null, message: null },
      { actionId: A3.id, status: 'NotFound', decidedBy: null, message: null },
    ]);
    expect(readDecisionAnswer(c.template, { results: 'nope' }, { actions: [A2], verdict: 'approve', comment: '' })).toBeNull();
  });

  it('a non-2xx or unreadable answer teaches nothing', () => {
    const c = mustRecognise(shapeB());
    const answer = `{"results":[{"actionId":"${A1.id}","result":"Failed"}]}`;
    expect(withAnswer(c, 400, answer)).toBe(c);
    expect(withAnswer(c, 200, 'not json')).toBe(c);
    expect(withAnswer(c, 204, null)).toBe(c);
  });
});

describe('recognise: body shapes', () => {
  it('an array of objects, one per action, renders one item per action', () => {
    const c = mustRecognise(observed({ body: { Actions: [{ ActionId: A1.id, Decision: 'Approve' }] } }));
    expect(c.template.body).toEqual({
      kind: 'json',
      shape: { t: 'obj', fields: [['Actions', { t: 'arr', item: { t: 'obj', fields: [['ActionId', { t: 'ph', ph: 'actionId', as: 'string' }], ['Decision', { t: 'ph', ph: 'verdict', as: 'string' }]] } }]] },
    });
    const r = mustRender(c.template, [A2, A3], 'reject', '');
    expect(JSON.parse(r.body ?? '')).toEqual({ Actions: [{ ActionId: A2.id, Decision: 'Reject' }, { ActionId: A3.id, Decision: 'Reject' }] });
  });

  it('nested ids, a boolean verdict under an approve field and the investigation id as a number', () => {
    const c = mustRecognise(observed({ body: { payload: { data: { items: { ids: [A1.id] }, investigation: 7001, isApproved: true, pageSize: 100 } } } }));
    expect(c.verdict).toBe('approve');
    expect(c.template.verdicts).toEqual({ approve: { value: true, derived: false }, reject: { value: false, derived: true } });
    expect(describeTemplate(c.template).body).toBe(
      '{ payload: { data: { items: { ids: [{actionIds}] }, investigation: {investigationId}, isApproved: {verdict}, pageSize: 100 } } }',
    );
    const r = mustRender(c.template, [A1, A2], 'reject', '');
    expect(JSON.parse(r.body ?? '')).toEqual({ payload: { data: { items: { ids: [A1.id, A2.id] }, investigation: 7001, isApproved: false, pageSize: 100 } } });
    expect(renderDecision(c.template, { actions: [A1, A3], verdict: 'approve', comment: '' })).toEqual({ ok: false, reason: 'mixedInvestigations' });
    expect(renderDecision(c.template, { actions: [{ ...A1, investigationId: null }], verdict: 'approve', comment: '' })).toEqual({
      ok: false,
      reason: 'missingInvestigationId',
    });
  });

  it('ids joined in one string keep their separator', () => {
    const c = mustRecognise(observed({ body: { ids: `${A1.id}; ${A2.id}`, action: 'reject' } }));
    expect(c.actionIds).toEqual([A1.id, A2.id]);
    expect(c.verdict).toBe('reject');
    expect(c.template.verdicts.approve).toEqual({ value: 'approve', derived: true });
    const r = mustRender(c.template, [A1, A2, A3], 'approve', '');
    expect(r.body).toBe(`{"ids":"${A1.id}; ${A2.id}; ${A3.id}","action":"approve"}`);
  });

  it('free text holding an id and a comma is a comment, not a list of ids', () => {
    const c = mustRecognise(observed({ body: { ActionIds: [A1.id], Decision: 'Approve', Comment: `${A1.id}, looks fine` } }));
    expect(c.template.body).toEqual({
      kind: 'json',
      shape: { t: 'obj', fields: [['ActionIds', { t: 'list', ph: 'actionIds', as: 'string' }], ['Decision', { t: 'ph', ph: 'verdict', as: 'string' }], ['Comment', { t: 'ph', ph: 'comment', as: 'string' }]] },
    });
  });

  it('ids, verdict and comment in the query', () => {
    const c = mustRecognise(
      observed({ method: 'PATCH', url: `${ORIGIN}/apiproxy/mtp/actions/decide?ids=${A1.id},${A2.id}&decision=Approve&note=ok%20then&v=2`, contentType: null }),
    );
    expect(c.template.query).toEqual([['ids', '{actionIds}'], ['decision', '{verdict}'], ['note', '{comment}'], ['v', '2']]);
    const r = mustRender(c.template, [A3], 'reject', 'a&b');
    expect(r.pathAndQuery).toBe(`/apiproxy/mtp/actions/decide?ids=${A3.id}&decision=Reject&note=a%26b&v=2`);
    expect(describeTemplate(c.template).request).toBe('PATCH /apiproxy/mtp/actions/decide?ids={actionIds}&decision={verdict}&note={comment}&v=2');
  });

  it('a form-encoded body, ids repeated', () => {
    const c = mustRecognise(
      observed({ contentType: 'application/x-www-form-urlencoded', body: `ActionIds=${A1.id}&ActionIds=${A2.id}&decision=Approve&comment=looks+fine&type=bulk` }),
    );
    expect(c.template.body).toEqual({
      kind: 'form',
      fields: [
        ['ActionIds', { t: 'list', ph: 'actionIds', as: 'string' }],
        ['decision', { t: 'ph', ph: 'verdict', as: 'string' }],
        ['comment', { t: 'ph', ph: 'comment', as: 'string' }],
        ['type', { t: 'const', v: 'bulk' }],
      ],
    });
    const r = mustRender(c.template, [A3], 'reject', 'a&b=c');
    expect(r.body).toBe(`ActionIds=${A3.id}&decision=Reject&comment=a%26b%3Dc&type=bulk`);
    expect(r.contentType).toBe('application/x-www-form-urlencoded');
  });

  it('a form body without a content type, and a JSON body sent as text/plain', () => {
    const form = mustRecognise(observed({ contentType: null, body: `approvalId=50001&approve=true` }));
    expect(form.template.body.kind).toBe('form');
    expect(form.template.verdicts).toEqual({ approve: { value: 'true', derived: false }, reject: { value: 'false', derived: true } });
    const r = mustRender(form.template, [A2], 'reject', '');
    expect(r.body).toBe('approvalId=50002&approve=false');
    expect(renderDecision(form.template, { actions: [A2, A3], verdict: 'approve', comment: '' })).toEqual({ ok: false, reason: 'singleOnly' });

    const text = mustRecognise(observed({ contentType: 'text/plain;charset=UTF-8', body: { ActionIds: [A1.id], Decision: 'APPROVE' } }));
    expect(text.template.contentType).toBe('text/plain;charset=UTF-8');
    expect(mustRender(text.template, [A1], 'reject', '').contentType).toBe('text/plain;charset=UTF-8');
  });

  it('the id and the verdict in the path, no body', () => {
    const c = mustRecognise(observed({ url: `${ORIGIN}/apiproxy/mtp/actions/${A1.id}/Approve?api-version=2`, contentType: null }));
    expect(c.template.path).toBe('/apiproxy/mtp/actions/{actionId}/{verdict}');
    expect(c.template.query).toEqual([['api-version', '2']]);
    expect(c.template.body).toEqual({ kind: 'none' });
    const r = mustRender(c.template, [A2], 'reject', 'ignored');
    expect(r).toMatchObject({ pathAndQuery: `/apiproxy/mtp/actions/${A2.id}/Reject?api-version=2`, body: null, contentType: null });
    expect(renderDecision(c.template, { actions: [A1, A2], verdict: 'approve', comment: '' })).toEqual({ ok: false, reason: 'singleOnly' });
  });

  it('data it cannot place is never kept: "" and the field name in unknownFields', () => {
    const c = mustRecognise(
      observed({
        body: {
          ActionIds: [A1.id, 'ffffffff-0000-4000-8000-00000000dead'],
          Decision: 'Approve',
          TenantId: TENANT,
          user: 'alice@contoso.com',
          csrf: 'abc123',
          count: 123456,
          justification: 'Checked the device with the owner',
          kind: 'Bulk',
          flag: null,
        },
      }),
    );
    expect(c.actionIds).toEqual([A1.id]);
    expect(c.template.unknownFields).toEqual(['TenantId', 'user', 'csrf', 'count']);
    const text = JSON.stringify(c.template);
    for (const data of [TENANT, 'alice', 'abc123', '123456', 'Checked', 'dead', A1.id, '50001']) expect(text).not.toContain(data);
    expect(JSON.parse(mustRender(c.template, [A2], 'approve', 'x').body ?? '')).toEqual({
      ActionIds: [A2.id],
      Decision: 'Approve',
      TenantId: '',
      user: '',
      csrf: '',
      count: 0,
      justification: 'x',
      kind: 'Bulk',
      flag: null,
    });
  });

  it('derives the other verdict in the same spelling and case', () => {
    const cases: [string, string | undefined][] = [
      ['APPROVE', 'REJECT'],
      ['Approve', 'Reject'],
      ['approve', 'reject'],
      ['Approved', 'Rejected'],
      ['approved', 'rejected'],
      ['Accept', 'Decline'],
      ['Accepted', 'Declined'],
      ['DECLINED', 'ACCEPTED'],
      ['Rejected', 'Approved'],
      ['aPProve', undefined],
    ];
    for (const [seen, other] of cases) {
      const c = mustRecognise(observed({ body: { ActionIds: [A1.id], Decision: seen } }));
      const otherVerdict = c.verdict === 'approve' ? 'reject' : 'approve';
      expect(c.template.verdicts[c.verdict ?? 'approve']).toEqual({ value: seen, derived: false });
      expect(c.template.verdicts[otherVerdict]?.value, seen).toBe(other);
      expect(c.template.verdicts[otherVerdict]?.derived ?? true).toBe(true);
    }
  });
});

describe('recognise: what is not a decision', () => {
  const good = { ActionIds: [A1.id], Decision: 'Approve' };
  it.each([
    ['a GET', observed({ method: 'GET', body: good })],
    ['a path outside /apiproxy/', observed({ url: `${ORIGIN}/api/decide`, body: good })],
    ['another origin path that only mentions apiproxy', observed({ url: `${ORIGIN}/x/apiproxy/decide`, body: good })],
    ['ids that are not pending', observed({ body: { ActionIds: ['ffffffff-0000-4000-8000-00000000dead', '99999'], Decision: 'Approve' } })],
    ['no verdict', observed({ body: { ActionIds: [A1.id], Comment: 'x' } })],
    ['two different verdicts', observed({ body: { ActionIds: [A1.id], Decision: 'Approve', Other: 'Reject' } })],
    ['malformed JSON', observed({ body: '{"ActionIds":["' })],
    ['a multipart body', observed({ contentType: 'multipart/form-data; boundary=x', body: good })],
    ['a body over MAX_OBSERVED_BODY', observed({ body: { ...good, pad: 'x'.repeat(MAX_OBSERVED_BODY) } })],
    ['a map keyed by action ids', observed({ body: { decisions: { [A1.id]: 'Approve' } } })],
    ['an unknown GUID in the path', observed({ url: `${ORIGIN}/apiproxy/tenants/${TENANT}/actions/approve`, body: { id: A1.id } })],
    ['an investigation id alone (no action id)', observed({ body: { InvestigationId: 7001, Decision: 'Approve' } })],
  ])('%s → null', (_name, req) => {
    expect(recognise(req, KNOWN)).toBeNull();
  });

  it('hostile nesting and sizes are refused without blowing up', () => {
    let deep: unknown = { ActionIds: [A1.id], Decision: 'Approve' };
    for (let i = 0; i < 2000; i += 1) deep = { d: deep };
    expect(recognise(observed({ body: JSON.stringify(deep).slice(0, MAX_OBSERVED_BODY) }), KNOWN)).toBeNull();
    const nest = (levels: number) => {
      let nested: unknown = { ActionIds: [A1.id], Decision: 'Approve' };
      for (let i = 0; i < levels; i += 1) nested = { d: nested };
      return observed({ body: nested });
    };
    expect(recognise(nest(6), KNOWN)?.actionIds).toEqual([A1.id]);
    expect(recognise(nest(7), KNOWN)).toBeNull();
    const wide = { ActionIds: [A1.id], Decision: 'Approve', many: Array.from({ length: 5000 }, (_, i) => i % 10) };
    expect(recognise(observed({ body: wide }), KNOWN)).toBeNull();
    expect(recognise(observed({ body: 'x'.repeat(MAX_OBSERVED_BODY + 1) }), KNOWN)).toBeNull();
  });

  it('prototype-pollution keys are kept as plain field names and pollute nothing', () => {
    const body = `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"ActionIds":["${A1.id}"],"Decision":"Approve"}`;
    const c = mustRecognise(observed({ body }));
    const r = mustRender(c.template, [A2], 'approve', '');
    expect(r.body).toBe(`{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"ActionIds":["${A2.id}"],"Decision":"Approve"}`);
    const parsed = parseTemplate(JSON.parse(JSON.stringify(c.template)));
    expect(parsed.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('renderDecision', () => {
  it('renders 100 actions in one request for list shapes', () => {
    const many: KnownAction[] = Array.from({ length: 100 }, (_, i) => ({
      id: `b2000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      approvalId: String(60000 + i),
      investigationId: '9',
    }));
    const a = mustRender(mustRecognise(shapeA()).template, many, 'approve', '');
    expect((JSON.parse(a.body ?? '') as { ApprovalIds: string[] }).ApprovalIds).toEqual(many.map((x) => x.approvalId));
    const b = mustRender(BUILT_IN_TEMPLATE, many, 'reject', 'bulk');
    expect(b.body).toBe(JSON.stringify(guessBody(many.map((x) => x.id), 'reject', 'bulk')));
  });

  it('refuses ids that are not safe to send (path traversal, markup) and missing Approval IDs', () => {
    const pathTemplate = mustRecognise(observed({ url: `${ORIGIN}/apiproxy/mtp/actions/${A1.id}/approve`, contentType: null })).template;
    expect(renderDecision(pathTemplate, { actions: [{ ...A1, id: '../../admin' }], verdict: 'approve', comment: '' })).toEqual({ ok: false, reason: 'unsafeValue' });
    expect(renderDecision(BUILT_IN_TEMPLATE, { actions: [{ ...A1, id: '<img>' }], verdict: 'approve', comment: '' })).toEqual({ ok: false, reason: 'unsafeValue' });
    const a = mustRecognise(shapeA()).template;
    expect(renderDecision(a, { actions: [{ ...A1, approvalId: null }], verdict: 'approve', comment: '' })).toEqual({ ok: false, reason: 'missingApprovalId' });
    expect(renderDecision(a, { actions: [{ ...A1, approvalId: '1/../2' }], verdict: 'approve', comment: '' })).toEqual({ ok: false, reason: 'unsafeValue' });
    expect(renderDecision(mustRecognise(shapeA([50001])).template, { actions: [{ ...A1, approvalId: 'A-1' }], verdict: 'approve', comment: '' })).toEqual({
      ok: false,
      reason: 'unsafeValue',
    });
    expect(renderDecision(a, { actions: [], verdict: 'approve', comment: '' })).toEqual({ ok: false, reason: 'noActions' });
  });
});

describe('BUILT_IN_TEMPLATE', () => {
  it('renders exactly the request the client sends today', () => {
    const a = { id: 'a', approvalId: null, investigationId: null };
    const b = { id: 'b', approvalId: null, investigationId: null };
    const r = mustRender(BUILT_IN_TEMPLATE, [a, b], 'approve', 'c');
    expect(r.method).toBe('POST');
    expect(r.pathAndQuery).toBe(DECISION_PATH);
    expect(r.body).toBe(JSON.stringify(guessBody(['a', 'b'], 'approve', 'c')));
    expect(r.contentType).toBe('application/json');
    expect(mustRender(BUILT_IN_TEMPLATE, [a], 'reject', '').body).toBe(JSON.stringify(guessBody(['a'], 'reject', '')));
  });

  it('reads the assumed answer: per-action statuses, any casing', () => {
    const body = {
      results: [
        { actionId: 'a', status: 'approved', decidedBy: 'ana@contoso.com', message: null },
        { ActionId: 'b', Status: 'AlreadyDecided', DecidedBy: null, Message: 'Already rejected.' },
      ],
    };
    const sent = { actions: [{ id: 'a', approvalId: null, investigationId: null }, { id: 'b', approvalId: null, investigationId: null }], verdict: 'approve' as const, comment: '' };
    expect(readDecisionAnswer(BUILT_IN_TEMPLATE, body, sent)).toEqual([
      { actionId: 'a', status: 'Approved', decidedBy: 'ana@contoso.com', message: null },
      { actionId: 'b', status: 'AlreadyDecided', decidedBy: null, message: 'Already rejected.' },
    ]);
    const queued = readDecisionAnswer(BUILT_IN_TEMPLATE, { Results: [{ ActionId: 'a', Status: 'Queued' }] }, sent);
    expect(queued?.map((r) => r.status)).toEqual(['Unknown']);
    expect(readDecisionAnswer(BUILT_IN_TEMPLATE, { ok: true }, sent)).toBeNull();
  });

  it('is a valid template', () => {
    expect(parseTemplate(BUILT_IN_TEMPLATE)).toEqual({ ok: true, value: BUILT_IN_TEMPLATE });
  });
});

describe('readDecisionAnswer statuses', () => {
  it('maps statuses case-insensitively and by the sent verdict for success words', () => {
    const t: DecisionTemplate = { ...BUILT_IN_TEMPLATE, answer: { resultsPath: [], idKey: 'approvalId', idKind: 'approvalId', statusKey: 'state' } };
    const sent = { actions: [A1, A2, A3], verdict: 'reject' as const, comment: '' };
    const answer = [
      { approvalId: 50001, state: 'OK' },
      { approvalId: '50002', state: 'not_found' },
      { approvalId: '50003', state: 'Pending' },
    ];
    expect(readDecisionAnswer(t, answer, sent)?.map((x) => [x.actionId, x.status])).toEqual([
      [A1.id, 'Rejected'],
      [A2.id, 'NotFound'],
      [A3.id, 'Unknown'],
    ]);
    expect(readDecisionAnswer(t, { not: 'a list' }, sent)).toBeNull();
    expect(readDecisionAnswer(t, [{ state: 'OK' }], sent)).toBeNull();
  });
});

describe('isKeepableHeader', () => {
  it.each([
    ['x-tid', TENANT, true],
    ['tenant-id', TENANT, true],
    ['x-clientpage', 'actioncenter@wicd', true],
    ['x-ms-app', 'MTP', true],
    ['Cookie', 'sccauth=1', false],
    ['Authorization', 'Bearer x', false],
    ['X-XSRF-TOKEN', 'abc', false],
    ['x-csrf', 'abc', false],
    ['x-session-hint', 'abc', false],
    ['x-api-key', 'abc', false],
    ['x-signature', 'abc', false],
    ['x-password', 'abc', false],
    ['x-auth-context', 'abc', false],
    ['Content-Type', 'application/json', false],
    ['accept-language', 'en', false],
    ['sec-ch-ua', '"Chromium"', false],
    ['Cache-Control', 'no-cache', false],
    ['Pragma', 'no-cache', false],
    ['Origin', ORIGIN, false],
    ['Referer', ORIGIN, false],
    ['client-request-id', TENANT, false],
    ['x-hint', 'eyJhbGciOiJIUzI1NiJ9.e30.x', false],
    ['x-hint', 'A'.repeat(201), false],
    ['x-hint', 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbg==', false],
    ['x-hint', '', false],
    ['bad name', 'x', false],
  ])('%s: %s → %s', (name, value, keep) => {
    expect(isKeepableHeader(name, value)).toBe(keep);
  });
});

describe('parseTemplate', () => {
  const learnedA = () => withAnswer(mustRecognise(shapeA()), 200, '{}').template;
  const learnedB = () =>
    withAnswer(withVerdict(mustRecognise(shapeB()), 'approve'), 200, `{"results":[{"actionId":"${A1.id}","result":"Succeeded"}]}`).template;

  it('accepts learned templates after a trip through JSON (storage)', () => {
    for (const t of [learnedA(), learnedB()]) expect(parseTemplate(JSON.parse(JSON.stringify(t)))).toEqual({ ok: true, value: t });
  });

  const problemOf = (raw: unknown) => {
    const r = parseTemplate(raw);
    return r.ok ? 'ok' : r.problem;
  };
  it.each<[string, (t: DecisionTemplate) => unknown, RegExp]>([
    ['path outside /apiproxy/', (t) => ({ ...t, path: '/api/x' }), /^path must start with \/apiproxy\//],
    ['path with ..', (t) => ({ ...t, path: '/apiproxy/../x' }), /^path must not contain/],
    ['path with //', (t) => ({ ...t, path: '/apiproxy//x' }), /^path must not contain/],
    ['path with ?', (t) => ({ ...t, path: '/apiproxy/x?a=1' }), /^path must not contain/],
    ['path with #', (t) => ({ ...t, path: '/apiproxy/x#a' }), /^path must not contain/],
    ['path with an unknown placeholder', (t) => ({ ...t, path: '/apiproxy/{comment}' }), /^path has a segment/],
    ['method GET', (t) => ({ ...t, method: 'GET' }), /^method should be one of/],
    ['a cookie header', (t) => ({ ...t, headers: [['Cookie', 'a=b']] }), /^headers\[0\] is a standard or secret header/],
    ['an XSRF header', (t) => ({ ...t, headers: [['X-XSRF-TOKEN', 'abc']] }), /^headers\[0\]/],
    ['a JWT header value', (t) => ({ ...t, headers: [['x-hint', 'eyJhbGciOiJIUzI1NiJ9']] }), /^headers\[0\]/],
    ['a header name that is not a token', (t) => ({ ...t, headers: [['x tid', 'a']] }), /^headers\[0\]\[0\] should be a header name/],
    ['an unknown key', (t) => ({ ...t, extra: 1 }), /^extra/],
    ['a missing field', ({ answer: _answer, ...t }) => t, /^answer is missing/],
    ['a bad placeholder', (t) => ({ ...t, body: { kind: 'json', shape: { t: 'ph', ph: 'password', as: 'string' } } }), /^body\.shape\.ph should be one of/],
    ['a shape with an unknown tag', (t) => ({ ...t, body: { kind: 'json', shape: { t: 'eval' } } }), /^body\.shape\.t should be a shape/],
    ['no verdict placeholder', (t) => ({ ...t, body: { kind: 'json', shape: { t: 'list', ph: 'actionIds', as: 'string' } } }), /no \{verdict\}/],
    ['no id placeholder', (t) => ({ ...t, body: { kind: 'json', shape: { t: 'ph', ph: 'verdict', as: 'string' } } }), /names no action/],
    [
      'a repeated field',
      (t) => ({ ...t, body: { kind: 'json', shape: { t: 'obj', fields: [['a', { t: 'ph', ph: 'verdict', as: 'string' }], ['a', { t: 'list', ph: 'actionIds', as: 'string' }]] } } }),
      /^body\.shape\.fields\[1\] repeats/,
    ],
    ['an object in a form body', (t) => ({ ...t, body: { kind: 'form', fields: [['x', { t: 'obj', fields: [] }]] } }), /^body\.fields\[0\]\[1\] should be/],
    ['no verdict spelling', (t) => ({ ...t, verdicts: {} }), /^verdicts needs/],
    ['a version 2', (t) => ({ ...t, version: 2 }), /^version should be 1/],
    ['an odd content type', (t) => ({ ...t, contentType: 'text/html' }), /^contentType should be/],
    ['a query value with braces', (t) => ({ ...t, query: [['a', '{password}']] }), /^query\[0\]\[1\] should be a constant/],
  ])('refuses %s and names the field', (_name, change, problem) => {
    expect(problemOf(change(BUILT_IN_TEMPLATE))).toMatch(problem);
  });

  it('refuses hostile nesting and sizes', () => {
    let shape: unknown = { t: 'list', ph: 'actionIds', as: 'string' };
    for (let i = 0; i < 12; i += 1) shape = { t: 'arr', item: shape };
    expect(problemOf({ ...BUILT_IN_TEMPLATE, body: { kind: 'json', shape } })).toMatch(/nested/);
    let deep: unknown = {};
    for (let i = 0; i < 10000; i += 1) deep = { t: 'arr', item: deep };
    expect(problemOf({ ...BUILT_IN_TEMPLATE, body: { kind: 'json', shape: deep } })).toMatch(/nested too deeply/);
    expect(problemOf(null)).toMatch(/^template/);
    expect(problemOf('x')).toMatch(/^template/);
  });
});

describe('describeTemplate', () => {
  it('says the request, the body shape and the spellings in plain words, with no data', () => {
    const d = describeTemplate(mustRecognise(shapeA()).template);
    expect(d).toEqual({
      request: 'PUT /apiproxy/mtp/actionCenter/actioncenterui/approvals?useMtpApi=true',
      body: '{ ApprovalIds: [{approvalIds}], status: {verdict}, comment: {comment} }',
      verdicts: 'approve: "Approved"; reject: "Rejected" (derived, not confirmed)',
    });
    const b = describeTemplate(mustRecognise(shapeB()).template);
    expect(b.request).toBe('POST /apiproxy/mtp/autoIr/actions/decide (headers: x-tid)');
    expect(b.verdicts).toBe('approve: not known yet; reject: not known yet');
  });
});

describe('candidatesFromHar', () => {
  const b64 = (s: string) => btoa(s);
  function harOf(entries: unknown[]): string {
    return JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [], entries } });
  }
  const cookies = [
    { name: 'sccauth', value: 'SECRETCOOKIE1', httpOnly: true },
    { name: 'XSRF-TOKEN', value: 'XSRFSECRET1' },
  ];
  const entry = (method: string, url: string, status: number, body: string | null, answer: string, encoding?: string) => ({
    startedDateTime: '2026-11-29T10:00:00.000Z',
    time: 120,
    request: {
      method,
      url,
      httpVersion: 'http/2.0',
      headers: [...SECRET_HEADERS.map(([name, value]) => ({ name, value })), { name: 'x-tid', value: TENANT }],
      queryString: [],
      cookies,
      headersSize: -1,
      bodySize: body?.length ?? 0,
      ...(body === null ? {} : { postData: { mimeType: 'application/json', text: body } }),
    },
    response: {
      status,
      statusText: '',
      httpVersion: 'http/2.0',
      headers: [{ name: 'set-cookie', value: 'sccauth=SECRETCOOKIE2; HttpOnly' }],
      cookies: [{ name: 'sccauth', value: 'SECRETCOOKIE2' }],
      content: { size: answer.length, mimeType: 'application/json', text: encoding === 'base64' ? b64(answer) : answer, ...(encoding ? { encoding } : {}) },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 100, receive: 20 },
  });

  it('finds the decision in a real-shaped HAR and keeps no cookie, token or XSRF value', () => {
    const decision = JSON.stringify({ request: { ActionIds: [A1.id], Verdict: 2, Reason: 'not needed' }, Source: 'ActionCenter' });
    const har = harOf([
      entry('GET', `${ORIGIN}/apiproxy/mtp/actionCenter/actioncenterui/pending-actions/?type=pending&useMtpApi=true`, 200, null, '{"Results":[]}'),
      entry('OPTIONS', SHAPE_B_URL, 204, null, ''),
      entry('POST', SHAPE_B_URL, 500, decision, '{"error":"boom"}'),
      entry('POST', SHAPE_B_URL, 200, decision, `{"results":[{"actionId":"${A1.id}","result":"Succeeded"}]}`, 'base64'),
      { request: 'garbage' },
    ]);
    const result = candidatesFromHar(har, KNOWN);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(1);
    const [c] = result.value;
    expect(c?.actionIds).toEqual([A1.id]);
    expect(c?.verdictValue).toBe(2);
    expect(c?.template.answer?.resultsPath).toEqual(['results']);
    expect(c?.template.headers).toEqual([['x-tid', TENANT]]);
    const text = JSON.stringify(result);
    for (const secret of ['SECRETCOOKIE1', 'SECRETCOOKIE2', 'XSRFSECRET1', 'eyJhbGci', 'SIGNATURESECRET', 'not needed', 'sccauth']) {
      expect(text).not.toContain(secret);
    }
  });

  it('refuses what is not a HAR, and a HAR too large to read', () => {
    expect(candidatesFromHar('not json', KNOWN)).toEqual({ ok: false, problem: expect.stringMatching(/not a HAR/) });
    expect(candidatesFromHar('{"log":{}}', KNOWN)).toEqual({ ok: false, problem: expect.stringMatching(/not a HAR/) });
    expect(candidatesFromHar(' '.repeat(20 * 1024 * 1024 + 1), KNOWN)).toEqual({ ok: false, problem: expect.stringMatching(/too large/) });
  });
});
