/**
 * The normalised Action every surface sees. Only utils/portal/ knows the portal's raw JSON;
 * it converts into this shape.
 */
import { formatNumber, messageTable, t } from '../i18n';

export type Verdict = 'approve' | 'reject';

export type ActionDecision = 'Approved' | 'Rejected' | null;

export interface Action {
  /** ActionId (GUID string from the portal); validated to be URL-safe before use. */
  readonly id: string;
  /** BulkId, shown as "Approval ID" in the portal grid; the key for matching grid rows. */
  readonly approvalId: string | null;
  /** InvestigationId as text (the portal sends a number or null). */
  readonly investigationId: string | null;
  /** Raw ActionType, e.g. IsolateResponse. */
  readonly type: string;
  /**
   * The portal's own (English) name of the type, e.g. "Isolate device"; the raw value when unknown. The page
   * adapter recognises the portal's cells by it, so it is never localised: surfaces show
   * `actionTypeText(typeLabel)` (utils/portal/contract.ts), our word in the analyst's language.
   */
  readonly typeLabel: string;
  /** EntityType as sent, e.g. Machine, File, MailMessage, Url, User. */
  readonly entityType: string;
  /** The portal's (English) name of the entity type, e.g. "Device" for Machine; shown through `entityTypeText`. */
  readonly entityTypeLabel: string;
  /** The best human name of the entity: device, file, subject, URL, UPN... */
  readonly entityName: string;
  /** ComputerName ("Asset" column), when there is one. */
  readonly asset: string | null;
  /** ActionStatus, e.g. Pending, Completed, Failed. */
  readonly status: string;
  readonly decision: ActionDecision;
  readonly decidedBy: string | null;
  readonly comment: string | null;
  /** The portal's (English) name of the ActionSource, e.g. "Automated investigation"; shown through `actionSourceText`. */
  readonly source: string | null;
  /** Product, e.g. MDE, MDO. */
  readonly product: string | null;
  /** When the action was created (EventTime, else StartTime), epoch ms UTC. */
  readonly createdAt: number;
  /** Last update (EndTime, else EventTime), epoch ms UTC. */
  readonly updatedAt: number;
  /** StartTime when the portal sent one, epoch ms UTC (absent on actions stored before it was kept). */
  readonly startedAt?: number;
  /** An expiry time the portal stated itself (no such field is documented; see utils/actions/expiry.ts). */
  readonly expiresAt?: number;
  /** Extra display facts (sender, recipient, file path, ...), text only. */
  readonly details: Readonly<Record<string, string>>;
  /**
   * What tells this action apart from others of its type (sender and recipient of an email, a file's device and
   * path, a URL's domain...), in display order; from the contract's `distinguishingParts`. Absent on actions
   * stored before it was kept.
   */
  readonly distinguishing?: readonly DetailPart[];
}

/** Kinds of distinguishing facts; each has a label in locales/en.yml `labels.detail`. */
export type DetailKind = 'investigation' | 'host' | 'path' | 'sender' | 'recipient' | 'subject' | 'domain' | 'upn' | 'approvalId';

/** One distinguishing fact: portal data (shown as text, never translated) under a label of ours. */
export interface DetailPart {
  readonly kind: DetailKind;
  readonly value: string;
}

/** Our word for a kind of distinguishing fact ("From", "Path", "Approval ID"). */
export function detailKindLabel(kind: DetailKind): string {
  return t(`labels.detail.${kind}`);
}

export function isPending(action: Action): boolean {
  return action.decision === null && action.status.toLowerCase() === 'pending';
}

/** Age thresholds in minutes; a badge escalates as each is passed. */
export interface AgeThresholds {
  readonly warnMinutes: number;
  readonly alertMinutes: number;
  readonly criticalMinutes: number;
}

export type AgeLevel = 'fresh' | 'warn' | 'alert' | 'critical';

export function ageLevel(createdAt: number, now: number, t: AgeThresholds): AgeLevel {
  const minutes = (now - createdAt) / 60_000;
  if (minutes >= t.criticalMinutes) return 'critical';
  if (minutes >= t.alertMinutes) return 'alert';
  if (minutes >= t.warnMinutes) return 'warn';
  return 'fresh';
}

/** Compact age such as "45 s", "12 min", "5 h", "3 d" for badges. */
export function formatAge(createdAt: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - createdAt) / 1000));
  if (seconds < 60) return t('labels.age.seconds', [formatNumber(seconds)]);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('labels.age.minutes', [formatNumber(minutes)]);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('labels.age.hours', [formatNumber(hours)]);
  return t('labels.age.days', [formatNumber(Math.floor(hours / 24))]);
}

/** Pending actions expire after one week in the portal. */
export const PENDING_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Raw ActionType → what it takes away, for the types that cut a device or user off (containment) or remove
 * something (destructive). Kept here, not in utils/portal/contract.ts beside ACTION_TYPE_LABELS, so that every
 * surface can ask without bundling the portal's schemas. Surfaces mark these with an icon and a word (never
 * colour alone). Types not listed (scans, collection, releases) are ordinary.
 */
export type ActionImpact = 'containment' | 'destructive';
export const ACTION_TYPE_IMPACT: Readonly<Record<string, ActionImpact>> = {
  IsolateResponse: 'containment',
  ContainDeviceResponse: 'containment',
  RestrictCodeExecutionResponse: 'containment',
  DisableUserResponse: 'containment',
  ResetUserPasswordResponse: 'containment',
  ConfirmUserCompromisedResponse: 'containment',
  DisableExternalMailForwardingResponse: 'containment',
  OffboardMachineResponse: 'destructive',
  SoftDeleteEmailResponse: 'destructive',
  RemoveRegistryKeyResponse: 'destructive',
  RemoveScheduledTaskResponse: 'destructive',
  DisableDriverResponse: 'destructive',
  StopServiceResponse: 'destructive',
  KillProcessResponse: 'destructive',
};

/** Words for an impact, shown beside its icon (read when used, so they follow the UI language). */
export const IMPACT_LABELS: Readonly<Record<ActionImpact, string>> = messageTable(['containment', 'destructive'], (impact) => t(`labels.impact.${impact}`));

/** The impact of an action's raw type, or null for an ordinary (or unknown) one. */
export function impactOf(action: Pick<Action, 'type'>): ActionImpact | null {
  return Object.hasOwn(ACTION_TYPE_IMPACT, action.type) ? (ACTION_TYPE_IMPACT[action.type] ?? null) : null;
}

/** From this many actions a bulk decision asks for a second, explicit yes. */
export const BULK_REVIEW_THRESHOLD = 50;

/**
 * Whether deciding these actions together needs a second, explicit yes after a reviewed list: a long bulk, or a
 * bulk that includes containment or destructive types. Asked even when confirmation is off in the options.
 */
export function needsReview(actions: readonly Pick<Action, 'type'>[]): boolean {
  return actions.length >= BULK_REVIEW_THRESHOLD || (actions.length > 1 && actions.some((a) => impactOf(a) !== null));
}
