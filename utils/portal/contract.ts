/**
 * THE contract with the Defender portal (../shared/PORTAL.md): routes, request bodies, run-time schemas of every
 * answer, the raw → label tables, conversion into the normalised Action, id validation and portal URLs.
 * Nothing outside utils/portal/ knows a route or a raw field name.
 */
import * as v from 'valibot';
import type { GeneratedI18nStructure } from '#i18n';
import type { Action, ActionDecision, DetailPart } from '../actions/model';
import { messageTable, t } from '../i18n';
import { CLOUDS, portalOrigin, type CloudId } from './hosts';

// --- Ids -----------------------------------------------------------------------------------------

/**
 * What an id may look like before it goes into a URL or a request: GUIDs and numbers pass; `../`, `?`, `#`, `/`,
 * `%`, spaces and markup do not. It must start with a letter or digit so that `.` and `..` are refused too.
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export function isSafeId(id: unknown): id is string {
  return typeof id === 'string' && SAFE_ID.test(id);
}

// --- Routes ----------------------------------------------------------------------------------------

export const PAGE_SIZE = 100;
/** A portal that keeps sending full pages cannot keep us looping. */
export const MAX_PAGES = 100;

const ACTION_CENTER_API = '/apiproxy/mtp/actionCenter/actioncenterui';

/** Observed: the query is kept exactly as PORTAL.md shows it (some tenants answer 400 to anything else). */
export function pendingPath(pageIndex: number): string {
  return (
    `${ACTION_CENTER_API}/pending-actions/?type=pending&useMtpApi=true&pageIndex=${pageIndex}` +
    `&pageSize=${PAGE_SIZE}&sortByField=eventTime&sortOrder=Descending`
  );
}

export function historyPath(pageIndex: number, from: number, to: number): string {
  return (
    `${ACTION_CENTER_API}/history-actions/?type=history&useMtpApi=true&pageIndex=${pageIndex}` +
    `&pageSize=${PAGE_SIZE}&sortByField=eventTime&sortOrder=Descending` +
    `&fromDate=${encodeURIComponent(new Date(from).toISOString())}&toDate=${encodeURIComponent(new Date(to).toISOString())}`
  );
}

/**
 * ASSUMED — not observed anywhere public (PORTAL.md "Decisions"). The built-in guess: decisionTemplate.ts's
 * BUILT_IN_TEMPLATE is this route with `{ ActionIds, Decision, Comment }` and per-action `Results`. The real request
 * is learned from the portal's own Approve (decisionTemplate.ts, decisionMethod.ts); a 400/404/405 here breaks the guess.
 */
export const DECISION_PATH = `${ACTION_CENTER_API}/pending-actions/decision?useMtpApi=true`;

export function apiUrl(cloud: CloudId, path: string): string {
  return `${portalOrigin(cloud)}${path}`;
}

// --- Portal pages ------------------------------------------------------------------------------------

export function actionCenterUrl(cloud: CloudId): string {
  return `${portalOrigin(cloud)}/action-center/pending`;
}

export function investigationUrl(cloud: CloudId, investigationId: string): string | null {
  return isSafeId(investigationId) ? `${portalOrigin(cloud)}/investigation/${encodeURIComponent(investigationId)}` : null;
}

/**
 * The page that shows this action: its investigation (tab Pending actions) when it has a valid one, else the
 * Action center tab it is on. Always the selected cloud's portal host; nothing from the action but a validated
 * id goes into the URL.
 */
export function actionUrl(cloud: CloudId, action: Action): string {
  const investigation = action.investigationId === null ? null : investigationUrl(cloud, action.investigationId);
  if (investigation) return investigation;
  const pending = action.decision === null && action.status.toLowerCase() === 'pending';
  return `${portalOrigin(cloud)}/action-center/${pending ? 'pending' : 'history'}`;
}

/** The sign-in host of a cloud, to recognise a redirect to it. */
export function signInHost(cloud: CloudId): string {
  return CLOUDS[cloud].signInHost;
}

