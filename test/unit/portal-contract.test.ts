import { describe, expect, it } from 'vitest';
import type { Action } from '@/utils/actions/model';
import { buildMatchIndex, matchRow } from '@/utils/page/match';
import { columnEvidence, discoverColumns } from '@/utils/page/columns';
import {
  ACTION_SOURCE_LABELS,
  ACTION_TYPE_LABELS,
  ENTITY_TYPE_LABELS,
  PORTAL_ACTION_SOURCE_NAMES,
  PORTAL_ACTION_TYPE_NAMES,
  PORTAL_ENTITY_TYPE_NAMES,
  actionTypeText,
  domainOf,
  entityTypeText,
  DECISION_PATH,
  actionCenterUrl,
  actionSourceLabel,
  actionTypeLabel,
  actionUrl,
  entityTypeLabel,
  historyPath,
  investigationUrl,
  isSafeId,
  parseItem,
  parseListPage,
  parsePortalTime,
  pendingPath,
} from '@/utils/portal/contract';
import { CLOUD_IDS, CLOUDS } from '@/utils/portal/hosts';
import defaultScenario from '../fake-portal/scenarios/default';
import hostileScenario, { HOSTILE } from '../fake-portal/scenarios/hostile';
import { loadScenario } from '../fake-portal/scenarios';
import { makeAction } from './support/actions';
import { usePseudoLocale } from './support/i18n';

const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);

/** A device isolation as a real history response lists it (PORTAL.md "Item fields"). */
function isolation(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    InvestigationId: 1287,
    ActionId: '8a1f6c2e-3b4d-4e5f-9a6b-7c8d9e0f1a2b',
    BulkId: '10241',
    StartTime: '2026-11-25T08:40:00.000Z',
    EndTime: null,
    EventTime: '2026-11-25T08:40:01.500Z',
    ActionType: 'IsolateResponse',
    ActionDecision: null,
    DecidedBy: null,
    Comment: null,
    EntityType: 'Machine',
    RelatedEntities: [{ EntityType: 'Machine', MachineId: 'f00dfeed', ComputerName: 'WS-FIN-042', OsPlatform: 'Windows11' }],
    AdditionalFields: { IsolationType: 'Full' },
    ActionStatus: 'Pending',
    ActionSource: 'AutomatedInvestigation',
    Product: 'MDE',
    MachineId: 'f00dfeed',
    ComputerName: 'WS-FIN-042',
    ...overrides,
  };
}

function parsed(raw: unknown): Action {
  const result = parseItem(raw);
  if (!result.ok) throw new Error(`expected a fit, got ${result.problem.message}`);
  return result.value;
}

function problem(raw: unknown, where = 'Results[3]'): string {
  const result = parseItem(raw, where);
  if (result.ok) throw new Error('expected a misfit');
  return result.problem.field;
}

describe('routes', () => {
  it('keeps the list queries exactly as PORTAL.md shows them', () => {
    expect(pendingPath(1)).toBe(
      '/apiproxy/mtp/actionCenter/actioncenterui/pending-actions/?type=pending&useMtpApi=true&pageIndex=1&pageSize=100&sortByField=eventTime&sortOrder=Descending',
    );
    expect(historyPath(2, Date.UTC(2026, 10, 17), Date.UTC(2026, 10, 25, 9))).toBe(
      '/apiproxy/mtp/actionCenter/actioncenterui/history-actions/?type=history&useMtpApi=true&pageIndex=2&pageSize=100&sortByField=eventTime&sortOrder=Descending' +
        '&fromDate=2026-11-17T00%3A00%3A00.000Z&toDate=2026-11-25T09%3A00%3A00.000Z',
    );
  });

  it('keeps the assumed decision route and body in one place', () => {
    expect(DECISION_PATH).toBe('/apiproxy/mtp/actionCenter/actioncenterui/pending-actions/decision?useMtpApi=true');
  });

  it('builds the investigation route only for a safe id', () => {
  });
});

