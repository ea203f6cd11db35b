import { PORTAL_MATCHES } from '@/utils/portal/hosts';

export const PRESENCE_TAG = 'acc-companion';

export default defineContentScript({
  matches: [...PORTAL_MATCHES],
  runAt: 'document_idle',
  main() {
    // One inert host element says the extension is present; the page features mount beside portal nodes.
    if (document.querySelector(PRESENCE_TAG)) return;
    const host = document.createElement(PRESENCE_TAG);
    host.hidden = true;
    host.setAttribute('data-version', browser.runtime.getManifest().version);
    document.documentElement.append(host);
  },
});
