import { describe, expect, it } from 'vitest';
import { commentRequired, needsConfirmation } from '@/utils/actions/rules';

const rules = (r: Partial<{ requireRejectComment: boolean; requireApproveComment: boolean; confirmApprove: boolean }> = {}) => ({
  requireRejectComment: false,
  requireApproveComment: false,
  confirmApprove: false,
  ...r,
});

describe('decision rules', () => {
  it('requires a comment per verdict as set', () => {
    expect(commentRequired('reject', rules({ requireRejectComment: true }))).toBe(true);
    expect(commentRequired('approve', rules({ requireRejectComment: true }))).toBe(false);
    expect(commentRequired('approve', rules({ requireApproveComment: true }))).toBe(true);
  });

  it('always confirms a reject; an approve only when confirmation is on or a comment is required', () => {
    expect(needsConfirmation('reject', rules())).toBe(true);
    expect(needsConfirmation('approve', rules())).toBe(false);
    expect(needsConfirmation('approve', rules({ confirmApprove: true }))).toBe(true);
    expect(needsConfirmation('approve', rules({ requireApproveComment: true }))).toBe(true);
  });
});