describe('id validation', () => {
  it('accepts GUIDs and numbers', () => {
    for (const id of ['8a1f6c2e-3b4d-4e5f-9a6b-7c8d9e0f1a2b', '1287', '10241', 'a1b2-c3', 'Ab_9.x:y']) expect(isSafeId(id)).toBe(true);
  });

  it('refuses anything that could change a URL or a request', () => {
    for (const id of [
      '',
      '.',
      '..',
      '../1',
      'a/b',
      'a?b',
      'a#b',
      'a b',
      ' a',
      '%2e%2e',
      'a\\b',
      '<img>',
      'javascript:alert(1)//',
      'x'.repeat(129),
      ...hostileScenario(NOW).pending.map((a) => a.ActionId),
    ]) {
      expect(isSafeId(id), id).toBe(false);
    }
    expect(isSafeId(42)).toBe(false);
  });
});

describe('portal URLs', () => {
  it('point only at the selected cloud’s portal host', () => {
    for (const cloud of CLOUD_IDS) {
      const host = CLOUDS[cloud].portalHost;
      const urls = [
        actionCenterUrl(cloud),
        investigationUrl(cloud, '1287'),
        actionUrl(cloud, makeAction({ investigationId: '1287' })),
        actionUrl(cloud, makeAction({ investigationId: null })),
        actionUrl(cloud, makeAction({ investigationId: '//evil.example/x' })),
        actionUrl(cloud, makeAction({ id: '//evil.example', investigationId: '@evil.example' })),
      ];
      for (const url of urls) expect(new URL(url ?? '').host, `${cloud} ${url}`).toBe(host);
    }
  });

  it('opens the investigation when the action has a valid one, else the Action center tab it is on', () => {
    expect(actionCenterUrl('gccHigh')).toBe('https://security.microsoft.us/action-center/pending');
    expect(actionUrl('commercial', makeAction({ investigationId: '1287' }))).toBe('https://security.microsoft.com/investigation/1287');
    expect(actionUrl('dod', makeAction({ investigationId: null }))).toBe('https://security.apps.mil/action-center/pending');
    expect(actionUrl('commercial', makeAction({ investigationId: '../../admin' }))).toBe('https://security.microsoft.com/action-center/pending');
    expect(actionUrl('commercial', makeAction({ investigationId: null, decision: 'Approved', status: 'Completed' }))).toBe(
      'https://security.microsoft.com/action-center/history',
    );
  });

  it('has no investigation URL for an unsafe id', () => {
    expect(investigationUrl('commercial', '1287?x=1')).toBeNull();
    expect(investigationUrl('commercial', '../settings')).toBeNull();
  });
});

describe('display strings', () => {
  it('maps raw values to the labels analysts know and shows unknown ones as is', () => {
    expect(actionTypeLabel('IsolateResponse')).toBe('Isolate device');
    expect(actionTypeLabel('collectinvestigationpackageresponse')).toBe('Collect investigation package');
    expect(actionTypeLabel('BrandNewResponse')).toBe('BrandNewResponse');
    expect(actionSourceLabel('AutomatedInvestigation')).toBe('Automated investigation');
    expect(actionSourceLabel('SomethingElse')).toBe('SomethingElse');
    expect(entityTypeLabel('Machine')).toBe('Device');
    expect(entityTypeLabel('toString')).toBe('toString');
  });

  it('covers every documented action type label', () => {
    const labels = new Set(Object.values(ACTION_TYPE_LABELS));
    for (const label of [
      'Isolate device', 'Contain devices from the network', 'Collect investigation package', 'Run antivirus scan',
      'Restrict code execution', 'Release code execution', 'Stop and quarantine', 'Quarantine a file', 'Remove a registry key',
      'Kill a process', 'Stop a service', 'Disable a driver', 'Remove a scheduled task', 'Request sample', 'Offboard machine',
      'Soft delete email messages or clusters', 'Quarantine email', 'Quarantine an email attachment', 'Block URL (time-of-click)',
      'Turn off external mail forwarding', 'Disable user', 'Reset user password', 'Confirm user as compromised',
    ]) {
      expect(labels.has(label), label).toBe(true);
    }
  });
});

