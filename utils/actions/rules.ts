/**
 * The decision rules every surface applies the same way (page, popup, background): limits of one request, when a
 * comment is required and when a decision asks for confirmation. One definition, used everywhere. The rules look at
 * the actions, not only the verdict: containment and destructive types (model.ts impactOf) may ask for more.
 */
import { impactOf, type Action, type Verdict } from './model';

/** The longest comment a decision may carry (the dialog's limit and the background's check). */
export const MAX_COMMENT_LENGTH = 1000;
/** The most actions one decision request may hold (background, client and message schema). */
export const MAX_ACTIONS_PER_DECISION = 100;

export interface DecisionRules {
  readonly requireRejectComment: boolean;
  readonly requireApproveComment: boolean;
  readonly confirmApprove: boolean;
  /** A decision on a containment or destructive action needs a comment, whatever the verdict. */
  readonly requireCommentForDestructive: boolean;
  /** A decision on a containment or destructive action is confirmed, even with confirmApprove off. */
  readonly confirmDestructive: boolean;
}

export type CommentRules = Omit<DecisionRules, 'confirmApprove' | 'confirmDestructive'>;

/**
 * The actions a rule looks at: only their raw type matters. An action the caller does not know (undefined) counts as
 * containment or destructive: what cannot be shown harmless gets the stricter rule.
 */
export type RuledActions = readonly (Pick<Action, 'type'> | undefined)[];

function anyImpactful(actions: RuledActions): boolean {
  return actions.some((a) => a === undefined || impactOf(a) !== null);
}

export function commentRequired(verdict: Verdict, actions: RuledActions, rules: CommentRules): boolean {
  if (rules.requireCommentForDestructive && anyImpactful(actions)) return true;
  return verdict === 'reject' ? rules.requireRejectComment : rules.requireApproveComment;
}

/**
 * Reject always asks; Approve asks when confirmation is on, when a comment is required, or (with confirmDestructive)
 * when a containment or destructive action is among those decided.
 */
export function needsConfirmation(verdict: Verdict, actions: RuledActions, rules: DecisionRules): boolean {
  return (
    verdict === 'reject' ||
    rules.confirmApprove ||
    (rules.confirmDestructive && anyImpactful(actions)) ||
    commentRequired(verdict, actions, rules)
  );
}
