/**
 * The words for each outcome, one place for every surface (popup list and results, History, the export).
 */
import type { AuditOutcome } from './types';

/** What every surface shows for a decision sent but not confirmed yet. */
export const SENT_WAITING = 'Sent, waiting for the portal';

export const OUTCOME_LABELS: Readonly<Record<AuditOutcome, string>> = {
  applied: 'Done',
  alreadyDecided: 'Decided elsewhere',
  notApplied: 'Failed',
  pendingConfirmation: SENT_WAITING,
  unsupported: 'Not supported',
  inFlight: 'In flight',
  notConfirmed: 'Not confirmed by the portal',
  leftPending: 'Left pending',
  // Stored by versions before pendingConfirmation: the same meaning.
  unknown: SENT_WAITING,
};
