import { describe, expect, it } from 'vitest';
import { commentRequired, needsConfirmation, type DecisionRules } from '@/utils/actions/rules';

const rules = (r: Partial<DecisionRules> = {}): DecisionRules => ({
  requireRejectComment: false,
  requireApproveComment: false,
  confirmApprove: false,
  requireCommentForDestructive: false,
  confirmDestructive: false,
  ...r,
});

const scan = { type: 'RunAntiVirusScanResponse' };
const isolate = { type: 'IsolateResponse' };
const softDelete = { type: 'SoftDeleteEmailResponse' };

describe('decision rules', () => {
  it('requires a comment per verdict as set', () => {
    expect(commentRequired('reject', [scan], rules({ requireRejectComment: true }))).toBe(true);
    expect(commentRequired('approve', [scan], rules({ requireRejectComment: true }))).toBe(false);
    expect(commentRequired('approve', [scan], rules({ requireApproveComment: true }))).toBe(true);
  });

  it('always confirms a reject; an approve only when confirmation is on or a comment is required', () => {
    expect(needsConfirmation('reject', [scan], rules())).toBe(true);
    expect(needsConfirmation('approve', [scan], rules())).toBe(false);
    expect(needsConfirmation('approve', [scan], rules({ confirmApprove: true }))).toBe(true);
    expect(needsConfirmation('approve', [scan], rules({ requireApproveComment: true }))).toBe(true);
  });

  it('requires a comment for containment and destructive types, for either verdict, when set', () => {
    const strict = rules({ requireCommentForDestructive: true });
    expect(commentRequired('approve', [isolate], strict)).toBe(true);
    expect(commentRequired('reject', [softDelete], strict)).toBe(true);
    expect(commentRequired('approve', [scan, isolate], strict)).toBe(true);
    expect(commentRequired('approve', [scan], strict)).toBe(false);
    expect(commentRequired('approve', [isolate], rules())).toBe(false);
    // A comment required is a dialog to type it in, even with every confirmation off.
    expect(needsConfirmation('approve', [isolate], strict)).toBe(true);
  });

  it('confirms an approve of a containment or destructive type when set, even with confirmation off', () => {
    const careful = rules({ confirmDestructive: true });
    expect(needsConfirmation('approve', [isolate], careful)).toBe(true);
    expect(needsConfirmation('approve', [scan, softDelete], careful)).toBe(true);
    expect(needsConfirmation('approve', [scan], careful)).toBe(false);
    expect(needsConfirmation('approve', [isolate], rules())).toBe(false);
  });

  it('treats an action the caller does not know as possibly destructive', () => {
    expect(commentRequired('approve', [undefined], rules({ requireCommentForDestructive: true }))).toBe(true);
    expect(needsConfirmation('approve', [undefined], rules({ confirmDestructive: true }))).toBe(true);
    expect(needsConfirmation('approve', [undefined], rules())).toBe(false);
  });
});