// --- The portal's words and ours ------------------------------------------------------------------

/**
 * Raw ActionType → the portal's own English name (Microsoft's documented display strings). Observed raw values:
 * IsolateResponse, UnIsolateResponse, AntivirusScanResponse, CollectInvestigationPackageResponse; the others are
 * ASSUMED to follow the same pattern. This is the portal's VOCABULARY: it fills Action.typeLabel, by which the
 * page adapter recognises the portal's action-type cells (utils/page/columns.ts, match.ts), so it stays English
 * whatever the UI language. What we show is ACTION_TYPE_LABELS (locales/en.yml `labels.actionType`).
 */
export const PORTAL_ACTION_TYPE_NAMES: Readonly<Record<string, string>> = {
  IsolateResponse: 'Isolate device',
  UnIsolateResponse: 'Release from isolation',
  ContainDeviceResponse: 'Contain devices from the network',
  CollectInvestigationPackageResponse: 'Collect investigation package',
  AntivirusScanResponse: 'Run antivirus scan',
  RestrictCodeExecutionResponse: 'Restrict code execution',
  UnrestrictCodeExecutionResponse: 'Release code execution',
  StopAndQuarantineFileResponse: 'Stop and quarantine',
  QuarantineFileResponse: 'Quarantine a file',
  RemoveRegistryKeyResponse: 'Remove a registry key',
  KillProcessResponse: 'Kill a process',
  StopServiceResponse: 'Stop a service',
  DisableDriverResponse: 'Disable a driver',
  RemoveScheduledTaskResponse: 'Remove a scheduled task',
  RequestSampleResponse: 'Request sample',
  OffboardMachineResponse: 'Offboard machine',
  SoftDeleteEmailResponse: 'Soft delete email messages or clusters',
  QuarantineEmailResponse: 'Quarantine email',
  QuarantineEmailAttachmentResponse: 'Quarantine an email attachment',
  BlockUrlResponse: 'Block URL (time-of-click)',
  DisableExternalMailForwardingResponse: 'Turn off external mail forwarding',
  DisableUserResponse: 'Disable user',
  ResetUserPasswordResponse: 'Reset user password',
  ConfirmUserCompromisedResponse: 'Confirm user as compromised',
};

/** Raw ActionSource → the portal's English name (PublicApi observed; the others assumed). Vocabulary, as above. */
export const PORTAL_ACTION_SOURCE_NAMES: Readonly<Record<string, string>> = {
  AutomatedInvestigation: 'Automated investigation',
  PublicApi: 'Public API',
  ManualDeviceAction: 'Manual device action',
  ManualEmailAction: 'Manual email action',
  AutomatedDeviceAction: 'Automated device action',
  AutomatedEmailAction: 'Automated email action',
  AdvancedHunting: 'Advanced hunting action',
  Explorer: 'Explorer action',
  LiveResponse: 'Live response action',
};

/** Raw EntityType → the portal's English name. Vocabulary, as above. */
export const PORTAL_ENTITY_TYPE_NAMES: Readonly<Record<string, string>> = {
  Machine: 'Device',
  File: 'File',
  MailMessage: 'Email',
  MailCluster: 'Email cluster',
  Mailbox: 'Mailbox',
  Url: 'URL',
  User: 'User',
  RegistryKey: 'Registry key',
  Process: 'Process',
};

/** Message keys without substitutions or plural forms. */
type PlainKey = {
  [P in keyof GeneratedI18nStructure]: GeneratedI18nStructure[P] extends { plural: false; substitutions: 0 } ? P : never;
}[keyof GeneratedI18nStructure];

/**
 * Our words for the raw values of one table, read from locales/en.yml `labels.<section>.<raw>` each time they are
 * used (getters), so they follow the UI language. Every raw value of the portal's table has one (a unit test checks).
 */
function localisedTable(section: 'actionType' | 'actionSource' | 'entityType', portal: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  return messageTable(Object.keys(portal), (raw) => t(`labels.${section}.${raw}` as PlainKey));
}

