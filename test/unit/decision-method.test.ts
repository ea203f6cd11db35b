import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BUILT_IN_TEMPLATE, type Candidate, type DecisionTemplate } from '../../utils/portal/decisionTemplate';
import { APPROVALS_TEMPLATE } from './support/templates';
import {
  addCandidate,
  confirmCandidate,
  forgetMethods,
  listCandidates,
  loadHostMethods,
  markBroken,
  markConfirmedUse,
  resolveMethod,
  saveTemplate,
  CANDIDATE_TTL_MS,
} from '../../utils/portal/decisionMethod';

const HOST = 'security.microsoft.com';

const LEARNED: DecisionTemplate = APPROVALS_TEMPLATE;

beforeEach(() => {
  fakeBrowser.reset();
});

describe('resolveMethod', () => {
  it('prefers a learned template, then the organisation’s, then the guess; skips broken ones', async () => {
    expect(resolveMethod(await loadHostMethods(HOST), null)).toMatchObject({ kind: 'template', source: 'builtIn' });
    const policy = { ...LEARNED, path: '/apiproxy/policy' };
    expect(resolveMethod(await loadHostMethods(HOST), policy)).toMatchObject({ source: 'policy' });
    await saveTemplate(HOST, { source: 'learned', template: LEARNED, from: 'actionCenter', at: 1 });
    const learned = resolveMethod(await loadHostMethods(HOST), policy);
    expect(learned).toMatchObject({ kind: 'template', source: 'learned', template: LEARNED });
    if (learned.kind !== 'template') throw new Error('expected a template');
    // A confirmed spelling that the portal refuses breaks the template: the next one is used.
    await markBroken(HOST, learned, 'approve', 2, 'The portal answered HTTP 404.');
    expect(resolveMethod(await loadHostMethods(HOST), policy)).toMatchObject({ source: 'policy' });
    const guess = resolveMethod(await loadHostMethods(HOST), null);
    expect(guess).toMatchObject({ source: 'builtIn', template: BUILT_IN_TEMPLATE });
    if (guess.kind !== 'template') throw new Error('expected a template');
    await markBroken(HOST, guess, 'approve', 3, 'The portal answered HTTP 404.');
    expect(resolveMethod(await loadHostMethods(HOST), null)).toMatchObject({ kind: 'none' });
    await forgetMethods(HOST);
    expect(resolveMethod(await loadHostMethods(HOST), null)).toMatchObject({ source: 'builtIn' });
  });

  it('does not send an organisation template the portal refused again, until the policy changes it', async () => {
    const policy = { ...LEARNED, path: '/apiproxy/policy' };
    const method = resolveMethod(await loadHostMethods(HOST), policy);
    if (method.kind !== 'template') throw new Error('expected a template');
    expect(method.source).toBe('policy');
    await markBroken(HOST, method, 'approve', 5, 'The portal answered HTTP 404.');
    expect(resolveMethod(await loadHostMethods(HOST), policy)).toMatchObject({ source: 'builtIn' });
    expect(resolveMethod(await loadHostMethods(HOST), { ...policy, path: '/apiproxy/policy2' })).toMatchObject({ source: 'policy' });
  });

  it('drops only a derived spelling the portal refused, and confirms one the portal applied', async () => {
    await saveTemplate(HOST, { source: 'learned', template: LEARNED, from: 'actionCenter', at: 1 });
    const method = resolveMethod(await loadHostMethods(HOST), null);
    if (method.kind !== 'template') throw new Error('expected a template');
    await markConfirmedUse(HOST, method, 'reject', 2);
    expect((await loadHostMethods(HOST)).template?.template.verdicts.reject).toEqual({ value: 'Rejected', derived: false });

    await saveTemplate(HOST, { source: 'learned', template: LEARNED, from: 'actionCenter', at: 3 });
    await markBroken(HOST, method, 'reject', 4, 'HTTP 400');
    const after = await loadHostMethods(HOST);
    expect(after.template?.brokenAt).toBeNull();
    expect(after.template?.template.verdicts.reject).toBeUndefined();
    expect(after.template?.template.verdicts.approve).toEqual({ value: 'Approved', derived: false });
  });

  it('treats a stored entry that no longer validates as nothing learned', async () => {
    await fakeBrowser.storage.local.set({ decisionMethods: { [HOST]: { template: { source: 'learned', template: { method: 'GET' } } } } });
    expect(resolveMethod(await loadHostMethods(HOST), null)).toMatchObject({ source: 'builtIn' });
  });
});

describe('candidates', () => {
  const candidate = (verdict: 'approve' | 'reject' | null): Candidate => ({
    template: verdict ? LEARNED : { ...LEARNED, verdicts: {} },
    actionIds: ['a1', 'a2'],
    approvalIds: [],
    verdict,
    verdictValue: verdict === 'reject' ? 'Rejected' : 'Approved',
  });

  it('waits until every action left pending, then confirms only a matching, unanimous decision', () => {
    expect(confirmCandidate(candidate('approve'), new Map([['a1', 'Approved']]))).toBe('wait');
    expect(confirmCandidate(candidate('approve'), new Map([['a1', 'Approved'], ['a2', 'Approved']]))).toMatchObject({ verdict: 'approve' });
    expect(confirmCandidate(candidate('approve'), new Map([['a1', 'Approved'], ['a2', 'Rejected']]))).toBeNull();
    expect(confirmCandidate(candidate('approve'), new Map([['a1', 'Rejected'], ['a2', 'Rejected']]))).toBeNull();
    expect(confirmCandidate(candidate('approve'), new Map<string, 'Approved' | null>([['a1', null], ['a2', null]]))).toBeNull();
  });

  it('are held in session storage and forgotten after their time', async () => {
    await addCandidate({ host: HOST, from: 'actionCenter', seenAt: 1_000, candidate: candidate('approve') });
    expect(await listCandidates(2_000)).toHaveLength(1);
    expect(await listCandidates(1_000 + CANDIDATE_TTL_MS)).toHaveLength(0);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
});
