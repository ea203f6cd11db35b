import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { onBroadcast, request } from '@/utils/messages';
import { startPage } from '@/utils/page/app';
import { COMPAT_KEY, createCompatRecorder, type CompatRecord } from '@/utils/page/compat';
import { FEATURES } from '@/utils/page/features';
import { loadDisabledFeatures, loadPageSettings, watchPageSettings } from '@/utils/page/settings';
import { PORTAL_MATCHES } from '@/utils/portal/hosts';

export const PRESENCE_TAG = 'acc-companion';

export default defineContentScript({
  matches: [...PORTAL_MATCHES],
  runAt: 'document_idle',
  // Our CSS lives only inside our shadow roots (imported as text); nothing is injected into the page.
  cssInjectionMode: 'manual',
  // WXT's own context: it is invalidated when the extension is updated or reloaded and a newer copy starts.
  async main(ctx: ContentScriptContext) {
    // One inert host element keeps a second copy from starting; the page features mount beside portal nodes.
    // It carries no version: the page has no business knowing which release runs (an attacker would).
    if (document.querySelector(PRESENCE_TAG)) return;
    const host = document.createElement(PRESENCE_TAG);
    host.hidden = true;
    document.documentElement.append(host);

    // Features the organisation turned off by policy are never mounted (a change applies when a page next opens).
    let invalid = false;
    const stopWaiting = ctx.onInvalidated(() => {
      invalid = true;
      host.remove();
    });
    const disabled = await loadDisabledFeatures();
    stopWaiting();
    if (invalid) return;
    const app = startPage({
      doc: document,
      features: FEATURES.filter((feature) => !disabled.includes(feature.id)),
      request,
      onBroadcast,
      loadSettings: loadPageSettings,
      watchSettings: watchPageSettings,
      // A page feature that broke is switched off and leaves the page as it was; say so for whoever debugs.
      onFeatureError: (id, error) => console.warn(`Action Center Companion: page feature "${id}" switched off`, error),
      // Which features found the portal's markup, and which found it changed (Options → Portal compatibility).
      onCompat: createCompatRecorder({
        read: async () => (await browser.storage.local.get(COMPAT_KEY))[COMPAT_KEY],
        write: (record: CompatRecord) => browser.storage.local.set({ [COMPAT_KEY]: record }),
      }),
    });
    ctx.onInvalidated(() => {
      app.stop();
      host.remove();
    });
  },
});