/** Raw ActionType → what we show, in the analyst's language. An unknown raw value is shown as is. */
export const ACTION_TYPE_LABELS: Readonly<Record<string, string>> = localisedTable('actionType', PORTAL_ACTION_TYPE_NAMES);
/** Raw ActionSource → what we show. */
export const ACTION_SOURCE_LABELS: Readonly<Record<string, string>> = localisedTable('actionSource', PORTAL_ACTION_SOURCE_NAMES);
/** Raw EntityType → what we show. */
export const ENTITY_TYPE_LABELS: Readonly<Record<string, string>> = localisedTable('entityType', PORTAL_ENTITY_TYPE_NAMES);

/** The raw key of a table that matches `raw` exactly, else case-insensitively; null when there is none. */
function rawKeyOf(table: Readonly<Record<string, string>>, raw: string): string | null {
  if (Object.hasOwn(table, raw)) return raw;
  const lower = raw.toLowerCase();
  return Object.keys(table).find((k) => k.toLowerCase() === lower) ?? null;
}

function labelFrom(table: Readonly<Record<string, string>>, raw: string): string {
  const key = rawKeyOf(table, raw);
  return key === null ? raw : (table[key] ?? raw);
}

/** The portal's English names of raw values (Action.typeLabel, entityTypeLabel, source): what its cells say. */
export const portalActionTypeName = (raw: string): string => labelFrom(PORTAL_ACTION_TYPE_NAMES, raw);
export const portalActionSourceName = (raw: string): string => labelFrom(PORTAL_ACTION_SOURCE_NAMES, raw);
export const portalEntityTypeName = (raw: string): string => labelFrom(PORTAL_ENTITY_TYPE_NAMES, raw);

/** Our label of a raw value, in the UI language; the raw value when unknown. */
export const actionTypeLabel = (raw: string): string => labelFrom(ACTION_TYPE_LABELS, raw);
export const actionSourceLabel = (raw: string): string => labelFrom(ACTION_SOURCE_LABELS, raw);
export const entityTypeLabel = (raw: string): string => labelFrom(ENTITY_TYPE_LABELS, raw);

/** Our word for a portal name (or raw value) of one table: the localised label when we know it, else as is. */
function textOf(portal: Readonly<Record<string, string>>, ours: Readonly<Record<string, string>>, name: string): string {
  const raw = rawKeyOf(portal, name) ?? Object.keys(portal).find((k) => portal[k] === name) ?? null;
  return raw === null ? name : (ours[raw] ?? name);
}

/**
 * What surfaces show for an Action's stored portal names (typeLabel, entityTypeLabel, source): our label in the
 * UI language when the name is one the portal documents (or a raw value we know), else the portal's text as is.
 */
export const actionTypeText = (typeLabel: string): string => textOf(PORTAL_ACTION_TYPE_NAMES, ACTION_TYPE_LABELS, typeLabel);
export const actionSourceText = (source: string): string => textOf(PORTAL_ACTION_SOURCE_NAMES, ACTION_SOURCE_LABELS, source);
export const entityTypeText = (entityTypeLabel: string): string => textOf(PORTAL_ENTITY_TYPE_NAMES, ENTITY_TYPE_LABELS, entityTypeLabel);

// --- Parsing helpers ---------------------------------------------------------------------------------

/** Longest text we keep from one portal field (a 10,000-character name must not bloat the store or the UI). */
export const MAX_TEXT = 1024;
const MAX_DETAILS = 16;
const MAX_DETAIL_KEY = 64;

