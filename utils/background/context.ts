/**
 * What every part of the background shares: the settings and policy as they change, one portal client per cloud,
 * and the portal tabs of the selected cloud.
 */
import { createPortalClient, type PortalClient } from '../portal/client';
import { CLOUDS, cloudForHost, hostPattern, type CloudId } from '../portal/hosts';
import { loadPolicy, watchPolicy, type Policy } from '../policy';
import { loadSettings, type Settings } from '../settings';

export interface BackgroundContext {
  settings(): Promise<Settings>;
  policy(): Promise<Policy>;
  /** Takes new settings (the caller watches them: it also reacts to what changed). */
  setSettings(next: Settings): void;
  cloud(): Promise<CloudId>;
  /** The portal host of the selected cloud. */
  host(): Promise<string>;
  clientFor(cloud: CloudId): PortalClient;
  /** Match patterns of the selected portal, for tab queries. */
  portalPatterns(): Promise<string[]>;
  portalTabIds(): Promise<number[]>;
}

export function createBackgroundContext(): BackgroundContext {
  let settings: Promise<Settings> = loadSettings();
  let policy: Promise<Policy> = loadPolicy();
  watchPolicy((next) => {
    policy = Promise.resolve(next);
  });
  const clients = new Map<CloudId, PortalClient>();
  const cloud = async () => (await settings).cloud;
  const portalPatterns = async () => [hostPattern(CLOUDS[await cloud()].portalHost)];
  return {
    settings: () => settings,
    policy: () => policy,
    setSettings: (next) => {
      settings = Promise.resolve(next);
    },
    cloud,
    host: async () => CLOUDS[await cloud()].portalHost,
    clientFor: (id) => {
      let client = clients.get(id);
      if (!client) clients.set(id, (client = createPortalClient({ cloud: id })));
      return client;
    },
    portalPatterns,
    portalTabIds: async () =>
      (await browser.tabs.query({ url: await portalPatterns() })).flatMap((t) => (t.id === undefined ? [] : [t.id])),
  };
}

/** A page of one of the portal hosts (where the content script runs), over HTTPS. */
export function isPortalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && cloudForHost(u.hostname) !== undefined;
  } catch {
    return false;
  }
}
