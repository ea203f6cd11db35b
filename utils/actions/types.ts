/**
 * Shared shapes of the sync state and of decisions, as the background publishes them to every surface.
 */
import type { CloudId } from '../portal/hosts';
import type { PortalError } from '../portal/errors';
import type { Action, Verdict } from './model';

export type Surface = 'popup' | 'portal' | 'notification';

export interface SyncState {
  readonly cloud: CloudId;
  /** Last known pending actions, newest first. Kept (and shown as stale) while an error lasts. */
  readonly pending: readonly Action[];
  /** Error of the last poll; null after a good poll. */
  readonly error: PortalError | null;
  readonly lastSuccessAt: number | null;
  readonly lastAttemptAt: number | null;
  /** When the next scheduled poll will run; null when polling is paused (signed out, no permission). */
  readonly nextPollAt: number | null;
  readonly polling: boolean;
  /** False once the portal refused a decision for the role (403); null while unknown. */
  readonly canDecide: boolean | null;
  /** Items the portal sent that did not fit the contract and were skipped. */
  readonly skippedItems: number;
  /**
   * The portal's own count of pending actions when it is more than it sent (paging came up short): surfaces say
   * "showing N of M". Null or absent (states saved before it existed) when the list is complete.
   */
  readonly portalTotal?: number | null;
}

export interface SyncDiff {
  readonly added: readonly string[];
  readonly decided: readonly string[];
  readonly gone: readonly string[];
}

export interface DecisionRequest {
  readonly actionIds: readonly string[];
  readonly verdict: Verdict;
  readonly comment: string;
  readonly surface: Surface;
}

/**
 * What happened to one action. Only `applied` means the server confirmed our decision.
 * - alreadyDecided: someone else decided first (decidedBy tells who, when known)
 * - notApplied: the server answered and did not apply it (failed, not found, refused)
 * - unknown: the answer was lost and the re-read could not tell; resolved later from history
 * - unsupported: the portal does not accept decisions from the extension
 */
export type DecisionOutcome = 'applied' | 'alreadyDecided' | 'notApplied' | 'unknown' | 'unsupported';

export interface ActionDecisionResult {
  readonly actionId: string;
  readonly outcome: DecisionOutcome;
  readonly decidedBy: string | null;
  /** Plain words for the analyst. */
  readonly message: string;
  readonly error: PortalError | null;
}

export interface DecisionReport {
  readonly results: readonly ActionDecisionResult[];
  /** Set when the whole request failed (signed out, forbidden, rate limited, ...). */
  readonly error: PortalError | null;
}

export type AuditOutcome = DecisionOutcome | 'inFlight';

/** One decision made through the extension: written before the request is sent, completed after. */
export interface AuditEntry {
  /** Unique per action per attempt. */
  readonly id: string;
  readonly actionId: string;
  readonly verdict: Verdict;
  readonly comment: string;
  readonly surface: Surface;
  readonly requestedAt: number;
  readonly completedAt: number | null;
  readonly outcome: AuditOutcome;
  /** The portal's own status for this action (Approved, AlreadyDecided, ...), when it sent one. */
  readonly serverStatus: string | null;
  /** The analyst as the portal reports it (DecidedBy). */
  readonly analyst: string | null;
  readonly message: string;
  readonly action: {
    readonly type: string;
    readonly typeLabel: string;
    readonly entityType: string;
    readonly entityName: string;
    readonly investigationId: string | null;
    readonly approvalId: string | null;
  };
}