export function clip(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch ms of an ISO 8601 time; a time without a zone is UTC (observed quirk). NaN when it is not one. */
export function parsePortalTime(text: string): number {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return Number.NaN;
  const [, date, clock, fraction, zone] = m;
  const time = clock ? `T${clock.length === 5 ? `${clock}:00` : clock}${fraction ? fraction.slice(0, 4).padEnd(4, '0') : ''}` : 'T00:00:00';
  const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return Date.parse(`${date}${time}${offset}`);
}

const Time = v.pipe(
  v.string(),
  v.check((s) => Number.isFinite(parsePortalTime(s)), 'is not an ISO 8601 time'),
  v.transform(parsePortalTime),
);
const OptionalTime = v.nullish(Time);
/** Text the portal may send as a number (ids, counts); anything else is the wrong type. */
const Text = v.union([v.string(), v.pipe(v.number(), v.transform(String))], 'should be text');
const OptionalText = v.nullish(Text);
const RequiredText = v.pipe(v.string('should be text'), v.minLength(1, 'is empty'), v.maxLength(MAX_TEXT, 'is too long'));
const NumericId = v.union(
  [
    v.pipe(v.number(), v.integer(), v.minValue(0), v.transform(String)),
    v.pipe(v.string(), v.regex(/^\d{1,19}$/)),
  ],
  'should be a number',
);
const JsonObject = v.custom<Record<string, unknown>>(isRecord, 'should be an object');

/** Fields of one Action center item (PORTAL.md "Item fields"), in their canonical PascalCase. */
const ItemSchema = v.looseObject({
  ActionId: RequiredText,
  ActionType: RequiredText,
  ActionStatus: RequiredText,
  InvestigationId: v.nullish(NumericId),
  BulkId: OptionalText,
  StartTime: OptionalTime,
  EndTime: OptionalTime,
  EventTime: OptionalTime,
  ActionDecision: OptionalText,
  DecidedBy: OptionalText,
  Comment: OptionalText,
  EntityType: OptionalText,
  RelatedEntities: v.nullish(v.array(v.unknown(), 'should be a list')),
  AdditionalFields: v.nullish(JsonObject),
  ActionSource: OptionalText,
  Product: OptionalText,
  MachineId: OptionalText,
  ComputerName: OptionalText,
  Sender: OptionalText,
  Subject: OptionalText,
  Recipient: OptionalText,
  NetworkMessageId: OptionalText,
  UserPrincipalName: OptionalText,
  Url: OptionalText,
  FileName: OptionalText,
  FilePath: OptionalText,
  Sha1: OptionalText,
});
type Item = v.InferOutput<typeof ItemSchema>;

// The schema's keys are read where an item is parsed, not at module level: a module-level read keeps ItemSchema
// (and its validators) in every bundle that imports anything from here, such as the popup's isSafeId.
const itemFields = (): string[] => Object.keys(ItemSchema.entries);

/**
 * A copy of an object with known field names in their canonical casing (camelCase variants have been seen);
 * unknown fields are kept as sent. An exact match wins over a differently cased one.
 */
export function canonicalKeys(raw: Readonly<Record<string, unknown>>, known: readonly string[]): Record<string, unknown> {
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const canonical = byLower.get(key.toLowerCase());
    if (canonical === undefined) out[key] = value;
    else if (key === canonical || !Object.hasOwn(raw, canonical)) out[canonical] = value;
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Where a valibot issue is, as "Results[3].ActionId". */
function issuePath(prefix: string, issue: v.BaseIssue<unknown>): string {
  let path = prefix;
  for (const step of issue.path ?? []) {
    const key: unknown = step.key;
    path += typeof key === 'number' ? `[${key}]` : `${path ? '.' : ''}${String(key)}`;
  }
  return path;
}

export interface FieldProblem {
  /** e.g. "Results[3].ActionId" */
  readonly field: string;
  readonly message: string;
}

function problemOf(prefix: string, issues: readonly v.BaseIssue<unknown>[]): FieldProblem {
  const first = issues[0];
  const field = first ? issuePath(prefix, first) : prefix;
  const what = first?.input === undefined ? 'is missing' : (first.message ?? 'does not fit');
  return { field, message: `${field} ${what.startsWith('Invalid') ? 'does not fit' : what}` };
}

// --- Envelope and items ------------------------------------------------------------------------------

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: FieldProblem };

export interface ListPage {
  /** Items that fit, converted. */
  readonly actions: readonly Action[];
  /** Items that did not fit, with the first field each got wrong. */
  readonly skipped: readonly FieldProblem[];
  /** How many items the page held (good and bad): fewer than PAGE_SIZE means the last page. */
  readonly received: number;
  readonly total: number | null;
}

/** One page of a list route: `{ Count, Results: [...] }`. A bad item is skipped; a bad envelope fails. */
export function parseListPage(body: unknown): Parsed<ListPage> {
  if (!isRecord(body)) return { ok: false, problem: { field: 'Results', message: 'The answer is not an object with Results.' } };
  const envelope = canonicalKeys(body, ['Count', 'Results']);
  const results = envelope.Results;
  if (!Array.isArray(results)) return { ok: false, problem: { field: 'Results', message: 'Results is not a list.' } };
  const total = typeof envelope.Count === 'number' && Number.isFinite(envelope.Count) ? envelope.Count : null;
  const actions: Action[] = [];
  const skipped: FieldProblem[] = [];
  results.forEach((raw: unknown, index) => {
    const parsed = parseItem(raw, `Results[${index}]`);
    if (parsed.ok) actions.push(parsed.value);
    else skipped.push(parsed.problem);
  });
  return { ok: true, value: { actions, skipped, received: results.length, total } };
}

export function parseItem(raw: unknown, where = 'item'): Parsed<Action> {
  if (!isRecord(raw)) return { ok: false, problem: { field: where, message: `${where} is not an object` } };
  const result = v.safeParse(ItemSchema, canonicalKeys(raw, itemFields()));
  if (!result.success) return { ok: false, problem: problemOf(where, result.issues) };
  const item = result.output;
  const createdAt = item.EventTime ?? item.StartTime;
  if (createdAt === null || createdAt === undefined) {
    return { ok: false, problem: { field: `${where}.EventTime`, message: `${where}.EventTime is missing` } };
  }
  return { ok: true, value: toAction(item, createdAt) };
}

function decisionOf(raw: string | null | undefined): ActionDecision {
  const d = (raw ?? '').trim().toLowerCase();
  if (d.startsWith('approve')) return 'Approved';
  if (d.startsWith('reject') || d.startsWith('declin')) return 'Rejected';
  return null;
}

const textOrNull = (s: string | null | undefined, max = MAX_TEXT): string | null =>
  s === null || s === undefined || s.trim() === '' ? null : clip(s, max);

/** Values of the related entities' fields, case-insensitively, for entities of one type (or any). */
function related(item: Item, field: string, entityType?: string): string | null {
  const lowerField = field.toLowerCase();
  for (const entity of item.RelatedEntities ?? []) {
    if (!isRecord(entity)) continue;
    const e = canonicalKeys(entity, ['EntityType', field]);
    if (entityType && typeof e.EntityType === 'string' && e.EntityType.toLowerCase() !== entityType.toLowerCase()) continue;
    const value = e[field] ?? Object.entries(entity).find(([k]) => k.toLowerCase() === lowerField)?.[1];
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value);
  }
  return null;
}

