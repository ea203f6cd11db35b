/**
 * The fake Defender XDR portal: an HTTPS server (plain node:https) on 127.0.0.1 that serves the portal pages (a
 * small SPA in public/), the /apiproxy routes of ../../../shared/PORTAL.md with its session rules, and a control
 * path /__fake/... for tests (never used by the extension). See README.md in this folder.
 *
 *   const fake = await startFakePortal({ scenario: 'default' });
 *   fake.setFault({ route: 'pending', kind: 'status', status: 503, times: 1 });
 *   ...
 *   await fake.close();
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PORTAL_HOSTS, portalCertificate, type PortalHost } from './cert';
import { PAGE_CSP, shellHtml, signInHtml } from './pages';
import { listScenarios, scenarioFromJson } from './scenarios';
import { FakeState, type JsonAnswer } from './state';
import type {
  ActiveFault,
  ApiRoute,
  Decision,
  DecisionShape,
  Fault,
  FaultRoute,
  FakeConfig,
  FakeStateView,
  LoggedRequest,
  PortalAction,
  RecordedDecision,
  Scenario,
  ScenarioName,
} from './types';

export type * from './types';
export { PORTAL_HOSTS, type PortalHost };

export interface StartOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  scenario?: ScenarioName | Scenario;
  /** How long the page's SPA waits before loading data and rendering rows (default 150 ms). */
  pageRenderDelayMs?: number;
  theme?: 'light' | 'dark';
  decisionShape?: DecisionShape;
  language?: FakeConfig['language'];
  columnKeys?: FakeConfig['columnKeys'];
  redesign?: FakeConfig['redesign'];
}

/** The control path, in process. Every method mirrors a /__fake route. */
export interface FakeControl {
  /** POST /__fake/reset: data back to a scenario (default: the start one); log, decisions, faults cleared; signed in. */
  reset(scenario?: ScenarioName | Scenario): string;
  /** POST /__fake/scenario: replace the data only. */
  loadScenario(scenario: ScenarioName | Scenario): string;
  /** POST /__fake/pending: a new pending action (defaults: an isolation of a new device, created now). */
  addPending(partial?: Partial<PortalAction>): PortalAction;
  /** POST /__fake/decide-as: another analyst decides in the portal (no request is recorded). */
  decideAs(actionIds: readonly string[], decision: Decision, by?: string, comment?: string | null): PortalAction[];
  /** POST /__fake/fail-actions: decisions on these ids answer Status Failed (they stay pending). */
  failActions(actionIds: readonly string[]): void;
  /** POST /__fake/sign-out: every /apiproxy call answers 401, pages show the sign-in page. */
  signOut(): void;
  /** POST /__fake/sign-in: the browser's existing session cookies work again. */
  signIn(): void;
  /** POST /__fake/faults: adds one or more faults; returns them as stored. */
  setFault(fault: Fault | readonly Fault[]): ActiveFault[];
  /** DELETE /__fake/faults[?route=]. */
  clearFaults(route?: FaultRoute): void;
  /** GET /__fake/faults: active faults with how often each fired. */
  faults(): ActiveFault[];
  /** GET /__fake/decisions: every decision request received, in order. */
  decisions(): RecordedDecision[];
  /** GET /__fake/requests: the /apiproxy request log, optionally filtered. */
  requests(filter?: { route?: ApiRoute; fromPage?: boolean }): LoggedRequest[];
  /** Counts of the request log by route (GET /__fake/requests answers them as `counts`). */
  requestCounts(filter?: { fromPage?: boolean }): Record<ApiRoute, number>;
  /** DELETE /__fake/requests: clears the log and the decision records. */
  clearRequests(): void;
  /** GET /__fake/state: the current data, session, faults and config. */
  state(): FakeStateView;
  /**
   * GET /__fake/har: the page's own decision requests as a DevTools "Save all as HAR" file would hold them, cookies
   * and XSRF token included (to prove an import keeps none of them), with their answers.
   */
  har(): string;
  /** POST /__fake/config: page render delay, theme, decision shape, language, column keys, redesign, list page cap (maxPageSize; null removes it). */
  setConfig(config: Partial<FakeConfig>): FakeConfig;
  /** GET /__fake/scenarios. */
  scenarios(): string[];
}