describe('times', () => {
  it('runs in a zone with an offset (vitest.config.ts pins TZ), so a zone-less time read as local would fail below', () => {
    expect(new Date(Date.UTC(2026, 10, 25)).getTimezoneOffset()).not.toBe(0);
  });

  it('reads ISO 8601 with or without a zone; without one it is UTC', () => {
    expect(parsePortalTime('2026-11-25T08:40:01.500Z')).toBe(Date.UTC(2026, 10, 25, 8, 40, 1, 500));
    expect(parsePortalTime('2026-11-25T08:40:01.5')).toBe(Date.UTC(2026, 10, 25, 8, 40, 1, 500));
    expect(parsePortalTime('2026-11-25T08:40:01.1234567')).toBe(Date.UTC(2026, 10, 25, 8, 40, 1, 123));
    expect(parsePortalTime('2026-11-25T08:40')).toBe(Date.UTC(2026, 10, 25, 8, 40));
    expect(parsePortalTime('2026-11-25T10:40:00+02:00')).toBe(Date.UTC(2026, 10, 25, 8, 40));
    expect(parsePortalTime('2026-11-25T10:40:00+0200')).toBe(Date.UTC(2026, 10, 25, 8, 40));
    expect(parsePortalTime('2026-11-25')).toBe(Date.UTC(2026, 10, 25));
  });

  it('refuses what is not an ISO time', () => {
    for (const t of ['yesterday', '25/11/2026', '', '2026-13-45T99:99:99Z', '1732524000']) expect(parsePortalTime(t), t).toBeNaN();
  });
});

