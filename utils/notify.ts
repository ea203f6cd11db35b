/**
 * Desktop notifications for new pending actions: what to announce (pure, unit-tested), the `notified` store
 * that makes each action announce at most once across worker and browser restarts, and click routing.
 *
 * Decisions worth knowing:
 * - "New" means "pending and not in the notified store", not "in this poll's diff": an announcement lost to a
 *   worker stopped between the poll's commit and this code is made on the next poll instead of never.
 * - Every new action is recorded as seen, announced or not. One silenced by quiet hours, the type filter, a
 *   focused portal tab or notifications being off never pops up later as "new"; the badge and popup show it.
 * - Records are written before the notification is created: a restart in between loses one notification
 *   rather than showing it twice.
 * - After install, or after no good poll for longer than the longest poll interval, one catch-up summary says
 *   how many actions are waiting instead of one notification each.
 */
import { isSafeId } from './portal/contract';
import { browser, type Browser, type PublicPath } from 'wxt/browser';
import { impactOf, isPending, type Action, type Verdict } from './actions/model';
import { expiresAt, expiryLevel, type ExpiryThresholds } from './actions/expiry';
import { formatDateTime, formatNumber, formatUnit, t } from './i18n';
import { E2E_NOTIFICATION_HOOK, type NotificationEventsHook } from './e2eHooks';
import type { SyncState } from './actions/types';
import { MAX_POLL_MINUTES, type NotificationSettings } from './settings';
import type { NotifiedRecord } from './store/db';
import { getMeta, loadPending, markNotified, notifiedAmong, setMeta } from './store/queries';

// --- ids --------------------------------------------------------------------------------------

const ACTION_PREFIX = 'acc-action:';
const SUMMARY_PREFIX = 'acc-summary:';
const SUMMARY_ID = /^acc-summary:\d{1,16}$/;

/** Only an id the contract calls safe goes into a notification id or a URL (one rule: contract.ts isSafeId). */
export function isActionId(value: unknown): value is string {
  return isSafeId(value);
}

export function actionNotificationId(actionId: string): string {
  if (!isActionId(actionId)) throw new Error('Not an action id');
  return `${ACTION_PREFIX}${actionId}`;
}

export function summaryNotificationId(now: number): string {
  return `${SUMMARY_PREFIX}${Math.max(0, Math.floor(now))}`;
}

export type NotificationTarget = { readonly kind: 'action'; readonly actionId: string } | { readonly kind: 'summary' };

/** What a notification id points to; null for anything we did not create (other ids are never trusted). */
export function parseNotificationId(id: unknown): NotificationTarget | null {
  if (typeof id !== 'string') return null;
  if (id.startsWith(ACTION_PREFIX)) {
    const actionId = id.slice(ACTION_PREFIX.length);
    return isActionId(actionId) ? { kind: 'action', actionId } : null;
  }
  return SUMMARY_ID.test(id) ? { kind: 'summary' } : null;
}

// --- text -------------------------------------------------------------------------------------

export const TITLE_MAX = 80;
export const MESSAGE_MAX = 160;

/** Bidi overrides/isolates/marks and zero-width characters: they let a hostile entity name reorder or hide text. */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD\u180E]|\u034F/g;
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

