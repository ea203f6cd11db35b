/**
 * Builders for scenario data: realistic Action center items with every observed field (PORTAL.md, "Item fields").
 * Times are computed relative to `now` when a scenario loads; ids are deterministic (derived from a seed) so a
 * test can name an action across reloads.
 */
import { createHash } from 'node:crypto';
import type { PortalAction, PortalInvestigation } from '../types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * Raw ActionType values and the label the portal shows. OBSERVED raw values: IsolateResponse, UnIsolateResponse,
 * AntivirusScanResponse, CollectInvestigationPackageResponse. The others are ASSUMED (they follow the same
 * pattern); labels are Microsoft's documented display strings.
 */
export const ACTION_TYPE_LABELS: Readonly<Record<string, string>> = {
  IsolateResponse: 'Isolate device',
  UnIsolateResponse: 'Release from isolation',
  AntivirusScanResponse: 'Run antivirus scan',
  CollectInvestigationPackageResponse: 'Collect investigation package',
  RestrictCodeExecutionResponse: 'Restrict code execution',
  UnrestrictCodeExecutionResponse: 'Release code execution',
  StopAndQuarantineFileResponse: 'Stop and quarantine',
  QuarantineFileResponse: 'Quarantine a file',
  SoftDeleteEmailResponse: 'Soft delete email messages or clusters',
  QuarantineEmailResponse: 'Quarantine email',
  BlockUrlResponse: 'Block URL (time-of-click)',
  DisableUserResponse: 'Disable user',
};

/** Raw ActionSource values (PublicApi observed, the others assumed) and their labels. */
export const ACTION_SOURCE_LABELS: Readonly<Record<string, string>> = {
  AutomatedInvestigation: 'Automated investigation',
  PublicApi: 'Public API',
  ManualDeviceAction: 'Manual device action',
  ManualEmailAction: 'Manual email action',
  AdvancedHunting: 'Advanced hunting action',
  Explorer: 'Explorer action',
  LiveResponse: 'Live response action',
};

export const ENTITY_TYPE_LABELS: Readonly<Record<string, string>> = {
  Machine: 'Device',
  File: 'File',
  MailMessage: 'Email',
  MailCluster: 'Email cluster',
  Url: 'URL',
  User: 'User',
};

