/**
 * The portal clouds and their hosts (../shared/PORTAL.md, "Hosts"). The only table of portal hosts.
 */
export type CloudId = 'commercial' | 'gcc' | 'gccHigh' | 'dod';

export interface Cloud {
  readonly id: CloudId;
  readonly label: string;
  readonly portalHost: string;
  readonly signInHost: string;
}

/** Standalone so the content script's match pattern does not pull the whole table into its bundle. */
export const COMMERCIAL_PORTAL_HOST = 'security.microsoft.com';

export const CLOUDS: Readonly<Record<CloudId, Cloud>> = {
  commercial: {
    id: 'commercial',
    label: 'Commercial',
    portalHost: COMMERCIAL_PORTAL_HOST,
    signInHost: 'login.microsoftonline.com',
  },
  gcc: { id: 'gcc', label: 'GCC', portalHost: COMMERCIAL_PORTAL_HOST, signInHost: 'login.microsoftonline.com' },
  gccHigh: { id: 'gccHigh', label: 'GCC High', portalHost: 'security.microsoft.us', signInHost: 'login.microsoftonline.us' },
  dod: { id: 'dod', label: 'DoD', portalHost: 'security.apps.mil', signInHost: 'login.microsoftonline.us' },
};

export const CLOUD_IDS = Object.keys(CLOUDS) as CloudId[];

export const DEFAULT_CLOUD: CloudId = 'commercial';

export function hostPattern(host: string): string {
  return `https://${host}/*`;
}

export function portalOrigin(cloud: CloudId): string {
  return `https://${CLOUDS[cloud].portalHost}`;
}

/** Patterns granted at install (the commercial portal). */
export const DEFAULT_HOST_PATTERNS: readonly string[] = [hostPattern(COMMERCIAL_PORTAL_HOST)];

/**
 * Sovereign-cloud portals: asked for only when the analyst picks that cloud. Marked pure so a bundle that does not
 * use it (the content script) drops it and the cloud table with it.
 */
export const OPTIONAL_HOST_PATTERNS: readonly string[] = /* @__PURE__ */ [
  ...new Set(CLOUD_IDS.map((id) => hostPattern(CLOUDS[id].portalHost))),
].filter((p) => !DEFAULT_HOST_PATTERNS.includes(p));

export function cloudForHost(host: string): CloudId | undefined {
  return CLOUD_IDS.find((id) => CLOUDS[id].portalHost === host.toLowerCase());
}

/** Where the content script runs by default; sovereign hosts are registered at run time once granted. */
export const PORTAL_MATCHES: readonly string[] = DEFAULT_HOST_PATTERNS;