const first = (...values: (string | null | undefined)[]): string | null =>
  values.find((x): x is string => typeof x === 'string' && x.trim() !== '') ?? null;

function baseName(path: string | null | undefined): string | null {
  if (!path) return null;
  const parts = path.split(/[\\/]/);
  return first(parts[parts.length - 1]);
}

/** The best human name of the entity for its type; something from RelatedEntities when the item has none. */
function entityNameOf(item: Item): string {
  const type = (item.EntityType ?? '').toLowerCase();
  const device = () => first(item.ComputerName, related(item, 'ComputerName', 'Machine'), item.MachineId, related(item, 'MachineId'));
  const file = () =>
    first(item.FileName, baseName(item.FilePath), related(item, 'FileName', 'File'), baseName(related(item, 'FilePath', 'File')), item.Sha1, related(item, 'Sha1'));
  const mail = () =>
    first(item.Subject, related(item, 'Subject'), item.NetworkMessageId, related(item, 'NetworkMessageId'), item.Sender);
  const url = () => first(item.Url, related(item, 'Url'));
  const user = () =>
    first(item.UserPrincipalName, related(item, 'UserPrincipalName'), related(item, 'AccountName'), related(item, 'MailboxPrimaryAddress'));
  let name: string | null;
  if (type === 'machine' || type === 'device') name = device();
  else if (type === 'file' || type === 'process') name = file();
  else if (type.startsWith('mail') || type === 'email') name = first(mail(), user());
  else if (type === 'url') name = url();
  else if (type === 'user' || type === 'account') name = user();
  else name = null;
  name ??= first(
    device(),
    file(),
    mail(),
    url(),
    user(),
    related(item, 'Name'),
    related(item, 'DisplayName'),
    related(item, 'RegistryKey'),
  );
  return clip(name ?? (item.EntityType ? portalEntityTypeName(item.EntityType) : t('labels.unknownEntity')));
}

