/**
 * `hostile`: every string field holds content that must only ever be rendered as text — markup that runs script
 * if parsed as HTML, javascript: URLs, bidi overrides, zero-width characters, a 10,000-character name, emoji,
 * RTL Arabic and Hebrew, ids with ../ ? # — while times stay valid ISO and InvestigationId stays a number or
 * null. A page or extension that executes any of it sets `window.__xss` (and calls alert).
 */
import type { PortalAction, PortalInvestigation, Scenario } from '../types';
import { DAY, HOUR, MINUTE, iso } from './build';

export const HOSTILE = {
  img: '<img src=x onerror="window.__xss=1;alert(1)">',
  script: '<script>window.__xss=1;alert(1)</script>',
  svg: '"\'><svg onload="window.__xss=1;alert(1)">',
  js: 'javascript:window.__xss=1;alert(1)',
  /** Displays as "invoice‮fdp.exe" → "invoiceexe.pdf". */
  bidi: 'invoice\u202Efdp.exe',
  zeroWidth: 'WS\u200B-FIN\u200C-042\u200D\uFEFF',
  long: `SRV-${'X'.repeat(9996)}`,
  emoji: '🔥💻 laptop 👩‍💻🏳️‍🌈',
  arabic: 'حاسوب قسم المالية',
  hebrew: 'מחשב נייד של הכספים',
  template: '${7*7} {{7*7}} <%= 7*7 %>',
  css: 'x</style><style>*{display:none!important}</style>',
  newlines: 'line one\nline two\r\n\tTabbed\u0085next',
  markdown: '[click me](javascript:alert(1)) **bold**',
  formula: '=HYPERLINK("https://evil.example","click")',
} as const;

const H = HOSTILE;
export const HOSTILE_ANALYST = `${H.img}@contoso.example`;

function base(now: number, ageMs: number): Pick<PortalAction, 'StartTime' | 'EndTime' | 'EventTime' | 'ActionDecision' | 'DecidedBy' | 'Comment' | 'ActionStatus'> {
  return { StartTime: iso(now - ageMs), EndTime: null, EventTime: iso(now - ageMs + 1000), ActionDecision: null, DecidedBy: null, Comment: null, ActionStatus: 'Pending' };
}