describe('items', () => {
  it('converts a realistic device item into the normalised Action', () => {
    expect(parsed(isolation())).toEqual({
      id: '8a1f6c2e-3b4d-4e5f-9a6b-7c8d9e0f1a2b',
      approvalId: '10241',
      investigationId: '1287',
      type: 'IsolateResponse',
      typeLabel: 'Isolate device',
      entityType: 'Machine',
      entityTypeLabel: 'Device',
      entityName: 'WS-FIN-042',
      asset: 'WS-FIN-042',
      status: 'Pending',
      decision: null,
      decidedBy: null,
      comment: null,
      source: 'Automated investigation',
      product: 'MDE',
      createdAt: Date.UTC(2026, 10, 25, 8, 40, 1, 500),
      updatedAt: Date.UTC(2026, 10, 25, 8, 40, 1, 500),
      startedAt: Date.UTC(2026, 10, 25, 8, 40, 0),
      details: { Device: 'WS-FIN-042', 'Device ID': 'f00dfeed', IsolationType: 'Full' },
      distinguishing: [{ kind: 'approvalId', value: '10241' }],
    });
  });

  it('keeps an expiry the item states (any casing, zone-less is UTC) and ignores one that is not a time', () => {
    expect(parsed(isolation({ expirationTime: '2026-12-01T10:00:00' })).expiresAt).toBe(Date.UTC(2026, 11, 1, 10));
    expect(parsed(isolation({ ExpiresAt: '2026-12-01T10:00:00+02:00' })).expiresAt).toBe(Date.UTC(2026, 11, 1, 8));
    expect(parsed(isolation({ ExpirationTime: 'soon' })).expiresAt).toBeUndefined();
    expect(parsed(isolation()).expiresAt).toBeUndefined();
  });

  it('takes createdAt from EventTime else StartTime, updatedAt from EndTime else EventTime', () => {
    const decided = parsed(
      isolation({ StartTime: '2026-11-24T08:00:00Z', EventTime: '2026-11-24T09:00:00', EndTime: '2026-11-24T10:00:00Z', ActionDecision: 'Approved', DecidedBy: 'j.doe@contoso.example', ActionStatus: 'Completed' }),
    );
    expect(decided.createdAt).toBe(Date.UTC(2026, 10, 24, 9));
    expect(decided.updatedAt).toBe(Date.UTC(2026, 10, 24, 10));
    expect(decided.decision).toBe('Approved');
    expect(decided.decidedBy).toBe('j.doe@contoso.example');
    const noEvent = parsed(isolation({ EventTime: undefined, StartTime: '2026-11-24T08:00:00' }));
    expect(noEvent.createdAt).toBe(Date.UTC(2026, 10, 24, 8));
    expect(noEvent.updatedAt).toBe(Date.UTC(2026, 10, 24, 8));
  });

  it('matches field names case-insensitively (camelCase seen) and keeps going with unknown fields', () => {
    const camel = Object.fromEntries(Object.entries(isolation()).map(([k, v]) => [k[0]!.toLowerCase() + k.slice(1), v]));
    expect(parsed({ ...camel, somethingNew: { added: 'later' } })).toEqual(parsed(isolation()));
  });

  it('tolerates missing optional fields', () => {
    const minimal = parsed({ ActionId: 'abc-1', ActionType: 'IsolateResponse', ActionStatus: 'Pending', EventTime: '2026-11-25T08:00:00Z' });
    expect(minimal).toMatchObject({ approvalId: null, investigationId: null, entityType: '', asset: null, source: null, product: null, details: {} });
    expect(minimal.entityName).toBe('Unknown entity');
  });

  it('rejects wrong types on required fields and names the field', () => {
    expect(problem(isolation({ ActionId: 12345 }))).toBe('Results[3].ActionId');
    expect(problem(isolation({ ActionId: undefined }))).toBe('Results[3].ActionId');
    expect(problem(isolation({ ActionId: '' }))).toBe('Results[3].ActionId');
    expect(problem(isolation({ ActionType: { x: 1 } }))).toBe('Results[3].ActionType');
    expect(problem(isolation({ ActionStatus: null }))).toBe('Results[3].ActionStatus');
    expect(problem(isolation({ InvestigationId: 'not-a-number' }))).toBe('Results[3].InvestigationId');
    expect(problem(isolation({ EventTime: 'yesterday' }))).toBe('Results[3].EventTime');
    expect(problem(isolation({ EventTime: null, StartTime: null }))).toBe('Results[3].EventTime');
    expect(problem(isolation({ ActionDecision: ['Approved'] }))).toBe('Results[3].ActionDecision');
    expect(problem(isolation({ RelatedEntities: 'Machine' }))).toBe('Results[3].RelatedEntities');
    expect(problem(isolation({ AdditionalFields: [1] }))).toBe('Results[3].AdditionalFields');
    expect(problem('a string')).toBe('Results[3]');
    expect(problem(null)).toBe('Results[3]');
  });

  it('accepts a number where the portal sends ids as numbers', () => {
    const a = parsed(isolation({ BulkId: 7100, InvestigationId: '1287' }));
    expect(a.approvalId).toBe('7100');
    expect(a.investigationId).toBe('1287');
  });

  it('names each entity by the best human name of its type', () => {
    const scenario = defaultScenario(NOW);
    const byType = new Map<string, Action>();
    for (const raw of scenario.pending) if (!byType.has(raw.ActionType)) byType.set(raw.ActionType, parsed(raw));
    expect(byType.get('QuarantineFileResponse')?.entityName).toBe('update_helper.dll');
    expect(byType.get('QuarantineFileResponse')?.details).toMatchObject({
      'File path': 'C:\\ProgramData\\UpdateHelper\\update_helper.dll',
      Device: 'WS-FIN-017',
    });
    expect(byType.get('QuarantineFileResponse')?.details.SHA1).toMatch(/^[0-9a-f]{40}$/);
    const mail = byType.get('SoftDeleteEmailResponse');
    expect(mail?.entityName).toBe('Overdue invoice #88213 – action required');
    expect(mail?.details).toMatchObject({ Sender: 'billing@contoso-payments.example', Recipient: 'p.novak@contoso.example' });
    expect(byType.get('BlockUrlResponse')?.entityName).toBe('https://contoso-payments.example/login/verify?session=88213');
    expect(byType.get('DisableUserResponse')?.entityName).toBe('j.smith@contoso.example');
    expect(byType.get('IsolateResponse')?.asset).toMatch(/^(WS|SRV|LAPTOP)-/);
  });

  it('falls back to the network message id, the related entities, then the entity type', () => {
    expect(parsed(isolation({ EntityType: 'MailMessage', ComputerName: null, Subject: null, NetworkMessageId: 'nm-1' })).entityName).toBe('nm-1');
    expect(
      parsed(isolation({ EntityType: 'File', ComputerName: null, RelatedEntities: [{ EntityType: 'File', FilePath: 'C:\\x\\evil.exe' }] })).entityName,
    ).toBe('evil.exe');
    expect(
      parsed(isolation({ EntityType: 'RegistryKey', ComputerName: null, MachineId: null, RelatedEntities: [{ EntityType: 'RegistryKey', RegistryKey: 'HKLM\\Run\\x' }] })).entityName,
    ).toBe('HKLM\\Run\\x');
    expect(parsed(isolation({ EntityType: 'Url', ComputerName: null, MachineId: null, RelatedEntities: [] })).entityName).toBe('URL');
  });

  it('reads every default scenario item, with zone-less times as UTC', () => {
    const scenario = defaultScenario(NOW);
    const all = [...scenario.pending, ...scenario.history].map((raw) => parseItem(raw));
    expect(all.every((r) => r.ok)).toBe(true);
    const zoneless = scenario.pending.find((raw) => !raw.EventTime.endsWith('Z'));
    expect(zoneless).toBeDefined();
    expect(parsed(zoneless).createdAt).toBe(Date.parse(`${zoneless!.EventTime}Z`));
  });

  it('keeps hostile strings as bounded text and never fails on them', () => {
    const scenario = hostileScenario(NOW);
    const actions = [...scenario.pending, ...scenario.history].map((raw) => parsed(raw));
    expect(actions).toHaveLength(8);
    const long = actions.find((a) => a.asset?.startsWith('SRV-XXX'));
    expect(long?.asset?.length).toBeLessThanOrEqual(1024);
    expect(long?.entityName.length).toBeLessThanOrEqual(1024);
    expect(actions[0]?.typeLabel).toBe(HOSTILE.img);
    for (const a of actions) for (const value of Object.values(a.details)) expect(typeof value).toBe('string');
    // Nested objects in AdditionalFields are not display facts.
    expect(Object.values(actions[0]!.details)).not.toContain(expect.stringContaining('</style>'));
  });
});

