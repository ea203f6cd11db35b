/**
 * Settles audit entries whose outcome was left open (worker stopped mid-request, lost answer, an answer without
 * per-action results) from what the portal says now. Every open entry reaches a final state within a bounded
 * window, and the portal's history is read for them at most once per HISTORY_READ_EVERY_MS (plus once for each
 * decision newer than the last read), over the shortest range that can hold their answers.
 */
import { t } from '../i18n';
import type { CloudId } from '../portal/hosts';
import { isPending, type Action } from './model';
import type { AuditEntry, AuditOutcome } from './types';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A pending action expires in the portal this long after it was created. */
export const PORTAL_EXPIRY_MS = 7 * DAY_MS;
/** An entry the portal neither confirmed nor refused by then is closed as notConfirmed (expiry plus a day of slack). */
export const NOT_CONFIRMED_AFTER_MS = 8 * DAY_MS;
/** While entries stay open, the history is read for them at most this often. */
export const HISTORY_READ_EVERY_MS = 15 * MINUTE_MS;
/** History items carry the portal's own time: read a little before the request for clock skew. */
const CLOCK_SLACK_MS = 5 * MINUTE_MS;

const VERDICT_DECISION = { approve: 'Approved', reject: 'Rejected' } as const;
const OPEN_OUTCOMES: ReadonlySet<AuditOutcome> = new Set(['inFlight', 'pendingConfirmation', 'unknown']);

/** Outcomes not final yet; the store lists them for settlement and pruning keeps them. */
export const OPEN_AUDIT_OUTCOMES: readonly AuditOutcome[] = [...OPEN_OUTCOMES];

export function isOpen(entry: AuditEntry): boolean {
  return OPEN_OUTCOMES.has(entry.outcome);
}

/** Entries without a cloud were stored before it was recorded: they can only be read against the selected one. */
function ofCloud(entry: AuditEntry, cloud: CloudId): boolean {
  return entry.cloud === undefined || entry.cloud === cloud;
}

export interface SettleInput {
  readonly open: readonly AuditEntry[];
  /** The pending list of the poll that just succeeded. */
  readonly pending: readonly Action[];
  /** The portal's history over historyRangeToSettle's range; null when it was not read (or could not be). */
  readonly history: readonly Action[] | null;
  /** Ids with a request on the wire in this worker: their own answer settles them. */
  readonly live: ReadonlySet<string>;
  /** The cloud selected now; only its portal is read. */
  readonly cloud: CloudId;
  readonly now: number;
}

/** The entries whose outcome changes now, with the change applied. */
export function settleOpenAudits({ open, pending, history, live, cloud, now }: SettleInput): AuditEntry[] {
  const pendingById = new Map(pending.map((a) => [a.id, a]));
  const inHistory = new Map((history ?? []).filter((a) => !isPending(a)).map((a) => [a.id, a]));
  const settled: AuditEntry[] = [];
  for (const entry of open) {
    if (!isOpen(entry) || live.has(entry.actionId)) continue;
    if (!ofCloud(entry, cloud)) {
      settled.push({
        ...entry,
        outcome: 'notConfirmed',
        completedAt: now,
        message: t('background.otherCloud', [entry.cloud ?? '']),
      });
      continue;
    }
    const pendingAction = pendingById.get(entry.actionId);
    const decided = pendingAction ? undefined : inHistory.get(entry.actionId);
    if (decided && decided.decision !== null) {
      const ours = decided.decision === VERDICT_DECISION[entry.verdict];
      settled.push({
        ...entry,
        outcome: ours ? 'applied' : 'alreadyDecided',
        completedAt: now,
        serverStatus: decided.decision,
        analyst: decided.decidedBy,
        message: ours
          ? decided.decidedBy
            ? t('background.confirmedFromHistoryBy', [decided.decidedBy])
            : t('background.confirmedFromHistory')
          : // The portal's own word for the verdict (data), as History shows it.
            decided.decidedBy
            ? t('background.decidedElsewhereAsBy', [decided.decision, decided.decidedBy])
            : t('background.decidedElsewhereAs', [decided.decision]),
      });
      continue;
    }
    if (decided) {
      settled.push({
        ...entry,
        outcome: 'leftPending',
        completedAt: now,
        serverStatus: decided.status,
        message: t('background.leftPendingClosed', [decided.status]),
      });
      continue;
    }
    if (pendingAction && now >= pendingAction.createdAt + PORTAL_EXPIRY_MS) {
      settled.push({
        ...entry,
        outcome: 'leftPending',
        completedAt: now,
        message: t('background.leftPendingExpired'),
      });
      continue;
    }
    if (now >= entry.requestedAt + NOT_CONFIRMED_AFTER_MS) {
      settled.push({
        ...entry,
        outcome: 'notConfirmed',
        completedAt: now,
        message: t('background.notConfirmedInTime'),
      });
      continue;
    }
    // A worker stopped mid-request: the request may or may not have reached the portal. Still pending proves
    // nothing (the portal may apply it later), so it waits like a lost answer.
    if (entry.outcome === 'inFlight') {
      settled.push({
        ...entry,
        outcome: 'pendingConfirmation',
        message: t('background.stoppedBeforeAnswer'),
      });
    }
  }
  return settled;
}

export interface HistoryRangeInput {
  readonly open: readonly AuditEntry[];
  readonly pending: readonly Action[];
  readonly live: ReadonlySet<string>;
  readonly cloud: CloudId;
  readonly now: number;
  /** When the history was last read for settlement; null when never (or not known). */
  readonly lastReadAt: number | null;
}

/**
 * The history range to read for settlement now, or null for no read: only entries of the selected cloud that are
 * neither pending nor on the wire need it; once per HISTORY_READ_EVERY_MS, except at once for an entry requested
 * after the last read. The range starts at the oldest such request (at most the settlement window back).
 */
export function historyRangeToSettle({ open, pending, live, cloud, now, lastReadAt }: HistoryRangeInput): { from: number; to: number } | null {
  const pendingIds = new Set(pending.map((a) => a.id));
  const needing = open.filter((e) => isOpen(e) && ofCloud(e, cloud) && !live.has(e.actionId) && !pendingIds.has(e.actionId));
  if (needing.length === 0) return null;
  const due =
    lastReadAt === null ||
    lastReadAt > now || // a clock set back: do not wait for it to catch up
    now - lastReadAt >= HISTORY_READ_EVERY_MS ||
    needing.some((e) => e.requestedAt >= lastReadAt);
  if (!due) return null;
  const oldest = Math.min(...needing.map((e) => e.requestedAt));
  return { from: Math.max(oldest - CLOCK_SLACK_MS, now - NOT_CONFIRMED_AFTER_MS), to: now };
}
