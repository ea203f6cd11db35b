/**
 * Shared shapes of the sync state and of decisions, as the background publishes them to every surface.
 */
import type { CloudId } from '../portal/hosts';
import type { PortalError } from '../portal/errors';
import type { Action, Verdict } from './model';
import type { DecisionScope } from './permissions';

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
  /**
   * Kinds of action the portal refused a decision on for the analyst's role (403), e.g. email actions without
   * "Search and Purge". Cleared by the next good poll, an applied decision of that kind, or clearing local data.
   */
  readonly refusedScopes: readonly DecisionScope[];
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
 * - alreadyDecided: someone else decided first (decidedBy tells who, when known), or this same browser is already
 *   deciding it (then nothing was sent for this caller)
 * - notApplied: the server answered and definitely did not apply it (failed, not found, refused)
 * - pendingConfirmation: sent, waiting for the portal: the answer was lost, carried no per-action result, or the
 *   action still looked pending right after; not final, the audit settlement decides on later polls
 * - unsupported: the portal does not accept decisions from the extension
 * - pendingConfirmation: sent and taken (2xx) but not yet confirmed per action; the next reads settle it
 */
export type DecisionOutcome = 'applied' | 'alreadyDecided' | 'notApplied' | 'pendingConfirmation' | 'unsupported';

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

/**
 * An audit entry's outcome. Besides the decision outcomes:
 * - inFlight: written before the request; a worker stopped mid-request leaves it, settled by the next polls
 * - notConfirmed: final; the portal never confirmed nor refused within the settlement window (or the entry belongs
 *   to a cloud no longer selected, which is no longer read)
 * - leftPending: final; the action stayed pending with no verdict until the portal's own expiry
 * - unknown: stored by versions before pendingConfirmation existed; read and settled like it
 */
export type AuditOutcome = DecisionOutcome | 'inFlight' | 'notConfirmed' | 'leftPending' | 'unknown';

/** One decision made through the extension: written before the request is sent, completed after. */
export interface AuditEntry {
  /** Unique per action per attempt. */
  readonly id: string;
  readonly actionId: string;
  readonly verdict: Verdict;
  readonly comment: string;
  readonly surface: Surface;
  /** The cloud the decision was sent to; absent on entries stored before it was recorded. */
  readonly cloud?: CloudId;
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