/** A GUID derived from a seed: stable across loads, distinct per seed. */
export function guid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A 40-hex id (machine ids, SHA1s) from a seed. */
export function hex40(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export function iso(ms: number, zoneless = false): string {
  const s = new Date(ms).toISOString();
  return zoneless ? s.slice(0, -1) : s;
}

export type DeviceKind = 'isolate' | 'unisolate' | 'scan' | 'collect' | 'restrict' | 'unrestrict';
export type FileKind = 'quarantine' | 'stop-quarantine';
export type EmailKind = 'soft-delete' | 'quarantine-email';

const DEVICE_TYPE: Record<DeviceKind, string> = {
  isolate: 'IsolateResponse',
  unisolate: 'UnIsolateResponse',
  scan: 'AntivirusScanResponse',
  collect: 'CollectInvestigationPackageResponse',
  restrict: 'RestrictCodeExecutionResponse',
  unrestrict: 'UnrestrictCodeExecutionResponse',
};

export type ActionSpec = {
  /** Seed of the ActionId (and machine id): keep unique within a scenario. */
  readonly seed: string;
  readonly investigationId: number | null;
  readonly bulkId: string | null;
  /** How long ago the action was created. */
  readonly ageMs: number;
  readonly source?: string;
  /** Send times without a zone (observed in real responses; means UTC). */
  readonly zoneless?: boolean;
} & (
  | { readonly entity: 'device'; readonly kind: DeviceKind; readonly computer: string }
  | {
      readonly entity: 'file';
      readonly kind: FileKind;
      readonly computer: string;
      readonly fileName: string;
      readonly filePath: string;
    }
  | {
      readonly entity: 'email';
      readonly kind: EmailKind;
      readonly sender: string;
      readonly recipient: string;
      readonly subject: string;
    }
  | { readonly entity: 'url'; readonly url: string }
  | { readonly entity: 'user'; readonly upn: string }
);

/** A pending action (ActionDecision null, ActionStatus Pending) built from a spec. */
export function pendingAction(now: number, spec: ActionSpec): PortalAction {
  const start = now - spec.ageMs;
  const base = {
    InvestigationId: spec.investigationId,
    ActionId: guid(`action:${spec.seed}`),
    BulkId: spec.bulkId,
    StartTime: iso(start, spec.zoneless),
    EndTime: null,
    EventTime: iso(start + 1500, spec.zoneless),
    ActionDecision: null,
    DecidedBy: null,
    Comment: null,
    ActionStatus: 'Pending',
    ActionSource: spec.source ?? (spec.investigationId === null ? 'PublicApi' : 'AutomatedInvestigation'),
  };
  switch (spec.entity) {
    case 'device': {
      const machineId = hex40(`machine:${spec.computer}`);
      return {
        ...base,
        ActionType: DEVICE_TYPE[spec.kind],
        EntityType: 'Machine',
        Product: 'MDE',
        MachineId: machineId,
        ComputerName: spec.computer,
        RelatedEntities: [{ EntityType: 'Machine', MachineId: machineId, ComputerName: spec.computer, OsPlatform: 'Windows11' }],
        AdditionalFields:
          spec.kind === 'isolate'
            ? { IsolationType: 'Full' }
            : spec.kind === 'scan'
              ? { ScanType: 'Quick' }
              : spec.kind === 'collect'
                ? { PackageType: 'Full' }
                : {},
      };
    }
    case 'file': {
      const machineId = hex40(`machine:${spec.computer}`);
      const sha1 = hex40(`file:${spec.filePath}`);
      return {
        ...base,
        ActionType: spec.kind === 'quarantine' ? 'QuarantineFileResponse' : 'StopAndQuarantineFileResponse',
        EntityType: 'File',
        Product: 'MDE',
        MachineId: machineId,
        ComputerName: spec.computer,
        FileName: spec.fileName,
        FilePath: spec.filePath,
        Sha1: sha1,
        RelatedEntities: [
          { EntityType: 'File', FileName: spec.fileName, FilePath: spec.filePath, Sha1: sha1 },
          { EntityType: 'Machine', MachineId: machineId, ComputerName: spec.computer },
        ],
        AdditionalFields: { FileName: spec.fileName, FilePath: spec.filePath, Sha1: sha1 },
      };
    }
    case 'email': {
      const networkMessageId = guid(`nmid:${spec.seed}`);
      return {
        ...base,
        ActionType: spec.kind === 'soft-delete' ? 'SoftDeleteEmailResponse' : 'QuarantineEmailResponse',
        EntityType: 'MailMessage',
        Product: 'MDO',
        MachineId: null,
        ComputerName: null,
        Sender: spec.sender,
        Recipient: spec.recipient,
        Subject: spec.subject,
        NetworkMessageId: networkMessageId,
        RelatedEntities: [
          { EntityType: 'MailMessage', NetworkMessageId: networkMessageId, Sender: spec.sender, Recipient: spec.recipient, Subject: spec.subject },
          { EntityType: 'Mailbox', MailboxPrimaryAddress: spec.recipient },
        ],
        AdditionalFields: { DeliveryLocation: 'Inbox', Count: 1 },
      };
    }
    case 'url':
      return {
        ...base,
        ActionType: 'BlockUrlResponse',
        EntityType: 'Url',
        Product: 'MDO',
        MachineId: null,
        ComputerName: null,
        Url: spec.url,
        RelatedEntities: [{ EntityType: 'Url', Url: spec.url }],
        AdditionalFields: { Scope: 'TimeOfClick' },
      };
    case 'user':
      return {
        ...base,
        ActionType: 'DisableUserResponse',
        EntityType: 'User',
        Product: 'MDO',
        MachineId: null,
        ComputerName: null,
        UserPrincipalName: spec.upn,
        RelatedEntities: [{ EntityType: 'User', UserPrincipalName: spec.upn, AadUserId: guid(`user:${spec.upn}`) }],
        AdditionalFields: { Provider: 'AzureActiveDirectory' },
      };
  }
}

/** A decided action as it appears in History. */
export function decidedAction(
  now: number,
  spec: ActionSpec,
  decision: { readonly decision: 'Approved' | 'Rejected'; readonly by: string; readonly comment: string | null; readonly decidedAgoMs: number; readonly status?: string },
): PortalAction {
  const action = pendingAction(now, spec);
  const end = iso(now - decision.decidedAgoMs, spec.zoneless);
  return {
    ...action,
    ActionDecision: decision.decision,
    DecidedBy: decision.by,
    Comment: decision.comment,
    EndTime: end,
    EventTime: end,
    ActionStatus: decision.status ?? (decision.decision === 'Approved' ? 'Completed' : 'Declined'),
  };
}

export function investigation(
  now: number,
  id: number,
  title: string,
  incidentId: number | null,
  ageMs: number,
  status = 'PendingApproval',
): PortalInvestigation {
  return { InvestigationId: id, Title: title, Status: status, IncidentId: incidentId, StartTime: iso(now - ageMs) };
}