/** Extra display facts, text only and bounded: named fields first, then AdditionalFields' plain values. */
function detailsOf(item: Item): Record<string, string> {
  const details: Record<string, string> = {};
  const put = (key: string, value: string | null | undefined) => {
    if (Object.keys(details).length >= MAX_DETAILS || value === null || value === undefined || value.trim() === '') return;
    const k = clip(key, MAX_DETAIL_KEY);
    if (!Object.hasOwn(details, k)) details[k] = clip(value);
  };
  put('Device', first(item.ComputerName, related(item, 'ComputerName')));
  put('Device ID', item.MachineId);
  put('Sender', first(item.Sender, related(item, 'Sender')));
  put('Recipient', first(item.Recipient, related(item, 'Recipient')));
  put('Subject', first(item.Subject, related(item, 'Subject')));
  put('Network message ID', first(item.NetworkMessageId, related(item, 'NetworkMessageId')));
  put('File name', first(item.FileName, related(item, 'FileName')));
  put('File path', first(item.FilePath, related(item, 'FilePath')));
  put('SHA1', first(item.Sha1, related(item, 'Sha1')));
  put('URL', first(item.Url, related(item, 'Url')));
  put('User', first(item.UserPrincipalName, related(item, 'UserPrincipalName')));
  for (const [key, value] of Object.entries(item.AdditionalFields ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') put(key, String(value));
  }
  return details;
}

// --- What tells an action apart (issue 19 item 14) ----------------------------------------------------

/** Longest distinguishing value we keep; the popup cuts it in the middle, so its end stays visible. */
export const MAX_DETAIL_TEXT = 300;

/**
 * Portal text made safe to show on one line: control and invisible formatting characters (bidi overrides that
 * could reverse "exe.txt" into "txt.exe", zero-width joiners) removed, whitespace collapsed, length bounded.
 */
export function detailText(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value)
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : clip(text, MAX_DETAIL_TEXT);
}

/** A field of the item by any casing; text or a number only (an object or a list is not a value to show). */
function looseField(item: Readonly<Record<string, unknown>>, ...names: string[]): string | null {
  for (const name of names) {
    const lower = name.toLowerCase();
    for (const [key, value] of Object.entries(item)) {
      if (key.toLowerCase() !== lower) continue;
      const text = detailText(value);
      if (text !== null) return text;
    }
  }
  return null;
}

/** The host of a web address ("https://a.example/x" → "a.example"); null for anything that is not one. */
export function domainOf(address: string | null | undefined): string | null {
  const text = (address ?? '').trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `http://${text}`);
  } catch {
    return null;
  }
  if (!['http:', 'https:', 'ftp:'].includes(url.protocol) || !url.hostname) return null;
  return url.hostname;
}

