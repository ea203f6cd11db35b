/**
 * Shapes of the fake Defender portal (../../../shared/PORTAL.md). Field names are the portal's own (PascalCase);
 * everything the product parses comes from here, so a change to PORTAL.md is a change to this file first.
 */

/** One Action center item as the portal's list routes send it. Unknown extra fields are allowed (and sent). */
export interface PortalAction {
  /** Number, or null for actions outside an automated investigation (manual / PublicApi). */
  InvestigationId: number | null;
  /** GUID string. */
  ActionId: string;
  /** The "Approval ID" column; unique among pending rows. */
  BulkId: string | null;
  /** ISO 8601; the portal sometimes omits the zone (meaning UTC). */
  StartTime: string;
  EndTime: string | null;
  /** "Action update time". */
  EventTime: string;
  /** Raw value, e.g. IsolateResponse. */
  ActionType: string;
  /** null until decided; then Approved or Rejected. */
  ActionDecision: 'Approved' | 'Rejected' | null | string;
  DecidedBy: string | null;
  Comment: string | null;
  /** Machine, File, MailMessage, Url, User, ... */
  EntityType: string;
  RelatedEntities: Record<string, unknown>[];
  AdditionalFields: Record<string, unknown>;
  /** Pending, Completed, Failed, Declined, ... */
  ActionStatus: string;
  /** e.g. AutomatedInvestigation, PublicApi. */
  ActionSource: string;
  /** MDE, MDO, ... */
  Product: string;
  MachineId: string | null;
  ComputerName: string | null;
  // Per product (present when they apply).
  Sender?: string | null;
  Subject?: string | null;
  Recipient?: string | null;
  NetworkMessageId?: string | null;
  UserPrincipalName?: string | null;
  Url?: string | null;
  FileName?: string | null;
  FilePath?: string | null;
  Sha1?: string | null;
  [extra: string]: unknown;
}

/** ASSUMED (PORTAL.md: investigation details route is not observed): what the fake answers for one investigation. */
export interface PortalInvestigation {
  InvestigationId: number;
  Title: string;
  /** Running, PendingApproval, Remediated, ... */
  Status: string;
  IncidentId: number | null;
  StartTime: string;
}

export interface Scenario {
  readonly name: string;
  readonly tenantId: string;
  /** The fake signed-in analyst: DecidedBy of decisions made through the fake. */
  readonly analyst: string;
  readonly pending: PortalAction[];
  readonly history: PortalAction[];
  readonly investigations: PortalInvestigation[];
}

/** Built-in scenarios; `many:<N>` generates N pending actions; any other name is a JSON file in scenarios/. */
export type ScenarioName = 'default' | 'empty' | 'many' | `many:${number}` | 'hostile' | (string & {});

/** Routes a fault can target. */
export type FaultRoute = 'pending' | 'history' | 'decision' | 'tenant' | 'investigation' | 'any';

export type FaultSpec =
  /**
   * An HTTP status with a fitting default body: 401; 403 plain (the role cannot do this) or, with `xsrf: true`, a
   * 403 whose body mentions xsrf; 409; 429 with Retry-After (`retryAfterSeconds`, default 30); 500; 503; or any
   * other status (404, 405, 419, 440 ...). `body` replaces the default (a string is sent as is).
   */
  | { kind: 'status'; status: number; body?: unknown; retryAfterSeconds?: number; xsrf?: boolean }
  /** Answer normally after `delayMs` (a decision is applied only after the delay). */
  | { kind: 'slow'; delayMs: number }
  /** 200 with truncated JSON. */
  | { kind: 'malformed' }
  /** 200 with an empty body. */
  | { kind: 'empty' }
  /** 200 with the HTML sign-in page ("Sign in to your account", login.microsoftonline.com). */
  | { kind: 'signin-page' }
  /** Close the connection once the request body was received, applying nothing. */
  | { kind: 'drop' }
  /** Apply the request (a decision takes effect), then close the connection without answering. */
  | { kind: 'applied-then-dropped' };

export type Fault = FaultSpec & {
  route: FaultRoute;
  /** Fire for the next N matching requests only; unlimited when absent. */
  times?: number;
};

/** A fault as stored, with what is left of it. */
export type ActiveFault = Fault & { readonly id: number; fired: number };

export type ApiRoute = 'tenant' | 'pending' | 'history' | 'decision' | 'investigation' | 'unknown';