export interface FakePortal extends FakeControl {
  /** https://127.0.0.1:<port> — the server itself (certificate errors aside, usable from anywhere). */
  readonly url: string;
  readonly port: number;
  /** The three portal hosts; map them to 127.0.0.1:<port> in the browser. */
  readonly hosts: readonly PortalHost[];
  /** Chromium's --host-resolver-rules value mapping every portal host to this server. */
  readonly hostResolverRules: string;
  /** https://security.microsoft.com<path> (or another portal host): what a browser with the mapping opens. */
  portalUrl(path?: string, host?: PortalHost): string;
  /** The certificate (PEM) to trust it in Node clients; its SPKI hash for Chromium's spki list. */
  readonly cert: string;
  readonly spkiHash: string;
  /** The same control, as a separate object (handy to pass around). */
  readonly control: FakeControl;
  /** The raw memory (tests that need more than the control). */
  readonly internals: FakeState;
  close(): Promise<void>;
}

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'public');
const STATIC_PREFIX = '/static/fake-portal/';
const STATIC_TYPES: Readonly<Record<string, string>> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const MAX_BODY = 1 << 20;
const API = '/apiproxy';

/** What a decision request of each shape says, for the record (whatever the body holds). */
function recordedFields(shape: DecisionShape, parsed: unknown): Pick<RecordedDecision, 'actionIds' | 'decision' | 'comment'> & { approvalIds: string[] | null } {
  const rec = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
  const list = (x: unknown): string[] | null => (Array.isArray(x) ? x.map(String) : null);
  const text = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  const p = rec(parsed);
  if (shape === 'approvals') {
    const decision = p.status === 'Approved' ? 'Approve' : p.status === 'Rejected' ? 'Reject' : p.status === undefined ? null : String(p.status);
    return { actionIds: null, approvalIds: list(p.ApprovalIds), decision, comment: text(p.comment) };
  }
  if (shape === 'autoir') {
    const r = rec(p.request);
    const decision = r.Verdict === 1 ? 'Approve' : r.Verdict === 2 ? 'Reject' : r.Verdict === undefined ? null : String(r.Verdict);
    return { actionIds: list(r.ActionIds), approvalIds: null, decision, comment: text(r.Reason) };
  }
  return { actionIds: list(p.ActionIds), approvalIds: null, decision: text(p.Decision), comment: text(p.Comment) };
}

/** A HAR 1.2 log of decision requests, shaped as Chromium's DevTools writes one. */
function harOf(decisions: readonly RecordedDecision[], host: string): string {
  const entries = decisions.map((d) => {
    const headers = Object.entries(d.headers ?? {}).map(([name, value]) => ({ name, value }));
    const cookies = (d.headers?.cookie ?? '').split(';').flatMap((c) => {
      const i = c.indexOf('=');
      return i > 0 ? [{ name: c.slice(0, i).trim(), value: c.slice(i + 1).trim() }] : [];
    });
    const url = `https://${host}${d.path}`;
    return {
      startedDateTime: new Date(d.at).toISOString(),
      time: 42,
      request: {
        method: d.method,
        url,
        httpVersion: 'http/2.0',
        headers,
        queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
        cookies,
        headersSize: -1,
        bodySize: d.rawBody.length,
        postData: { mimeType: d.headers?.['content-type'] ?? 'application/json', text: d.rawBody },
      },
      response: {
        status: d.status ?? 0,
        statusText: '',
        httpVersion: 'http/2.0',
        headers: [{ name: 'content-type', value: 'application/json; charset=utf-8' }],
        cookies: [],
        content: { size: (d.answerText ?? '').length, mimeType: 'application/json', text: d.answerText ?? '' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 1, wait: 40, receive: 1 },
    };
  });
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [], entries } }, null, 2);
}