/** Plain, single-line, bounded text: strips invisible and control characters, caps by code points. */
export function cleanText(text: string, max: number): string {
  const flat = text.replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  const points = [...flat];
  return points.length <= max ? flat : `${points.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

/** "12 min", "3 hr", "2 days" in the analyst's language: seconds under a minute, hours under two days. */
function duration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return formatUnit(seconds, 'second', 'short');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return formatUnit(minutes, 'minute', 'short');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return formatUnit(hours, 'hour', 'short');
  return formatUnit(Math.floor(hours / 24), 'day', 'short');
}

/** A clock time ("14:05", "2:05 PM") in the analyst's language. */
function clock(at: number): string {
  return formatDateTime(at, { hour: '2-digit', minute: '2-digit' });
}

/** "Isolate device: ws-berlin", or the type alone when the portal names no entity. */
function typeAndEntity(label: string, entity: string): string {
  return entity ? t('notify.titleWithEntity', [label, entity]) : label;
}

// --- priority ---------------------------------------------------------------------------------

export type NotificationPriority = 0 | 1 | 2;

/**
 * Raw ActionType values that only read or scan (nothing on the device or mailbox changes): quiet.
 */
const READ_ONLY_TYPES: ReadonlySet<string> = new Set([
  'AntivirusScanResponse',
  'CollectInvestigationPackageResponse',
  'RequestSampleResponse',
]);

/**
 * How loud an action is, from its raw type (never the portal's words for it, which change with its language):
 * 2 for the containment and destructive types that every surface marks with an icon and confirms (impactOf, one
 * table for all); 0 for types that only read or scan; 1 for the rest (quarantine, block) and unknown types.
 */
export function priorityOf(action: Pick<Action, 'type'>): NotificationPriority {
  if (impactOf(action) !== null) return 2;
  return READ_ONLY_TYPES.has(action.type) ? 0 : 1;
}

// --- filters ----------------------------------------------------------------------------------

/** Minutes since local midnight for 'HH:MM', or null when malformed. */
export function parseTimeOfDay(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/**
 * Whether `at` (read in the browser's local time) falls in [start, end). A range whose start is after its end
 * crosses midnight (22:00–07:00). Equal start and end is an empty range: it silences nothing.
 */
export function inQuietHours(quiet: NotificationSettings['quietHours'], at: Date): boolean {
  if (!quiet.enabled) return false;
  const start = parseTimeOfDay(quiet.start);
  const end = parseTimeOfDay(quiet.end);
  if (start === null || end === null || start === end) return false;
  const minute = at.getHours() * 60 + at.getMinutes();
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The type filter holds raw ActionType values; empty means every type. */
export function wantsType(settings: Pick<NotificationSettings, 'actionTypes'>, action: Pick<Action, 'type'>): boolean {
  return settings.actionTypes.length === 0 || settings.actionTypes.includes(action.type);
}

// --- the plan ---------------------------------------------------------------------------------

/** Longer than the longest poll interval (plus alarm slack): a gap this long means the analyst was away. */
export const CATCH_UP_AFTER_MS = (MAX_POLL_MINUTES + 30) * 60_000;

export interface PlannedNotification {
  readonly id: string;
  readonly title: string;
  readonly message: string;
  readonly priority: NotificationPriority;
  /** The action it opens; null for a summary. */
  readonly actionId: string | null;
}

export type Silenced = 'disabled' | 'quietHours' | 'portalFocused' | null;

export interface AnnouncePlan {
  /** Every new action, each pointing at the notification that announced it (null when silenced or filtered). */
  readonly records: readonly NotifiedRecord[];
  readonly notifications: readonly PlannedNotification[];
  readonly silenced: Silenced;
}

export interface PlanInput {
  /** Pending actions of the poll. */
  readonly pending: readonly Action[];
  /** Ids already in the notified store. */
  readonly alreadyNotified: ReadonlySet<string>;
  readonly settings: NotificationSettings;
  readonly now: number;
  /** No baseline yet, or the last look is older than CATCH_UP_AFTER_MS. */
  readonly catchUp: boolean;
  /** Whether a portal tab has focus; asked only when the setting needs it. */
  readonly portalFocused: boolean;
}

function whySilenced(input: PlanInput): Silenced {
  if (!input.settings.enabled) return 'disabled';
  if (inQuietHours(input.settings.quietHours, new Date(input.now))) return 'quietHours';
  if (input.settings.onlyWhenPortalNotFocused && input.portalFocused) return 'portalFocused';
  return null;
}

function singleNotification(action: Action, now: number): PlannedNotification {
  const label = cleanText(action.typeLabel || action.type, TITLE_MAX);
  const entity = cleanText(action.entityName, TITLE_MAX);
  const investigation = action.investigationId ? t('notify.investigation', [cleanText(action.investigationId, 24)]) : t('notify.noInvestigation');
  return {
    id: actionNotificationId(action.id),
    title: cleanText(typeAndEntity(label, entity), TITLE_MAX),
    message: cleanText(t('notify.pendingFor', [investigation, duration(now - action.createdAt)]), MESSAGE_MAX),
    priority: priorityOf(action),
    actionId: action.id,
  };
}

/** "Isolate device ×3, Run antivirus scan" — loudest types first. */
function typeBreakdown(actions: readonly Action[]): string {
  const counts = new Map<string, { count: number; priority: NotificationPriority }>();
  for (const a of actions) {
    const label = cleanText(a.typeLabel || a.type, 40);
    const entry = counts.get(label) ?? { count: 0, priority: priorityOf(a) };
    counts.set(label, { ...entry, count: entry.count + 1 });
  }
  const parts = [...counts]
    .sort(([, x], [, y]) => y.priority - x.priority || y.count - x.count)
    .map(([label, { count }]) => (count > 1 ? t('notify.typeTimes', [label, formatNumber(count)]) : label));
  return cleanText(parts.join(t('notify.listSeparator')), MESSAGE_MAX);
}

function loudest(actions: readonly Action[]): NotificationPriority {
  return actions.reduce<NotificationPriority>((max, a) => (priorityOf(a) > max ? priorityOf(a) : max), 0);
}

function summaryTitle(actions: readonly Action[]): string {
  const investigations = new Set(actions.flatMap((a) => (a.investigationId ? [a.investigationId] : []))).size;
  const what = t('notify.newPending', actions.length, [formatNumber(actions.length)]);
  return investigations > 0 ? t('notify.newPendingIn', [what, t('notify.investigations', investigations, [formatNumber(investigations)])]) : what;
}

/** Pure: which new actions to record, and which notifications to raise for them. */
export function planAnnouncements(input: PlanInput): AnnouncePlan {
  const { now, settings } = input;
  const pending = input.pending.filter((a) => isPending(a) && isActionId(a.id));
  const fresh = pending.filter((a) => !input.alreadyNotified.has(a.id));
  const silenced = whySilenced(input);
  const wanted = silenced ? [] : fresh.filter((a) => wantsType(settings, a));
  const notifiedBy = new Map<string, string>();
  const notifications: PlannedNotification[] = [];

  if (wanted.length > 0 && input.catchUp) {
    // All that is waiting (of the wanted types), not only what is new since the last look.
    const waiting = pending.filter((a) => wantsType(settings, a));
    const id = summaryNotificationId(now);
    notifications.push({
      id,
      title: t('notify.waiting', waiting.length, [formatNumber(waiting.length)]),
      message:
        wanted.length === waiting.length
          ? typeBreakdown(waiting)
          : cleanText(t('notify.newSinceLastCheck', wanted.length, [formatNumber(wanted.length), typeBreakdown(waiting)]), MESSAGE_MAX),
      priority: loudest(waiting),
      actionId: null,
    });
    for (const a of wanted) notifiedBy.set(a.id, id);
  } else if (wanted.length > settings.summaryThreshold) {
    const id = summaryNotificationId(now);
    notifications.push({ id, title: summaryTitle(wanted), message: typeBreakdown(wanted), priority: loudest(wanted), actionId: null });
    for (const a of wanted) notifiedBy.set(a.id, id);
  } else {
    for (const a of wanted) {
      const single = singleNotification(a, now);
      notifications.push(single);
      notifiedBy.set(a.id, single.id);
    }
  }

  const records = fresh.map((a) => ({ actionId: a.id, notifiedAt: now, notificationId: notifiedBy.get(a.id) ?? null }));
  return { records, notifications, silenced };
}

// --- expiry warnings --------------------------------------------------------------------------

/**
 * Each action is warned about once when it crosses the alert threshold and once at the critical one. The marks
 * live in the same `notified` store as announcements, under keys no portal action id can take (`:` is not in
 * ACTION_ID), so a worker or browser restart never repeats one, and pruning forgets them with the rest.
 */
export type ExpiryStage = 'alert' | 'critical';

export function expiryMarkKey(stage: ExpiryStage, actionId: string): string {
  return `expiry-${stage}:${actionId}`;
}

export interface ExpiryPlanInput {
  readonly pending: readonly Action[];
  /** Expiry mark keys already in the notified store (expiryMarkKey). */
  readonly marked: ReadonlySet<string>;
  readonly settings: NotificationSettings;
  readonly thresholds: ExpiryThresholds;
  readonly now: number;
  readonly portalFocused: boolean;
}

export interface ExpiryPlan {
  readonly records: readonly NotifiedRecord[];
  readonly notifications: readonly PlannedNotification[];
}

function expiryNotification(action: Action, stage: ExpiryStage, now: number): PlannedNotification {
  const label = cleanText(action.typeLabel || action.type, TITLE_MAX);
  const entity = cleanText(action.entityName, TITLE_MAX);
  const at = expiresAt(action);
  return {
    id: actionNotificationId(action.id),
    title: cleanText(t('notify.expiresIn', [at > now ? duration(Math.max(60_000, at - now)) : t('notify.expired'), typeAndEntity(label, entity)]), TITLE_MAX),
    message: cleanText(
      `${t('notify.decideBefore', [clock(at)])}${stage === 'critical' ? ` ${t('notify.lastWarning')}` : ''}`,
      MESSAGE_MAX,
    ),
    // Critical: as loud as the loudest type; alert: at least normal.
    priority: stage === 'critical' ? 2 : (Math.max(1, priorityOf(action)) as NotificationPriority),
    actionId: action.id,
  };
}

/**
 * Pure: which expiry warnings are due. Actions of types the analyst filtered out, or with notifications off, are
 * marked without a notification (never warned later). Quiet hours and a focused portal defer a warning instead
 * (not marked: it comes when they end, if the action is still pending); the critical one breaks quiet hours only
 * when the analyst turned that on. A warning skipped to critical is marked at both stages. More warnings than the
 * summary threshold at once become one summary.
 */
export function planExpiryWarnings(input: ExpiryPlanInput): ExpiryPlan {
  const { now, settings } = input;
  const quiet = inQuietHours(settings.quietHours, new Date(now));
  const deferred = (stage: ExpiryStage) =>
    (quiet && !(stage === 'critical' && settings.criticalExpiryInQuietHours)) || (settings.onlyWhenPortalNotFocused && input.portalFocused);
  const records: NotifiedRecord[] = [];
  const due: { action: Action; stage: ExpiryStage }[] = [];
  for (const action of input.pending) {
    if (!isPending(action) || !isActionId(action.id)) continue;
    const level = expiryLevel(action, now, input.thresholds);
    if (level !== 'alert' && level !== 'critical') continue;
    const stage: ExpiryStage = level;
    if (input.marked.has(expiryMarkKey(stage, action.id))) continue;
    const silent = !settings.enabled || !wantsType(settings, action);
    if (!silent && deferred(stage)) continue;
    const stages: ExpiryStage[] = stage === 'critical' ? ['alert', 'critical'] : ['alert'];
    const notificationId = silent ? null : actionNotificationId(action.id);
    for (const s of stages) {
      if (!input.marked.has(expiryMarkKey(s, action.id))) records.push({ actionId: expiryMarkKey(s, action.id), notifiedAt: now, notificationId });
    }
    if (!silent) due.push({ action, stage });
  }
  if (due.length > settings.summaryThreshold) {
    const soonest = due.reduce((a, b) => (expiresAt(b.action) < expiresAt(a.action) ? b : a));
    // A distinct id from the new-action summary of the same poll.
    const id = summaryNotificationId(now + 1);
    const critical = due.filter((d) => d.stage === 'critical').length;
    return {
      records: records.map((r) => (r.notificationId ? { ...r, notificationId: id } : r)),
      notifications: [
        {
          id,
          title: t('notify.expiresSoon', due.length, [formatNumber(due.length)]),
          message: cleanText(
            `${
              critical > 0
                ? t('notify.firstAtCritical', critical, [formatNumber(critical), clock(expiresAt(soonest.action))])
                : t('notify.firstAt', [clock(expiresAt(soonest.action))])
            } ${typeBreakdown(due.map((d) => d.action))}`,
            MESSAGE_MAX,
          ),
          priority: 2,
          actionId: null,
        },
      ],
    };
  }
  return { records, notifications: due.map((d) => expiryNotification(d.action, d.stage, now)) };
}

// --- browser glue -----------------------------------------------------------------------------

/** Firefox has no notification buttons (and rejects none, but shows none): there a click opens the popup page. */
export function notificationButtonsSupported(): boolean {
  return !import.meta.env.FIREFOX;
}

const ICON_PATH = '/icon/128.png' satisfies PublicPath;

export interface AnnounceDeps {
  readonly now: () => number;
  readonly settings: () => Promise<NotificationSettings>;
  readonly portalTabFocused: () => Promise<boolean>;
  /** Expiry thresholds; without them no expiry warnings are made. */
  readonly expiryThresholds?: () => Promise<ExpiryThresholds>;
  /** Defaults to what the browser supports; tests set it. */
  readonly buttons?: boolean;
}

function creationOptions(planned: PlannedNotification, buttons: boolean): Browser.notifications.NotificationCreateOptions {
  const base = {
    type: 'basic' as const,
    iconUrl: browser.runtime.getURL(ICON_PATH),
    title: planned.title,
    message: planned.message,
  };
  if (!buttons) return base;
  return {
    ...base,
    priority: planned.priority,
    contextMessage: t('ext.name'),
    ...(planned.actionId ? { buttons: [{ title: t('notify.buttonApprove') }, { title: t('notify.buttonOpen') }] } : {}),
  };
}

async function createQuietly(planned: PlannedNotification, buttons: boolean): Promise<void> {
  try {
    await browser.notifications.create(planned.id, creationOptions(planned, buttons));
  } catch (error) {
    // Already recorded as seen: a missing icon or a refused notification must not fail the poll or repeat.
    console.warn('Action Center Companion: could not show a notification', error);
  }
}

async function announce(state: SyncState, deps: AnnounceDeps): Promise<void> {
  const now = deps.now();
  const pending = state.pending.filter((a) => isPending(a) && isActionId(a.id));
  const [settings, seen, baselineAt] = await Promise.all([
    deps.settings(),
    notifiedAmong(pending.map((a) => a.id)),
    getMeta('baselineAt'),
  ]);
  const hasFresh = pending.some((a) => !seen.has(a.id));
  // baselineAt is "when notify last looked at the pending list"; a long gap means a catch-up.
  const catchUp = baselineAt === undefined || now - baselineAt > CATCH_UP_AFTER_MS;
  const portalFocused = hasFresh && settings.enabled && settings.onlyWhenPortalNotFocused ? await deps.portalTabFocused() : false;
  const plan = planAnnouncements({ pending, alreadyNotified: new Set(seen.keys()), settings, now, catchUp, portalFocused });
  if (plan.records.length > 0) await markNotified(plan.records);
  await setMeta('baselineAt', now);
  const buttons = deps.buttons ?? notificationButtonsSupported();
  await Promise.all(plan.notifications.map((n) => createQuietly(n, buttons)));
  if (deps.expiryThresholds) await warnExpiring(pending, settings, await deps.expiryThresholds(), now, deps, buttons);
}

async function warnExpiring(
  pending: readonly Action[],
  settings: NotificationSettings,
  thresholds: ExpiryThresholds,
  now: number,
  deps: AnnounceDeps,
  buttons: boolean,
): Promise<void> {
  const keys = pending.flatMap((a) => [expiryMarkKey('alert', a.id), expiryMarkKey('critical', a.id)]);
  const marked = new Set((await notifiedAmong(keys)).keys());
  const portalFocused = settings.enabled && settings.onlyWhenPortalNotFocused ? await deps.portalTabFocused() : false;
  const plan = planExpiryWarnings({ pending, marked, settings, thresholds, now, portalFocused });
  // Marked before shown, as announcements are: a restart in between loses a warning rather than repeating it.
  if (plan.records.length > 0) await markNotified(plan.records);
  await Promise.all(plan.notifications.map((n) => createQuietly(n, buttons)));
}

let announcing: Promise<void> = Promise.resolve();

/**
 * Announces pending actions never announced before (see the file comment). Never rejects: a notification
 * problem must not turn a good poll into a failed one. Runs one at a time so two calls cannot both see an
 * action as new. What is new comes from the notified store, not the poll's diff, so an action whose poll
 * was saved just before the worker stopped is still announced on the next one.
 */
export function announceNew(state: SyncState, deps: AnnounceDeps): Promise<void> {
  const run = announcing.then(() => announce(state, deps));
  announcing = run.catch((error: unknown) => console.warn('Action Center Companion: notifications failed', error));
  return announcing;
}

/**
 * Clears the notifications of actions that were decided or left the list. A summary goes once none of the
 * actions it announced is still pending. The records stay, so the actions are never announced again.
 */
export async function clearNotificationsFor(actionIds: readonly string[]): Promise<void> {
  try {
    const closing = new Set(actionIds.filter(isActionId));
    if (closing.size === 0) return;
    const records = await notifiedAmong([...closing]);
    const ids = new Set([...records.values()].flatMap((r) => (r.notificationId ? [r.notificationId] : [])));
    // An expiry warning has the action's own id even when its announcement was a summary.
    for (const id of closing) ids.add(actionNotificationId(id));
    const summaries = [...ids].filter((id) => parseNotificationId(id)?.kind === 'summary');
    if (summaries.length > 0) {
      const stillPending = (await loadPending()).filter((a) => !closing.has(a.id)).map((a) => a.id);
      const inUse = new Set([...(await notifiedAmong(stillPending)).values()].map((r) => r.notificationId));
      for (const id of summaries) if (inUse.has(id)) ids.delete(id);
    }
    await Promise.all([...ids].map((id) => browser.notifications.clear(id).catch(() => false)));
  } catch (error) {
    console.warn('Action Center Companion: could not clear notifications', error);
  }
}

// --- the decision window and click routing ---------------------------------------------------

export interface DecisionLink {
  readonly actionId: string;
  /** The verdict to ask about at once; null only focuses the action. */
  readonly verdict: Verdict | null;
}

/** The popup page's query for one action: `?action=<id>&verdict=approve`. */
export function decisionLinkSearch(link: DecisionLink): string {
  if (!isActionId(link.actionId)) throw new Error('Not an action id');
  const params = new URLSearchParams({ action: link.actionId });
  if (link.verdict) params.set('verdict', link.verdict);
  return `?${params.toString()}`;
}

/** Reads `?action=…&verdict=…`; anything malformed is ignored (the popup then opens as usual). */
export function parseDecisionLink(search: string): DecisionLink | null {
  const params = new URLSearchParams(search);
  const actionId = params.get('action');
  if (!isActionId(actionId)) return null;
  const verdict = params.get('verdict');
  return { actionId, verdict: verdict === 'approve' || verdict === 'reject' ? verdict : null };
}

/** Opens the popup page in a small window on one action, asking for `verdict` when given. */
export async function openDecisionWindow(actionId: string, verdict: Verdict | null): Promise<void> {
  if (!isActionId(actionId)) return;
  const url = browser.runtime.getURL(`/popup.html${decisionLinkSearch({ actionId, verdict })}`);
  // A new window takes focus by itself in Chrome and Firefox; the brief's size fits the popup's layout.
  await browser.windows.create({ type: 'popup', width: 560, height: 600, url });
}

export interface NotificationHandlers {
  /** Opens the action in the portal; null opens the Action center. */
  readonly openAction: (actionId: string | null) => Promise<void>;
  /** Opens the confirmation for approving it (never decides by itself). */
  readonly approveAction: (actionId: string) => Promise<void>;
}

/**
 * Routes clicks. Chrome/Edge: body → open in the portal; buttons → Approve… / Open. Firefox (no buttons):
 * body → the popup page on that action, where it can be approved or rejected. Summaries open the Action center.
 * Returns a function that removes the listeners.
 */
export function registerNotificationEvents(
  handlers: NotificationHandlers,
  options: { readonly buttons?: boolean } = {},
): () => void {
  const buttons = options.buttons ?? notificationButtonsSupported();
  const run = (id: string, task: () => Promise<void>) => {
    void browser.notifications.clear(id).catch(() => false);
    void task().catch((error: unknown) => console.warn('Action Center Companion: notification action failed', error));
  };
  const onClicked = (id: string) => {
    const target = parseNotificationId(id);
    if (!target) return;
    if (target.kind === 'summary') run(id, () => handlers.openAction(null));
    else if (buttons) run(id, () => handlers.openAction(target.actionId));
    else run(id, () => openDecisionWindow(target.actionId, null));
  };
  const onButtonClicked = (id: string, index: number) => {
    const target = parseNotificationId(id);
    if (target?.kind !== 'action') return;
    if (index === 0) run(id, () => handlers.approveAction(target.actionId));
    else if (index === 1) run(id, () => handlers.openAction(target.actionId));
  };
  browser.notifications.onClicked.addListener(onClicked);
  // Firefox's API has the event but never fires it; listening is harmless.
  browser.notifications.onButtonClicked?.addListener(onButtonClicked);
  // The e2e build only (`wxt build --mode e2e`; product builds drop this): the browser offers no way to click a
  // notification or its buttons, so the e2e test calls these same listeners from the service worker.
  if (import.meta.env.MODE === 'e2e') {
    (globalThis as { [E2E_NOTIFICATION_HOOK]?: NotificationEventsHook })[E2E_NOTIFICATION_HOOK] = { onClicked, onButtonClicked };
  }
  return () => {
    browser.notifications.onClicked.removeListener(onClicked);
    browser.notifications.onButtonClicked?.removeListener(onButtonClicked);
  };
}