/** One /apiproxy request as received. */
export interface LoggedRequest {
  readonly at: number;
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  readonly route: ApiRoute;
  readonly host: string;
  /** A valid sccauth session cookie came with it. */
  readonly cookie: boolean;
  /** X-XSRF-TOKEN: ok (equals the URL-decoded cookie), missing, or mismatch. */
  readonly xsrf: 'ok' | 'missing' | 'mismatch';
  readonly tenantHeaders: { readonly xTid: string | null; readonly tenantId: string | null };
  readonly origin: string | null;
  /** Sent by the fake portal's own page (its SPA), not by the extension or a test. */
  readonly fromPage: boolean;
  /** Status answered; null when the connection was dropped or the answer is still pending. */
  status: number | null;
  /** The fault that shaped the answer, if any (its kind, or status:<n>). */
  fault: string | null;
}

export type Decision = 'Approve' | 'Reject';

export type DecisionStatus = 'Approved' | 'Rejected' | 'AlreadyDecided' | 'NotFound' | 'Failed';

export interface DecisionResult {
  ActionId: string;
  Status: DecisionStatus;
  DecidedBy: string | null;
  Message: string;
}

/**
 * Which request the portal's own Approve/Reject sends, and the only one its API accepts (the others answer 404):
 * - guess: the route the product assumed (PORTAL.md "Decisions"): POST …/pending-actions/decision, per-action results;
 * - approvals: PUT …/actioncenterui/approvals?useMtpApi=true keyed by Approval IDs, `status: "Approved"`, answer `{ updated }`;
 * - autoir: POST …/autoIr/actions/decide keyed by ActionIds nested in `request`, numeric `Verdict` (1 approve, 2 reject),
 *   tenant header x-tid required, answer `{ results: [{ actionId, result }] }`.
 * Two shapes unlike the guess, so the extension has to learn the real one from the page (issue 11).
 */
export type DecisionShape = 'guess' | 'approvals' | 'autoir';

/** One decision request as received (whatever its fate). */
export interface RecordedDecision {
  readonly at: number;
  /** Which shape's route received it. */
  readonly shape: DecisionShape;
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  /** The action ids it named (for `approvals`, the actions whose Approval IDs it named). */
  readonly actionIds: readonly string[] | null;
  /** The Approval IDs it named (shape `approvals`). */
  readonly approvalIds: readonly string[] | null;
  /** Approve or Reject as the fake understood it; the raw value otherwise. */
  readonly decision: string | null;
  readonly comment: string | null;
  /** The body exactly as sent. */
  readonly rawBody: string;
  readonly cookie: boolean;
  readonly xsrf: 'ok' | 'missing' | 'mismatch';
  readonly headersOk: boolean;
  readonly fromPage: boolean;
  /** Status answered (null: dropped). */
  status: number | null;
  fault: string | null;
  /** Per-action results when the decision was applied (also for applied-then-dropped). */
  results: DecisionResult[] | null;
  /** The answer's body as sent (null until answered). */
  answerText?: string | null;
  /** Request headers as received (cookies included: the HAR export shows what a real HAR holds). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FakeConfig {
  /** How long the page's SPA waits before it loads data and renders rows. */
  pageRenderDelayMs: number;
  /** The page's theme (the product reads it from the page background). */
  theme: 'light' | 'dark';
  /** The decision request the page sends and the API accepts (default `guess`). */
  decisionShape: DecisionShape;
  /** The portal's language: labels, tabs, headers, flyout, buttons, decision and status values, `<html lang>`. */
  language: 'en' | 'de';
  /**
   * The grid's cell keys: the API's sort keys (`bulkId`, `computerName`, ...), or the app's own (`approvalId`,
   * `assetName`, `col3`, ...; the first column then a row header, the navigation a role=navigation landmark).
   */
  columnKeys: 'api' | 'app';
  /**
   * A portal redesign: `classes` renames every ms-* class (no ms-DetailsRow) and drops Fluent's automation ids
   * from the grid; `noApprovalColumn` removes the Approval ID column from the grid (the flyout still shows it).
   */
  redesign: 'none' | 'classes' | 'noApprovalColumn';
  /** The most items a list page holds, whatever pageSize asked (some tenants cap pages); unset: no cap. */
  maxPageSize?: number;
}

export interface FakeStateView {
  readonly scenario: string;
  readonly signedIn: boolean;
  readonly tenantId: string;
  readonly analyst: string;
  readonly pending: readonly PortalAction[];
  readonly history: readonly PortalAction[];
  readonly investigations: readonly PortalInvestigation[];
  readonly faults: readonly ActiveFault[];
  readonly config: FakeConfig;
}