/** Which API route a path is (PORTAL.md). Paths match case-insensitively; list routes keep their trailing slash. */
function apiRoute(pathname: string): { route: ApiRoute; investigationId?: string; shape?: DecisionShape } {
  const p = pathname.toLowerCase();
  if (p === '/apiproxy/mtp/actioncenter/actioncenterui/approvals') return { route: 'decision', shape: 'approvals' };
  if (p === '/apiproxy/mtp/autoir/actions/decide') return { route: 'decision', shape: 'autoir' };
  if (p === '/apiproxy/mtp/sccmanagement/mgmt/tenantcontext') return { route: 'tenant' };
  if (p === '/apiproxy/mtp/actioncenter/actioncenterui/pending-actions/') return { route: 'pending' };
  if (p === '/apiproxy/mtp/actioncenter/actioncenterui/history-actions/') return { route: 'history' };
  if (p === '/apiproxy/mtp/actioncenter/actioncenterui/pending-actions/decision') return { route: 'decision', shape: 'guess' };
  const inv = /^\/apiproxy\/mtp\/autoir\/ui\/investigations\/([^/]+)$/.exec(p);
  if (inv) return { route: 'investigation', investigationId: decodeURIComponent(pathname.split('/').pop()!) };
  return { route: 'unknown' };
}

function cookiesOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every answer closes its connection. Chromium silently re-sends a request once when a *reused* keep-alive
 * connection closes without an answer; with fresh connections a dropped request stays dropped, as a test means it.
 */