describe('list pages', () => {
  it('skips and counts the items that do not fit while keeping the good ones', () => {
    const quirks = loadScenario('quirks', NOW);
    const page = parseListPage({ Count: quirks.pending.length, Results: quirks.pending });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.value.actions.map((a) => a.asset)).toEqual(['WS-QUIRK-ZONELESS', 'ws-quirk-camelcase', 'WS-QUIRK-UNKNOWN-TYPE']);
    expect(page.value.actions[2]?.typeLabel).toBe('Remove a registry key');
    expect(page.value.skipped).toEqual([expect.objectContaining({ field: 'Results[3].ActionId' })]);
    expect(page.value.received).toBe(4);
    expect(page.value.total).toBe(4);
  });

  it('refuses an envelope without an array Results', () => {
    for (const body of [{ Count: 1 }, { Count: 1, Results: {} }, { Results: 'x' }, [], null, 'Results']) {
      const page = parseListPage(body);
      expect(page.ok).toBe(false);
      if (!page.ok) expect(page.problem.field).toBe('Results');
    }
  });

  it('accepts a camelCase envelope', () => {
    const page = parseListPage({ count: 1, results: [isolation()] });
    expect(page.ok && page.value.actions).toHaveLength(1);
  });
});

describe('issue 15: our labels apart from the portal\'s vocabulary', () => {
  it('has a label of ours in locales/en.yml for every raw value the portal\'s tables know (English equals the portal\'s word)', () => {
    for (const [portal, ours] of [
      [PORTAL_ACTION_TYPE_NAMES, ACTION_TYPE_LABELS],
      [PORTAL_ACTION_SOURCE_NAMES, ACTION_SOURCE_LABELS],
      [PORTAL_ENTITY_TYPE_NAMES, ENTITY_TYPE_LABELS],
    ] as const) {
      expect(Object.keys(ours)).toEqual(Object.keys(portal));
      for (const raw of Object.keys(portal)) expect(ours[raw], raw).toBe(portal[raw]);
    }
  });

  it('under the pseudo-locale shows our words localised but keeps the portal\'s English words in the Action, so the page still recognises its cells', () => {
    usePseudoLocale();
    const a = parsed(isolation({ BulkId: null }));
    // Display: localised.
    expect(actionTypeLabel('IsolateResponse')).toMatch(/^⟦.+⟧$/u);
    expect(actionTypeText(a.typeLabel)).toMatch(/^⟦.+⟧$/u);
    expect(entityTypeText(a.entityTypeLabel)).toMatch(/^⟦.+⟧$/u);
    expect(actionTypeText('BrandNewResponse')).toBe('BrandNewResponse');
    // Data and recognition: the portal's vocabulary.
    expect(a.typeLabel).toBe('Isolate device');
    expect(a.entityTypeLabel).toBe('Device');
    expect(a.source).toBe('Automated investigation');
    const b = parsed(isolation({ ActionId: '9b2f6c2e-3b4d-4e5f-9a6b-7c8d9e0f1a2b', BulkId: null, ActionType: 'AntivirusScanResponse', ComputerName: 'WS-2' }));
    // A row without an Approval ID whose type cell is in the portal's (English) words matches by the fallback.
    const index = buildMatchIndex([a, b]);
    expect(matchRow({ approvalId: null, investigationId: '1287', actionType: 'Isolate device', asset: 'WS-FIN-042', decision: null }, index)).toMatchObject({ kind: 'match', target: { id: a.id } });
    expect(matchRow({ approvalId: null, investigationId: '1287', actionType: 'Run antivirus scan', asset: 'WS-2', decision: null }, index)).toMatchObject({ kind: 'match', target: { id: b.id } });
    // And the action-type column is learnt from the same words.
    const evidence = columnEvidence([a, b]);
    const rows = [
      new Map([['k:type', 'isolate device'], ['k:asset', 'ws-fin-042'], ['k:inv', '1287']]),
      new Map([['k:type', 'run antivirus scan'], ['k:asset', 'ws-2'], ['k:inv', '1287']]),
    ];
    expect(discoverColumns(rows, evidence)).toMatchObject({ actionType: 'k:type', asset: 'k:asset', investigationId: 'k:inv' });
  });
});

