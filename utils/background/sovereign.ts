/** Sovereign-cloud portals get the content script only once the analyst granted their host. */
import { CLOUDS, DEFAULT_HOST_PATTERNS, hostPattern, type CloudId } from '../portal/hosts';

const SOVEREIGN_SCRIPT_ID = 'portal-sovereign';

export async function registerSovereignContentScript(cloud: CloudId): Promise<void> {
  const pattern = hostPattern(CLOUDS[cloud].portalHost);
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [SOVEREIGN_SCRIPT_ID] });
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SOVEREIGN_SCRIPT_ID] });
  if (DEFAULT_HOST_PATTERNS.includes(pattern)) return;
  if (!(await browser.permissions.contains({ origins: [pattern] }))) return;
  await browser.scripting.registerContentScripts([
    { id: SOVEREIGN_SCRIPT_ID, matches: [pattern], js: ['content-scripts/portal.js'], runAt: 'document_idle' },
  ]);
}