export default function hostileScenario(now: number): Scenario {
  const pending: PortalAction[] = [
    {
      ...base(now, 4 * MINUTE),
      InvestigationId: 666,
      ActionId: '../../../../etc/passwd',
      BulkId: '../bulk/1?x=1#y',
      ActionType: H.img,
      EntityType: H.script,
      ActionSource: H.js,
      Product: H.svg,
      MachineId: '../machines/../../admin',
      ComputerName: H.long,
      Comment: H.template,
      RelatedEntities: [{ EntityType: H.img, ComputerName: H.script, [H.svg]: H.js }],
      AdditionalFields: { [H.img]: H.script, Nested: { Deep: H.css } },
    },
    {
      ...base(now, 40 * MINUTE),
      InvestigationId: 666,
      ActionId: 'a?b=c&d=<e>#frag',
      BulkId: '#2',
      ActionType: 'IsolateResponse',
      EntityType: 'Machine',
      ActionSource: 'AutomatedInvestigation',
      Product: 'MDE',
      MachineId: 'id#with?query',
      ComputerName: H.bidi,
      RelatedEntities: [{ EntityType: 'Machine', ComputerName: H.bidi }],
      AdditionalFields: { Note: H.newlines },
    },
    {
      ...base(now, 3 * HOUR),
      InvestigationId: 667,
      ActionId: 'javascript:alert(1)//',
      BulkId: H.zeroWidth,
      ActionType: 'SoftDeleteEmailResponse',
      EntityType: 'MailMessage',
      ActionSource: H.markdown,
      Product: 'MDO',
      MachineId: null,
      ComputerName: null,
      Sender: `"${H.script}" <${H.js}@evil.example>`,
      Recipient: H.hebrew,
      Subject: `${H.bidi} ${H.emoji} ${H.css}`,
      NetworkMessageId: '../../mail/%2e%2e/%00',
      RelatedEntities: [{ EntityType: 'MailMessage', Subject: H.svg }],
      AdditionalFields: { Formula: H.formula },
    },
    {
      ...base(now, 9 * HOUR),
      InvestigationId: 667,
      ActionId: '%2e%2e%2f%2e%2e%2fadmin',
      BulkId: `${H.arabic} 4`,
      ActionType: 'BlockUrlResponse',
      EntityType: 'Url',
      ActionSource: 'AutomatedInvestigation',
      Product: 'MDO',
      MachineId: null,
      ComputerName: H.arabic,
      Url: H.js,
      RelatedEntities: [{ EntityType: 'Url', Url: 'javascript:alert(document.domain)' }],
      AdditionalFields: {},
    },
    {
      ...base(now, DAY + HOUR),
      InvestigationId: null,
      ActionId: '<img src=x onerror=alert(1)>',
      BulkId: H.emoji,
      ActionType: 'DisableUserResponse',
      EntityType: 'User',
      ActionSource: 'PublicApi',
      Product: 'MDO',
      MachineId: null,
      ComputerName: H.emoji,
      UserPrincipalName: `${H.hebrew}@${H.arabic}.example`,
      Comment: H.formula,
      RelatedEntities: [{ EntityType: 'User', UserPrincipalName: H.img }],
      AdditionalFields: { Template: H.template },
    },
    {
      ...base(now, 4 * DAY),
      InvestigationId: 668,
      ActionId: ' leading and trailing spaces ',
      BulkId: '5 / 6 \\ 7',
      ActionType: `${H.hebrew} ${H.newlines}`,
      EntityType: H.emoji,
      ActionSource: H.css,
      Product: H.template,
      MachineId: H.zeroWidth,
      ComputerName: H.zeroWidth,
      FileName: H.bidi,
      FilePath: `C:\\..\\..\\${H.bidi}`,
      RelatedEntities: [],
      AdditionalFields: { [H.arabic]: H.hebrew },
    },
  ];
  const history: PortalAction[] = [
    {
      ...base(now, 2 * DAY),
      EndTime: iso(now - DAY),
      EventTime: iso(now - DAY),
      ActionDecision: 'Approved',
      DecidedBy: H.script,
      Comment: `${H.img} ${H.bidi} ${H.long.slice(0, 500)}`,
      ActionStatus: 'Completed',
      InvestigationId: 668,
      ActionId: '../history/../1',
      BulkId: '?hist',
      ActionType: 'IsolateResponse',
      EntityType: 'Machine',
      ActionSource: H.js,
      Product: 'MDE',
      MachineId: '#',
      ComputerName: H.svg,
      RelatedEntities: [],
      AdditionalFields: {},
    },
    {
      ...base(now, 3 * DAY),
      EndTime: iso(now - 2 * DAY),
      EventTime: iso(now - 2 * DAY),
      ActionDecision: 'Rejected',
      DecidedBy: H.arabic,
      Comment: H.newlines,
      ActionStatus: H.img,
      InvestigationId: 666,
      ActionId: 'hist#2',
      BulkId: H.bidi,
      ActionType: H.script,
      EntityType: H.svg,
      ActionSource: H.emoji,
      Product: H.hebrew,
      MachineId: null,
      ComputerName: H.template,
      RelatedEntities: [],
      AdditionalFields: {},
    },
  ];
  const investigations: PortalInvestigation[] = [
    { InvestigationId: 666, Title: `${H.img} ${H.script}`, Status: H.svg, IncidentId: 6660, StartTime: iso(now - 2 * DAY) },
    { InvestigationId: 667, Title: `${H.bidi} ${H.arabic} ${H.emoji}`, Status: 'PendingApproval', IncidentId: 6660, StartTime: iso(now - DAY) },
    { InvestigationId: 668, Title: H.long, Status: H.zeroWidth, IncidentId: null, StartTime: iso(now - 5 * DAY) },
  ];
  return { name: 'hostile', tenantId: '0b6c2e8a-5f1d-4c3b-9e7a-1d2f3a4b5c6d', analyst: HOSTILE_ANALYST, pending, history, investigations };
}