function send(res: ServerResponse, status: number, body: string | Buffer, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Cache-Control': 'no-store', Connection: 'close', 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

/** Default bodies of status faults. A plain 403 never mentions tokens or sign-in: it means the role. */
function statusFaultBody(status: number, xsrf: boolean | undefined): unknown {
  switch (status) {
    case 401:
      return { error: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' } };
    case 403:
      return xsrf
        ? { error: { code: 'Forbidden', message: 'The xsrf token is missing or invalid.' } }
        : { error: { code: 'Forbidden', message: 'Insufficient permissions. Approving requires the Security Administrator role or the Active remediation actions permission.' } };
    case 409:
      return { error: { code: 'Conflict', message: 'The actions were already decided.' } };
    case 429:
      return { error: { code: 'TooManyRequests', message: 'Too many requests. Retry later.' } };
    case 500:
      return { error: { code: 'InternalServerError', message: 'An unexpected error occurred.' } };
    case 503:
      return { error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' } };
    default:
      return { error: { code: `Status${status}`, message: `Fake portal fault ${status}.` } };
  }
}

function faultName(f: ActiveFault): string {
  return f.kind === 'status' ? `status:${f.status}` : f.kind;
}

export async function startFakePortal(opts: StartOptions = {}): Promise<FakePortal> {
  const { key, cert, spkiHash } = await portalCertificate();
  const state = new FakeState(opts.scenario ?? 'default', {
    ...(opts.pageRenderDelayMs !== undefined ? { pageRenderDelayMs: opts.pageRenderDelayMs } : {}),
    ...(opts.theme ? { theme: opts.theme } : {}),
    ...(opts.decisionShape ? { decisionShape: opts.decisionShape } : {}),
    ...(opts.language ? { language: opts.language } : {}),
    ...(opts.columnKeys ? { columnKeys: opts.columnKeys } : {}),
    ...(opts.redesign ? { redesign: opts.redesign } : {}),
  });

  const control: FakeControl = {
    reset: (scenario) => state.reset(scenario).name,
    loadScenario: (scenario) => state.load(scenario).name,
    addPending: (partial) => state.addPending(partial),
    decideAs: (ids, decision, by = 'colleague@contoso.example', comment = null) => state.decideAs(ids, decision, by, comment),
    failActions: (ids) => {
      for (const id of ids) state.failIds.add(id);
    },
    signOut: () => state.signOut(),
    signIn: () => state.signIn(),
    setFault: (fault) => (Array.isArray(fault) ? fault : [fault as Fault]).map((f) => state.addFault(f)),
    clearFaults: (route) => state.clearFaults(route),
    faults: () => [...state.faults],
    decisions: () => [...state.decisions],
    requests: (filter = {}) =>
      state.log.filter((r) => (filter.route === undefined || r.route === filter.route) && (filter.fromPage === undefined || r.fromPage === filter.fromPage)),
    requestCounts: (filter) => state.requestCounts(filter),
    clearRequests: () => {
      state.log = [];
      state.decisions = [];
    },
    state: () => state.view(),
    har: () => harOf(state.decisions.filter((d) => d.fromPage), PORTAL_HOSTS[0]),
    setConfig: (config) => {
      if (config.pageRenderDelayMs !== undefined) {
        if (!Number.isFinite(config.pageRenderDelayMs) || config.pageRenderDelayMs < 0) throw new Error('pageRenderDelayMs must be ≥ 0');
        state.config.pageRenderDelayMs = config.pageRenderDelayMs;
      }
      if (config.theme !== undefined) {
        if (config.theme !== 'light' && config.theme !== 'dark') throw new Error("theme must be 'light' or 'dark'");
        state.config.theme = config.theme;
      }
      if (config.decisionShape !== undefined) {
        if (!['guess', 'approvals', 'autoir'].includes(config.decisionShape)) throw new Error("decisionShape must be 'guess', 'approvals' or 'autoir'");
        state.config.decisionShape = config.decisionShape;
      }
      if (config.language !== undefined) {
        if (config.language !== 'en' && config.language !== 'de') throw new Error("language must be 'en' or 'de'");
        state.config.language = config.language;
      }
      if (config.columnKeys !== undefined) {
        if (config.columnKeys !== 'api' && config.columnKeys !== 'app') throw new Error("columnKeys must be 'api' or 'app'");
        state.config.columnKeys = config.columnKeys;
      }
      if (config.redesign !== undefined) {
        if (!['none', 'classes', 'noApprovalColumn'].includes(config.redesign)) throw new Error("redesign must be 'none', 'classes' or 'noApprovalColumn'");
        state.config.redesign = config.redesign;
      }
      if ('maxPageSize' in config) {
        const cap = config.maxPageSize;
        if (cap !== undefined && cap !== null && !(Number.isInteger(cap) && cap >= 1)) throw new Error('maxPageSize must be a whole number ≥ 1');
        if (cap === undefined || cap === null) delete state.config.maxPageSize;
        else state.config.maxPageSize = cap;
      }
      return { ...state.config };
    },
    scenarios: () => listScenarios(),
  };

  // --- Pages and static files ---------------------------------------------------------------

  async function handlePage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith(STATIC_PREFIX)) {
      const name = url.pathname.slice(STATIC_PREFIX.length);
      const type = STATIC_TYPES[name.slice(name.lastIndexOf('.'))];
      if (!/^[a-z0-9-]+\.(js|css)$/.test(name) || !type) return send(res, 404, 'Not found', { 'Content-Type': 'text/plain' });
      try {
        const body = await readFile(join(PUBLIC_DIR, name));
        // The 'classes' redesign renames the page's ms-* classes (public/redesign.js, dom.js): its stylesheet follows (send: no-store).
        if (name === 'app.css' && state.config.redesign === 'classes') {
          return send(res, 200, body.toString('utf8').replace(/\.ms-/g, '.xr-'), { 'Content-Type': type });
        }
        return send(res, 200, body, { 'Content-Type': type });
      } catch {
        return send(res, 404, 'Not found', { 'Content-Type': 'text/plain' });
      }
    }
    if (url.pathname === '/favicon.ico') return send(res, 204, '');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', { Allow: 'GET' });
    const html = { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP, 'X-Content-Type-Options': 'nosniff' };
    if (!state.signedIn) return send(res, 200, signInHtml(url.pathname + url.search), html);
    const session = state.session(cookiesOf(req).sccauth);
    return send(res, 200, shellHtml(state.config, state.scenario.analyst, state.scenario.tenantId), {
      ...html,
      'Set-Cookie': [
        `sccauth=${session.sccauth}; Path=/; Secure; HttpOnly; SameSite=None`,
        `XSRF-TOKEN=${encodeURIComponent(session.xsrf)}; Path=/; Secure; SameSite=None`,
      ],
    });
  }

  // --- API --------------------------------------------------------------------------------------

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { route: matched, investigationId, shape } = apiRoute(url.pathname);
    // Only the configured decision shape exists on this portal: the others are unknown routes (404).
    const route: ApiRoute = matched === 'decision' && shape !== state.config.decisionShape ? 'unknown' : matched;
    const body = await readBody(req);
    const cookie = cookiesOf(req).sccauth;
    const session = state.liveSession(cookie);
    // A session the fake issued, even while signed out (to tell a wrong header from a stale session).
    const known = state.knownSession(cookie);
    const xsrfHeader = header(req, 'x-xsrf-token');
    const xsrf: LoggedRequest['xsrf'] = xsrfHeader === null ? 'missing' : known && xsrfHeader === known.xsrf ? 'ok' : 'mismatch';
    // The page marks its own calls; a copy of that header replayed by the extension (it learns constant headers) is not the page.
    const origin = header(req, 'origin') ?? '';
    const fromPage = header(req, 'x-fake-portal-page') === '1' && !/^(chrome|moz)-extension:/i.test(origin);
    const entry = state.record({
      at: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      route,
      host: header(req, 'host') ?? '',
      cookie: session !== null,
      xsrf,
      tenantHeaders: { xTid: header(req, 'x-tid'), tenantId: header(req, 'tenant-id') },
      origin: header(req, 'origin'),
      fromPage,
      status: null,
      fault: null,
    });
    const withActionIds = <T extends { actionIds: readonly string[] | null; approvalIds: readonly string[] | null }>(r: T): T =>
      r.approvalIds ? { ...r, actionIds: state.actionIdsOfApprovals(r.approvalIds) } : r;
    let decision: RecordedDecision | null = null;
    let parsed: unknown = undefined;
    if (route === 'decision' && shape) {
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      decision = {
        at: entry.at,
        shape,
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
        ...withActionIds(recordedFields(shape, parsed)),
        rawBody: body,
        cookie: session !== null,
        xsrf,
        headersOk: session !== null && xsrf === 'ok',
        fromPage,
        status: null,
        fault: null,
        results: null,
      };
      state.decisions.push(decision);
    }
    const answer = (a: JsonAnswer) => {
      entry.status = a.status;
      if (decision) {
        decision.status = a.status;
        decision.answerText = JSON.stringify(a.body);
      }
      sendJson(res, a.status, a.body, { ...a.headers });
    };
    const answerRaw = (status: number, text: string, type: string) => {
      entry.status = status;
      if (decision) decision.status = status;
      send(res, status, text, { 'Content-Type': type });
    };

    // The session first, then the anti-forgery header (PORTAL.md "Session and request headers").
    if (!session) return answer({ status: 401, body: statusFaultBody(401, false) });
    if (xsrf !== 'ok') return answer({ status: 403, body: { error: { code: 'Forbidden', message: `The xsrf token is ${xsrf === 'missing' ? 'missing' : 'invalid'}: send the XSRF-TOKEN cookie's decoded value in X-XSRF-TOKEN.` } } });

    const fault = state.takeFault(route);
    if (fault) {
      entry.fault = faultName(fault);
      if (decision) decision.fault = entry.fault;
    }
    const normal = (): JsonAnswer => {
      const method = req.method ?? 'GET';
      const only = (m: string, run: () => JsonAnswer): JsonAnswer =>
        method === m ? run() : { status: 405, body: { error: { code: 'MethodNotAllowed', message: `${method} is not allowed here.` } }, headers: { Allow: m } };
      switch (route) {
        case 'tenant':
          return only('GET', () => {
            const q = [...url.searchParams.keys()];
            return q.length === 1 && url.searchParams.get('realTime') === 'true'
              ? state.tenantContext()
              : { status: 400, body: { error: { code: 'BadRequest', message: 'Expected exactly ?realTime=true.' } } };
          });
        case 'pending':
          return only('GET', () => state.list('pending', url.searchParams));
        case 'history':
          return only('GET', () => state.list('history', url.searchParams));
        case 'decision': {
          const exactQuery = (params: Record<string, string>): boolean => {
            const q = [...url.searchParams.keys()];
            return q.length === Object.keys(params).length && Object.entries(params).every(([k, v]) => url.searchParams.get(k) === v);
          };
          const notJson: JsonAnswer = { status: 400, body: { error: { code: 'BadRequest', message: 'The body is not JSON.' } } };
          if (shape === 'approvals') {
            return only('PUT', () => {
              if (!exactQuery({ useMtpApi: 'true' })) return { status: 400, body: { error: { code: 'BadRequest', message: 'Expected exactly ?useMtpApi=true.' } } };
              return parsed === undefined ? notJson : state.decideApprovals(parsed, decision!);
            });
          }
          if (shape === 'autoir') {
            return only('POST', () => {
              if (!exactQuery({})) return { status: 400, body: { error: { code: 'BadRequest', message: 'Expected no query.' } } };
              return parsed === undefined ? notJson : state.decideAutoIr(parsed, decision!, header(req, 'x-tid'));
            });
          }
          return only('POST', () => {
            if (!exactQuery({ useMtpApi: 'true' })) {
              return { status: 400, body: { error: { code: 'BadRequest', message: 'Expected exactly ?useMtpApi=true.' } } };
            }
            return parsed === undefined ? notJson : state.decide(parsed, decision!);
          });
        }
        case 'investigation':
          return only('GET', () => state.investigation(investigationId ?? ''));
        case 'unknown':
          return { status: 404, body: { error: { code: 'NotFound', message: 'No such route.' } } };
      }
    };

    if (!fault) return answer(normal());
    switch (fault.kind) {
      case 'status':
        entry.status = fault.status;
        if (decision) decision.status = fault.status;
        return typeof fault.body === 'string'
          ? send(res, fault.status, fault.body, { 'Content-Type': 'text/plain; charset=utf-8' })
          : sendJson(res, fault.status, fault.body ?? statusFaultBody(fault.status, fault.xsrf), fault.status === 429 ? { 'Retry-After': String(fault.retryAfterSeconds ?? 30) } : {});
      case 'slow': {
        const generation = state.generation;
        await sleep(fault.delayMs);
        // Data reset while we waited: the request belonged to the old data and must not leak into the new.
        if (generation !== state.generation) {
          return answer({ status: 503, body: { error: { code: 'Reset', message: 'The fake portal was reset while this request waited.' } } });
        }
        return answer(normal());
      }
      case 'malformed':
        return answerRaw(200, route === 'decision' ? '{"Results":[{"ActionId":"' : '{"Count":3,"Results":[{"ActionId":"4f1c', 'application/json; charset=utf-8');
      case 'empty':
        return answerRaw(200, '', 'application/json; charset=utf-8');
      case 'signin-page':
        return answerRaw(200, signInHtml('/'), 'text/html; charset=utf-8');
      case 'drop':
        req.socket.destroy();
        return;
      case 'applied-then-dropped':
        normal();
        req.socket.destroy();
        return;
    }
  }

  // --- Control ------------------------------------------------------------------------------

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname.slice('/__fake'.length) || '/';
    const text = method === 'GET' || method === 'DELETE' ? '' : await readBody(req);
    let body: Record<string, unknown> = {};
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: 'body is not JSON' });
      }
    }
    const scenarioArg = (v: unknown): ScenarioName | Scenario | undefined =>
      v === undefined ? undefined : typeof v === 'string' ? v : scenarioFromJson(v, Date.now());
    const ok = (value: unknown = { ok: true }) => sendJson(res, 200, value);
    const key = `${method} ${path}`;
    try {
      switch (key) {
        case 'GET /state':
          return ok(control.state());
        case 'GET /scenarios':
          return ok({ scenarios: control.scenarios() });
        case 'POST /reset':
          return ok({ scenario: control.reset(scenarioArg(body.scenario)) });
        case 'POST /scenario':
          return ok({ scenario: control.loadScenario(scenarioArg(body.scenario ?? body.name) ?? 'default') });
        case 'POST /pending': {
          const partial = (body.action ?? body) as Partial<PortalAction>;
          return sendJson(res, 201, { action: control.addPending(partial) });
        }
        case 'POST /decide-as': {
          const ids = body.actionIds;
          if (!Array.isArray(ids) || (body.decision !== 'Approve' && body.decision !== 'Reject')) {
            return sendJson(res, 400, { error: 'expected { actionIds: string[], decision: "Approve"|"Reject", by?, comment? }' });
          }
          const by = typeof body.by === 'string' ? body.by : undefined;
          const comment = typeof body.comment === 'string' ? body.comment : null;
          return ok({ decided: control.decideAs(ids.map(String), body.decision, by, comment) });
        }
        case 'POST /fail-actions':
          if (!Array.isArray(body.actionIds)) return sendJson(res, 400, { error: 'expected { actionIds: string[] }' });
          control.failActions(body.actionIds.map(String));
          return ok();
        case 'POST /sign-out':
          control.signOut();
          return ok({ signedIn: false });
        case 'POST /sign-in':
          control.signIn();
          return ok({ signedIn: true });
        case 'GET /sign-in': {
          // The sign-in page's button: sign in, then back to the page.
          control.signIn();
          const to = url.searchParams.get('to') ?? '/';
          const safe = to.startsWith('/') && !to.startsWith('//') ? to : '/';
          res.writeHead(302, { Location: safe, 'Cache-Control': 'no-store', Connection: 'close' });
          return void res.end();
        }
        case 'GET /faults':
          return ok({ faults: control.faults() });
        case 'POST /faults':
          return ok({ faults: control.setFault((Array.isArray(body) ? body : (body.faults ?? body)) as Fault | Fault[]) });
        case 'DELETE /faults': {
          const route = url.searchParams.get('route') as FaultRoute | null;
          control.clearFaults(route ?? undefined);
          return ok({ faults: control.faults() });
        }
        case 'GET /har':
          return send(res, 200, control.har(), { 'Content-Type': 'application/json; charset=utf-8' });
        case 'GET /decisions':
          return ok({ decisions: control.decisions() });
        case 'GET /requests': {
          const route = url.searchParams.get('route') as ApiRoute | null;
          const fp = url.searchParams.get('fromPage');
          const filter = { ...(route ? { route } : {}), ...(fp === null ? {} : { fromPage: fp === 'true' }) };
          return ok({ requests: control.requests(filter), counts: control.requestCounts(fp === null ? {} : { fromPage: fp === 'true' }) });
        }
        case 'DELETE /requests':
          control.clearRequests();
          return ok();
        case 'GET /config':
          return ok(control.state().config);
        case 'POST /config':
          return ok(control.setConfig(body as Partial<FakeConfig>));
        default:
          return sendJson(res, 404, { error: `no control route ${key}` });
      }
    } catch (e) {
      return sendJson(res, 400, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  const sockets = new Set<Socket>();
  const server: Server = createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://fake.invalid');
    const handler = url.pathname === '/__fake' || url.pathname.startsWith('/__fake/')
      ? handleControl
      : url.pathname === API || url.pathname.startsWith(`${API}/`)
        ? handleApi
        : handlePage;
    handler(req, res, url).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
    });
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A TLS handshake the browser abandons is not our error.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const portal: FakePortal = {
    ...control,
    url: `https://127.0.0.1:${port}`,
    port,
    hosts: PORTAL_HOSTS,
    hostResolverRules: PORTAL_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', '),
    portalUrl: (path = '/', host = PORTAL_HOSTS[0]) => `https://${host}${path.startsWith('/') ? path : `/${path}`}`,
    cert,
    spkiHash,
    control,
    internals: state,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      })),
  };
  return portal;
}
