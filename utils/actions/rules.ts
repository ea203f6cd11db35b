/**
 * The decision rules every surface applies the same way (page, popup, background): limits of one request, when a
 * comment is required and when a decision asks for confirmation. One definition, used everywhere.
 */
import type { Verdict } from './model';

/** The longest comment a decision may carry (the dialog's limit and the background's check). */
export const MAX_COMMENT_LENGTH = 1000;
/** The most actions one decision request may hold (background, client and message schema). */
export const MAX_ACTIONS_PER_DECISION = 100;

export interface DecisionRules {
  readonly requireRejectComment: boolean;
  readonly requireApproveComment: boolean;
  readonly confirmApprove: boolean;
}

export function commentRequired(verdict: Verdict, rules: Omit<DecisionRules, 'confirmApprove'>): boolean {
  return verdict === 'reject' ? rules.requireRejectComment : rules.requireApproveComment;
}

/** Reject always asks; Approve asks unless confirmation is off and no comment is required. */
export function needsConfirmation(verdict: Verdict, rules: DecisionRules): boolean {
  return verdict === 'reject' || rules.confirmApprove || rules.requireApproveComment;
}
