/**
 * The words for each outcome, one place for every surface (popup list and results, History, the export), from
 * locales/en.yml (background.*).
 */
import { t } from '../i18n';
import type { AuditOutcome } from './types';

/** What every surface shows for a decision sent but not confirmed yet. */
export function sentWaiting(): string {
  return t('background.sentWaiting');
}

/** Read at each use (getters), so every surface gets the messages of the moment. */
export const OUTCOME_LABELS: Readonly<Record<AuditOutcome, string>> = {
  get applied() {
    return t('background.outcomeApplied');
  },
  get alreadyDecided() {
    return t('background.outcomeAlreadyDecided');
  },
  get notApplied() {
    return t('background.outcomeNotApplied');
  },
  get pendingConfirmation() {
    return sentWaiting();
  },
  get unsupported() {
    return t('background.outcomeUnsupported');
  },
  get inFlight() {
    return t('background.outcomeInFlight');
  },
  get notConfirmed() {
    return t('background.outcomeNotConfirmed');
  },
  get leftPending() {
    return t('background.outcomeLeftPending');
  },
  // Stored by versions before pendingConfirmation: the same meaning.
  get unknown() {
    return sentWaiting();
  },
};
