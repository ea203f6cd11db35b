/**
 * The fake portal's memory and rules, without HTTP: scenario data, sessions, list queries, decisions, faults and
 * the request log. server.ts maps HTTP onto this; tests may also drive it in process through FakePortal.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadScenario } from './scenarios';
import { ACTION_SOURCE_LABELS, ACTION_TYPE_LABELS, ENTITY_TYPE_LABELS, guid, hex40 } from './scenarios/build';
import type {
  ActiveFault,
  ApiRoute,
  Decision,
  DecisionResult,
  Fault,
  FaultRoute,
  FakeConfig,
  FakeStateView,
  LoggedRequest,
  PortalAction,
  PortalInvestigation,
  RecordedDecision,
  Scenario,
  ScenarioName,
} from './types';

export { ACTION_SOURCE_LABELS, ACTION_TYPE_LABELS, ENTITY_TYPE_LABELS };

/** Sort keys the list routes accept (PORTAL.md), and the item field each sorts by. */
export const SORT_FIELDS: Readonly<Record<string, string>> = {
  investigationId: 'InvestigationId',
  bulkId: 'BulkId',
  actionType: 'ActionType',
  entityType: 'EntityType',
  computerName: 'ComputerName',
  actionDecision: 'ActionDecision',
  decidedBy: 'DecidedBy',
  actionSource: 'ActionSource',
  actionStatus: 'ActionStatus',
  eventTime: 'EventTime',
};

export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const LOG_LIMIT = 20_000;

/** Reads a field whatever its casing (quirk scenarios send camelCase). */
export function field(item: PortalAction, name: string): unknown {
  if (name in item) return item[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(item)) if (key.toLowerCase() === lower) return item[key];
  return undefined;
}

function idOf(item: PortalAction): string {
  return String(field(item, 'ActionId'));
}

