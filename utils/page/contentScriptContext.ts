/**
 * The portal content script's build uses this instead of WXT's ContentScriptContext (wxt.config.ts aliases
 * `wxt/utils/content-script-context` for content-script builds only): WXT's class, with its timers, location
 * watcher and logger, is about 1 kB of the 20 kB gzip budget, and the content script uses only `onInvalidated`.
 *
 * What it keeps of WXT's behaviour: a newer copy of the same content script (extension updated or reloaded, then
 * injected again) announces itself with the same document event WXT uses, and the older copy is invalidated, so
 * exactly one copy runs in a page, whichever of the two implementations each copy has.
 * `main(ctx)` takes `PortalScriptContext`, so using anything else of WXT's context fails the typecheck.
 */
import { browser } from 'wxt/browser';

export interface PortalScriptContext {
  onInvalidated(callback: () => void): () => void;
}

/** WXT's event name (wxt/utils/internal/custom-events): unique to the extension and the content script. */
export function scriptStartedEvent(contentScriptName: string): string {
  return `${browser?.runtime?.id}:${contentScriptName}:wxt:content-script-started`;
}

interface StartedDetail {
  readonly contentScriptName?: string;
  readonly messageId?: string;
}

export class ContentScriptContext implements PortalScriptContext {
  private readonly controller = new AbortController();
  private readonly id = Math.random().toString(36).slice(2);

  constructor(contentScriptName: string) {
    const type = scriptStartedEvent(contentScriptName);
    const onStarted = (event: Event) => {
      const detail = (event as CustomEvent<StartedDetail | null>).detail;
      if (detail?.contentScriptName === contentScriptName && detail.messageId !== this.id) {
        this.controller.abort('Content script context invalidated');
      }
    };
    // Older copies stop; this copy stops when a newer one starts.
    document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName, messageId: this.id } }));
    document.addEventListener(type, onStarted);
    this.onInvalidated(() => document.removeEventListener(type, onStarted));
  }

  onInvalidated(callback: () => void): () => void {
    const signal = this.controller.signal;
    signal.addEventListener('abort', callback);
    return () => signal.removeEventListener('abort', callback);
  }
}