/**
 * What tells an action apart from others of the same type, per entity type, from the fields the list answer
 * carries (PORTAL.md "Item fields"; InvestigationTitle is ASSUMED, read when present): an email's sender and
 * recipient (and its subject when the name is not the subject), a file's device and path, a URL's domain, a
 * user's UPN; then the investigation's title and the Approval ID. Lenient: a missing or odd field is left out,
 * never an error; a value equal to the entity's name is not repeated.
 */
export function distinguishingParts(item: Item, entityName: string): DetailPart[] {
  const parts: DetailPart[] = [];
  const put = (kind: DetailPart['kind'], raw: string | null | undefined) => {
    const value = detailText(raw);
    if (value === null || value === entityName || parts.some((p) => p.kind === kind)) return;
    parts.push({ kind, value });
  };
  const type = (item.EntityType ?? '').toLowerCase();
  if (type === 'file' || type === 'process') {
    put('host', first(item.ComputerName, related(item, 'ComputerName', 'Machine')));
    put('path', first(item.FilePath, related(item, 'FilePath', 'File'), related(item, 'FolderPath')));
  } else if (type.startsWith('mail') || type === 'email') {
    put('sender', first(item.Sender, related(item, 'Sender'), looseField(item, 'P1Sender', 'P2Sender', 'SenderFromAddress')));
    put('recipient', first(item.Recipient, related(item, 'Recipient'), looseField(item, 'RecipientEmailAddress'), related(item, 'MailboxPrimaryAddress')));
    put('subject', first(item.Subject, related(item, 'Subject')));
  } else if (type === 'url') {
    put('domain', domainOf(first(item.Url, related(item, 'Url'))));
  } else if (type === 'user' || type === 'account' || type === 'mailbox') {
    put('upn', first(item.UserPrincipalName, related(item, 'UserPrincipalName'), related(item, 'MailboxPrimaryAddress')));
  }
  put('investigation', looseField(item, 'InvestigationTitle', 'InvestigationName'));
  put('approvalId', item.BulkId);
  return parts;
}

/**
 * Names a portal answer might use to state an action's expiry. PORTAL.md documents none; a field of one of these
 * names (any casing) that holds an ISO time is taken as the expiry, anything else is ignored.
 */
const EXPIRY_FIELDS = ['expirationtime', 'expirytime', 'expiresat', 'expiretime', 'expirationdate', 'expireson', 'expiresatutc', 'expirationtimeutc'];

function statedExpiry(item: Readonly<Record<string, unknown>>): number | undefined {
  for (const [key, value] of Object.entries(item)) {
    if (typeof value !== 'string' || !EXPIRY_FIELDS.includes(key.toLowerCase())) continue;
    const at = parsePortalTime(value);
    if (Number.isFinite(at)) return at;
  }
  return undefined;
}

function toAction(item: Item, createdAt: number): Action {
  const asset = textOrNull(item.ComputerName);
  const entityName = entityNameOf(item);
  const expiresAt = statedExpiry(item);
  return {
    id: item.ActionId,
    approvalId: textOrNull(item.BulkId),
    investigationId: item.InvestigationId ?? null,
    type: item.ActionType,
    typeLabel: clip(portalActionTypeName(item.ActionType)),
    entityType: clip(item.EntityType ?? ''),
    entityTypeLabel: clip(portalEntityTypeName(item.EntityType ?? '')),
    entityName,
    asset,
    status: item.ActionStatus,
    decision: decisionOf(item.ActionDecision),
    decidedBy: textOrNull(item.DecidedBy),
    comment: textOrNull(item.Comment, 4 * MAX_TEXT),
    source: item.ActionSource ? clip(portalActionSourceName(item.ActionSource)) : null,
    product: textOrNull(item.Product),
    createdAt,
    updatedAt: item.EndTime ?? item.EventTime ?? createdAt,
    ...(item.StartTime !== null && item.StartTime !== undefined ? { startedAt: item.StartTime } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    details: detailsOf(item),
    distinguishing: distinguishingParts(item, entityName),
  };
}