/** Epoch ms of an ISO time; a time without a zone is UTC (observed quirk). */
export function timeOf(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`;
  return Date.parse(zoned);
}

function compare(a: unknown, b: unknown, key: string): number {
  const nullish = (v: unknown) => v === null || v === undefined;
  if (nullish(a) || nullish(b)) return nullish(a) === nullish(b) ? 0 : nullish(a) ? 1 : -1;
  if (key === 'eventTime') return timeOf(a) - timeOf(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A token whose cookie form differs from its value: it always holds + / and =. */
function xsrfToken(): string {
  for (;;) {
    const t = `CfDJ8${randomBytes(48).toString('base64')}=`;
    if (t.includes('+') && t.includes('/')) return t;
  }
}

export interface Session {
  readonly sccauth: string;
  readonly xsrf: string;
}

export class FakeState {
  scenario!: Scenario;
  pending: PortalAction[] = [];
  history: PortalAction[] = [];
  investigations: PortalInvestigation[] = [];
  signedIn = true;
  readonly config: FakeConfig;
  faults: ActiveFault[] = [];
  log: LoggedRequest[] = [];
  decisions: RecordedDecision[] = [];
  /** Action ids whose decision the portal answers with Status Failed (they stay pending). */
  failIds = new Set<string>();
  private readonly sessions = new Map<string, Session>();
  private faultSeq = 0;
  /** Bumped by every load/reset: a request delayed across it must not act on the new data. */
  generation = 0;
  private bulkSeq = 50_000;
  private readonly initial: ScenarioName | Scenario;

  constructor(scenario: ScenarioName | Scenario = 'default', config: Partial<FakeConfig> = {}) {
    this.initial = scenario;
    this.config = { pageRenderDelayMs: 150, theme: 'light', decisionShape: 'guess', language: 'en', columnKeys: 'api', redesign: 'none', ...config };
    this.load(scenario);
  }

  // --- Scenario -------------------------------------------------------------------------------

  /** Replaces the data with a scenario (times relative to now). Log, decisions, faults and sessions stay. */
  load(which: ScenarioName | Scenario): Scenario {
    const s = loadScenario(which);
    this.generation += 1;
    this.scenario = s;
    this.pending = [...s.pending];
    this.history = [...s.history];
    this.investigations = [...s.investigations];
    this.failIds.clear();
    return s;
  }

  /** Back to a scenario (default: the one the portal started with): data, log, decisions and faults cleared, signed in. */
  reset(which?: ScenarioName | Scenario): Scenario {
    this.faults = [];
    this.log = [];
    this.decisions = [];
    this.signedIn = true;
    return this.load(which ?? this.initial);
  }

  view(): FakeStateView {
    return {
      scenario: this.scenario.name,
      signedIn: this.signedIn,
      tenantId: this.scenario.tenantId,
      analyst: this.scenario.analyst,
      pending: this.pending,
      history: this.history,
      investigations: this.investigations,
      faults: this.faults,
      config: this.config,
    };
  }

  /** Adds a pending action now (an isolation of a new device unless `partial` says otherwise); returns it. */
  addPending(partial: Partial<PortalAction> = {}): PortalAction {
    const now = Date.now();
    const seq = (this.bulkSeq += 1);
    const computer = `WS-NEW-${seq}`;
    const machineId = hex40(`machine:${computer}:${randomUUID()}`);
    const action: PortalAction = {
      InvestigationId: this.investigations[0]?.InvestigationId ?? null,
      ActionId: guid(`added:${randomUUID()}`),
      BulkId: String(seq),
      StartTime: new Date(now).toISOString(),
      EndTime: null,
      EventTime: new Date(now).toISOString(),
      ActionType: 'IsolateResponse',
      ActionDecision: null,
      DecidedBy: null,
      Comment: null,
      EntityType: 'Machine',
      RelatedEntities: [{ EntityType: 'Machine', MachineId: machineId, ComputerName: computer }],
      AdditionalFields: { IsolationType: 'Full' },
      ActionStatus: 'Pending',
      ActionSource: 'AutomatedInvestigation',
      Product: 'MDE',
      MachineId: machineId,
      ComputerName: computer,
      ...partial,
    };
    this.pending.unshift(action);
    return action;
  }

  /** Someone else decides (in the portal, another analyst): the actions move to History without a request. */
  decideAs(actionIds: readonly string[], decision: Decision, by: string, comment: string | null = null): PortalAction[] {
    const moved: PortalAction[] = [];
    for (const id of actionIds) {
      const decided = this.applyDecision(id, decision, by, comment);
      if (decided) moved.push(decided);
    }
    return moved;
  }

  private applyDecision(id: string, decision: Decision, by: string, comment: string | null): PortalAction | null {
    const index = this.pending.findIndex((a) => idOf(a) === id);
    if (index < 0) return null;
    const [action] = this.pending.splice(index, 1);
    const now = new Date().toISOString();
    const decided: PortalAction = {
      ...action!,
      ActionDecision: decision === 'Approve' ? 'Approved' : 'Rejected',
      DecidedBy: by,
      Comment: comment === '' ? null : comment,
      EndTime: now,
      EventTime: now,
      ActionStatus: decision === 'Approve' ? 'Completed' : 'Declined',
    };
    this.history.unshift(decided);
    return decided;
  }

  // --- Sessions -------------------------------------------------------------------------------

  /** The session a page visit keeps (when its cookie is still known) or starts. */
  session(sccauth: string | undefined): Session {
    const known = sccauth ? this.sessions.get(sccauth) : undefined;
    if (known) return known;
    const s: Session = { sccauth: `${randomBytes(24).toString('base64url')}.${randomBytes(96).toString('base64url')}`, xsrf: xsrfToken() };
    this.sessions.set(s.sccauth, s);
    return s;
  }

  /** The live session of a request's sccauth cookie; null when unknown or signed out. */
  liveSession(sccauth: string | undefined): Session | null {
    if (!this.signedIn || !sccauth) return null;
    return this.sessions.get(sccauth) ?? null;
  }

  /** A session the fake issued, signed in or not. */
  knownSession(sccauth: string | undefined): Session | null {
    return sccauth ? (this.sessions.get(sccauth) ?? null) : null;
  }

  signOut(): void {
    this.signedIn = false;
  }

  /** Signs in again: the browser's existing session cookies are valid again (as if it re-authenticated). */
  signIn(): void {
    this.signedIn = true;
  }

  // --- Faults ---------------------------------------------------------------------------------

  addFault(fault: Fault): ActiveFault {
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) throw new Error('fault.times must be a whole number ≥ 1');
    const active: ActiveFault = { ...fault, id: (this.faultSeq += 1), fired: 0 };
    this.faults.push(active);
    return active;
  }

  clearFaults(route?: FaultRoute): void {
    this.faults = route ? this.faults.filter((f) => f.route !== route) : [];
  }

  /** The fault for this request, if any (a route's own before `any`); counts it and drops it when used up. */
  takeFault(route: ApiRoute): ActiveFault | null {
    const fault =
      this.faults.find((f) => f.route === route) ?? (route === 'unknown' ? undefined : this.faults.find((f) => f.route === 'any'));
    if (!fault) return null;
    fault.fired += 1;
    if (fault.times !== undefined && fault.fired >= fault.times) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  // --- Log ------------------------------------------------------------------------------------

  record(entry: LoggedRequest): LoggedRequest {
    this.log.push(entry);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
    return entry;
  }

  requestCounts(filter: { fromPage?: boolean } = {}): Record<ApiRoute, number> {
    const counts: Record<ApiRoute, number> = { tenant: 0, pending: 0, history: 0, decision: 0, investigation: 0, unknown: 0 };
    for (const r of this.log) if (filter.fromPage === undefined || r.fromPage === filter.fromPage) counts[r.route] += 1;
    return counts;
  }

  // --- API answers ----------------------------------------------------------------------------

  tenantContext(): JsonAnswer {
    return {
      status: 200,
      body: {
        AuthInfo: { TenantId: this.scenario.tenantId, UserName: this.scenario.analyst },
        TenantName: 'Contoso',
        IsMtpEligible: true,
      },
    };
  }

  /** A list route (PORTAL.md "Action center reads"): exact query or 400; 1-based pages; `{ Count, Results }`. */
  list(kind: 'pending' | 'history', query: URLSearchParams): JsonAnswer {
    const allowed =
      kind === 'pending'
        ? ['type', 'useMtpApi', 'pageIndex', 'pageSize', 'sortByField', 'sortOrder']
        : ['type', 'useMtpApi', 'pageIndex', 'pageSize', 'sortByField', 'sortOrder', 'fromDate', 'toDate'];
    const bad = (message: string): JsonAnswer => ({ status: 400, body: { error: { code: 'BadRequest', message } } });
    const seen = new Set<string>();
    for (const key of query.keys()) {
      if (!allowed.includes(key)) return bad(`Unexpected query parameter '${key}'.`);
      if (seen.has(key)) return bad(`Query parameter '${key}' appears more than once.`);
      seen.add(key);
    }
    for (const key of allowed) if (!query.has(key)) return bad(`Missing query parameter '${key}'.`);
    if (query.get('type') !== kind) return bad(`type must be '${kind}' on this route.`);
    if (query.get('useMtpApi') !== 'true') return bad("useMtpApi must be 'true'.");
    const pageIndex = Number(query.get('pageIndex'));
    const pageSize = Number(query.get('pageSize'));
    if (!Number.isInteger(pageIndex) || pageIndex < 1) return bad('pageIndex must be a whole number from 1.');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return bad('pageSize must be a whole number from 1 to 1000.');
    const sortBy = query.get('sortByField')!;
    const sortField = SORT_FIELDS[sortBy];
    if (!sortField) return bad(`sortByField '${sortBy}' is not a sort key.`);
    const order = query.get('sortOrder');
    if (order !== 'Ascending' && order !== 'Descending') return bad("sortOrder must be 'Ascending' or 'Descending'.");

    let items = kind === 'pending' ? this.pending : this.history;
    if (kind === 'history') {
      const from = timeOf(query.get('fromDate'));
      const to = timeOf(query.get('toDate'));
      if (Number.isNaN(from) || Number.isNaN(to)) return bad('fromDate and toDate must be ISO 8601 dates.');
      items = items.filter((a) => {
        const t = timeOf(field(a, 'EventTime'));
        return t >= from && t <= to;
      });
    }
    const sign = order === 'Ascending' ? 1 : -1;
    const sorted = [...items].sort((a, b) => {
      const [x, y] = [field(a, sortField), field(b, sortField)];
      const c = compare(x, y, sortBy);
      // Nulls last whatever the order.
      return x === null || x === undefined || y === null || y === undefined ? c : sign * c;
    });
    // A capped portal answers pages of at most maxPageSize, numbered by that size, with the true Count.
    const size = this.config.maxPageSize ? Math.min(pageSize, this.config.maxPageSize) : pageSize;
    const start = (pageIndex - 1) * size;
    const results = sorted.slice(start, start + size).map((item) => this.withInvestigationTitle(item));
    return { status: 200, body: { Count: sorted.length, Results: results } };
  }

  /**
   * ASSUMED (PORTAL.md names no such field; the product reads it leniently when present): the list answer names
   * each item's investigation as `InvestigationTitle`, so the popup can show what an action belongs to.
   */
  private withInvestigationTitle(item: PortalAction): PortalAction {
    if (item.InvestigationId === null || field(item, 'InvestigationTitle') !== undefined) return item;
    const title = this.investigations.find((i) => i.InvestigationId === item.InvestigationId)?.Title;
    return title === undefined ? item : { ...item, InvestigationTitle: title };
  }

  /** ASSUMED (PORTAL.md "Decisions"): applies a decision request; also records it. */
  decide(parsed: unknown, record: RecordedDecision): JsonAnswer {
    const bad = (message: string): JsonAnswer => ({ status: 400, body: { error: { code: 'BadRequest', message } } });
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return bad('The body must be a JSON object.');
    const body = parsed as Record<string, unknown>;
    const ids = body.ActionIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
      return bad('ActionIds must be a non-empty array of strings.');
    }
    if (body.Decision !== 'Approve' && body.Decision !== 'Reject') return bad("Decision must be 'Approve' or 'Reject'.");
    if (body.Comment !== undefined && body.Comment !== null && typeof body.Comment !== 'string') return bad('Comment must be a string.');
    const decision = body.Decision;
    const comment = typeof body.Comment === 'string' ? body.Comment : '';
    const results: DecisionResult[] = (ids as string[]).map((id) => this.decideOne(id, decision, comment));
    record.results = results;
    if (results.every((r) => r.Status === 'AlreadyDecided')) {
      return { status: 409, body: { error: { code: 'Conflict', message: 'Every action in the request was already decided.' }, Results: results } };
    }
    return { status: 200, body: { Results: results } };
  }

  /** One action's fate under a verdict: the same rules for every decision shape. */
  private decideOne(id: string, decision: Decision, comment: string): DecisionResult {
    const by = this.scenario.analyst;
    if (this.failIds.has(id) && this.pending.some((a) => idOf(a) === id)) {
      return { ActionId: id, Status: 'Failed', DecidedBy: null, Message: 'The action could not be updated. Try again later.' };
    }
    if (this.applyDecision(id, decision, by, comment)) {
      return {
        ActionId: id,
        Status: decision === 'Approve' ? 'Approved' : 'Rejected',
        DecidedBy: by,
        Message: decision === 'Approve' ? 'Approved. The action will run shortly.' : 'Rejected. The action will not run.',
      };
    }
    const done = this.history.find((a) => idOf(a) === id);
    if (done) {
      const who = field(done, 'DecidedBy');
      const what = String(field(done, 'ActionDecision') ?? 'decided').toLowerCase();
      return { ActionId: id, Status: 'AlreadyDecided', DecidedBy: typeof who === 'string' ? who : null, Message: `Already ${what}${typeof who === 'string' ? ` by ${who}` : ''}.` };
    }
    return { ActionId: id, Status: 'NotFound', DecidedBy: null, Message: 'No pending action with this id.' };
  }

  /** The action ids behind Approval IDs (pending first, then history); unknown ones are left out. */
  actionIdsOfApprovals(approvalIds: readonly string[]): string[] {
    const out: string[] = [];
    for (const approval of approvalIds) {
      const action = [...this.pending, ...this.history].find((a) => String(field(a, 'BulkId') ?? '') === approval);
      const id = action ? idOf(action) : null;
      if (id) out.push(id);
    }
    return out;
  }

  /** Shape `approvals`: `{ ApprovalIds: [..], status: "Approved" | "Rejected", comment }` → `{ updated: n }` (no per-action results). */
  decideApprovals(parsed: unknown, record: RecordedDecision): JsonAnswer {
    const bad = (message: string): JsonAnswer => ({ status: 400, body: { error: { code: 'BadRequest', message } } });
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return bad('The body must be a JSON object.');
    const body = parsed as Record<string, unknown>;
    const approvals = body.ApprovalIds;
    if (!Array.isArray(approvals) || approvals.length === 0 || !approvals.every((id) => typeof id === 'string' || typeof id === 'number')) {
      return bad('ApprovalIds must be a non-empty array.');
    }
    if (body.status !== 'Approved' && body.status !== 'Rejected') return bad("status must be 'Approved' or 'Rejected'.");
    if (body.comment !== undefined && body.comment !== null && typeof body.comment !== 'string') return bad('comment must be a string.');
    const decision: Decision = body.status === 'Approved' ? 'Approve' : 'Reject';
    const ids = this.actionIdsOfApprovals(approvals.map(String));
    const results = ids.map((id) => this.decideOne(id, decision, typeof body.comment === 'string' ? body.comment : ''));
    record.results = results;
    if (results.length > 0 && results.every((r) => r.Status === 'AlreadyDecided')) {
      return { status: 409, body: { error: { code: 'Conflict', message: 'Already decided.' } } };
    }
    return { status: 200, body: { updated: results.filter((r) => r.Status === 'Approved' || r.Status === 'Rejected').length } };
  }

  /** Shape `autoir`: `{ request: { ActionIds, Verdict: 1 | 2, Reason }, Source }` with x-tid → `{ results: [{ actionId, result }] }`. */
  decideAutoIr(parsed: unknown, record: RecordedDecision, tenantHeader: string | null): JsonAnswer {
    const bad = (message: string): JsonAnswer => ({ status: 400, body: { error: { code: 'BadRequest', message } } });
    if (tenantHeader !== this.scenario.tenantId) return bad('The x-tid header must name the tenant.');
    const request = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>).request : undefined;
    if (!request || typeof request !== 'object' || Array.isArray(request)) return bad('The body must hold a request object.');
    const r = request as Record<string, unknown>;
    const ids = r.ActionIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) return bad('request.ActionIds must be a non-empty array of strings.');
    if (r.Verdict !== 1 && r.Verdict !== 2) return bad('request.Verdict must be 1 (approve) or 2 (reject).');
    const decision: Decision = r.Verdict === 1 ? 'Approve' : 'Reject';
    const results = (ids as string[]).map((id) => this.decideOne(id, decision, typeof r.Reason === 'string' ? r.Reason : ''));
    record.results = results;
    const word: Record<string, string> = { Approved: 'Succeeded', Rejected: 'Succeeded', AlreadyDecided: 'AlreadyDecided', NotFound: 'NotFound', Failed: 'Failed' };
    return { status: 200, body: { results: results.map((x) => ({ actionId: x.ActionId, result: word[x.Status] ?? 'Failed' })) } };
  }

  /** ASSUMED route (PORTAL.md: investigation details are not observed). */
  investigation(id: string): JsonAnswer {
    const found = /^\d+$/.test(id) ? this.investigations.find((i) => i.InvestigationId === Number(id)) : undefined;
    if (!found) return { status: 404, body: { error: { code: 'NotFound', message: `Investigation ${id} was not found.` } } };
    return { status: 200, body: found };
  }
}
