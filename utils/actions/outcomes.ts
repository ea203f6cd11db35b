/**
 * The words for each outcome, one place for every surface (popup list and results, History, the export), from
 * locales/en.yml (background.*).
 */
import { messageTable, t } from '../i18n';
import type { AuditOutcome } from './types';

/** What every surface shows for a decision sent but not confirmed yet. */
export function sentWaiting(): string {
  return t('background.sentWaiting');
}

/** The message of each outcome. */
const OUTCOME_MESSAGES = {
  applied: 'background.outcomeApplied',
  alreadyDecided: 'background.outcomeAlreadyDecided',
  notApplied: 'background.outcomeNotApplied',
  pendingConfirmation: 'background.sentWaiting',
  unsupported: 'background.outcomeUnsupported',
  inFlight: 'background.outcomeInFlight',
  notConfirmed: 'background.outcomeNotConfirmed',
  leftPending: 'background.outcomeLeftPending',
  // Stored by versions before pendingConfirmation: the same meaning.
  unknown: 'background.sentWaiting',
} as const satisfies Record<AuditOutcome, string>;

export const OUTCOME_LABELS: Readonly<Record<AuditOutcome, string>> = messageTable(
  Object.keys(OUTCOME_MESSAGES) as AuditOutcome[],
  (outcome) => t(OUTCOME_MESSAGES[outcome]),
);