describe('issue 19 item 14: what tells an action apart', () => {
  const parts = (raw: Record<string, unknown>) => parsed(raw).distinguishing;

  it('an email: sender and recipient (the subject is its name), then the investigation title and the Approval ID', () => {
    const mail = isolation({
      ActionType: 'SoftDeleteEmailResponse', EntityType: 'MailMessage', ComputerName: null, MachineId: null,
      Sender: 'billing@contoso-payments.example', Recipient: 'p.novak@contoso.example', Subject: 'Overdue invoice #88213',
      InvestigationTitle: 'Email messages containing malicious URL', BulkId: '10250',
    });
    expect(parsed(mail).entityName).toBe('Overdue invoice #88213');
    expect(parts(mail)).toEqual([
      { kind: 'sender', value: 'billing@contoso-payments.example' },
      { kind: 'recipient', value: 'p.novak@contoso.example' },
      { kind: 'investigation', value: 'Email messages containing malicious URL' },
      { kind: 'approvalId', value: '10250' },
    ]);
    // camelCase fields and fields only in RelatedEntities count too; the subject shows when the name is not it.
    expect(
      parts(isolation({
        ActionType: 'SoftDeleteEmailResponse', EntityType: 'MailMessage', ComputerName: null, MachineId: null, BulkId: null,
        NetworkMessageId: 'nm-1', RelatedEntities: [{ entityType: 'MailMessage', sender: 'a@x.example', recipient: 'b@y.example', subject: 'Hi' }],
      })),
    ).toEqual([
      { kind: 'sender', value: 'a@x.example' },
      { kind: 'recipient', value: 'b@y.example' },
    ]);
  });

  it('a file: the device and the whole path; a URL: its domain; a user: nothing more (the UPN is its name)', () => {
    expect(
      parts(isolation({ ActionType: 'QuarantineFileResponse', EntityType: 'File', FileName: 'x.dll', FilePath: 'C:\\ProgramData\\x.dll', BulkId: null })),
    ).toEqual([
      { kind: 'host', value: 'WS-FIN-042' },
      { kind: 'path', value: 'C:\\ProgramData\\x.dll' },
    ]);
    expect(parts(isolation({ ActionType: 'BlockUrlResponse', EntityType: 'Url', ComputerName: null, MachineId: null, Url: 'https://evil.example:8443/a?b=c', BulkId: null }))).toEqual([
      { kind: 'domain', value: 'evil.example' },
    ]);
    expect(parts(isolation({ ActionType: 'DisableUserResponse', EntityType: 'User', ComputerName: null, MachineId: null, UserPrincipalName: 'j.smith@contoso.example', BulkId: null }))).toEqual([]);
    expect(
      parts(isolation({ ActionType: 'DisableUserResponse', EntityType: 'Account', ComputerName: null, MachineId: null, BulkId: null, RelatedEntities: [{ EntityType: 'User', AccountName: 'jsmith', UserPrincipalName: 'j.smith@contoso.example' }] })),
    ).toEqual([]);
    // A device: its name says it all; the Approval ID tells two isolations of it apart.
    expect(parts(isolation())).toEqual([{ kind: 'approvalId', value: '10241' }]);
  });

  it('leaves out what is missing or not text, and never fails the item for it', () => {
    expect(parts(isolation({ EntityType: 'MailMessage', ComputerName: null, MachineId: null, BulkId: null, Sender: null, InvestigationTitle: { a: 1 } }))).toEqual([]);
    expect(parts(isolation({ EntityType: 'Url', ComputerName: null, MachineId: null, BulkId: null, Url: 'javascript:alert(1)' }))).toEqual([]);
    expect(parts(isolation({ EntityType: 'SomethingNew', BulkId: null, InvestigationTitle: ['x'] }))).toEqual([]);
    expect(domainOf('not a url at all')).toBeNull();
    expect(domainOf('evil.example/path')).toBe('evil.example');
  });

  it('keeps hostile strings as one bounded line of text: no controls, no bidi overrides, no markup interpreted', () => {
    const rlo = '\u202E';
    const hostile = isolation({
      ActionType: 'QuarantineFileResponse', EntityType: 'File', BulkId: null,
      FileName: 'invoice.pdf', FilePath: `C:\\Users\\x\\${rlo}fdp.exe\n<img src=x onerror=alert(1)>${'A'.repeat(5000)}-tail42`,
      ComputerName: `WS\u0000-1\u200B\r\n`,
    });
    const [host, path] = parts(hostile) ?? [];
    expect(host).toEqual({ kind: 'host', value: 'WS -1' });
    expect(path?.value).not.toMatch(/[\p{Cc}\u202e\u200b]/u);
    expect(path?.value).toContain('<img src=x onerror=alert(1)>');
    expect(path?.value.length).toBeLessThanOrEqual(300);
    // Every hostile scenario item still parses, with text-only parts.
    for (const raw of [...hostileScenario(NOW).pending, ...hostileScenario(NOW).history]) {
      for (const part of parsed(raw).distinguishing ?? []) {
        expect(typeof part.value).toBe('string');
        expect(part.value).not.toMatch(/[\p{Cc}\p{Cf}]/u);
      }
    }
  });

  it('the default scenario\'s two soft-deleted copies of one phishing email differ by recipient', () => {
    const mails = defaultScenario(NOW).pending.filter((raw) => raw.ActionType === 'SoftDeleteEmailResponse' && raw.Subject?.startsWith('Overdue')).map(parsed);
    expect(mails).toHaveLength(2);
    expect(mails[0]?.entityName).toBe(mails[1]?.entityName);
    const recipients = mails.map((m) => m.distinguishing?.find((p) => p.kind === 'recipient')?.value);
    expect(new Set(recipients).size).toBe(2);
  });
});
