/**
 * The content script's thin context (wxt.config.ts swaps it in for WXT's): it invalidates on WXT's handshake, so an
 * updated extension's newer copy stops the older one whichever implementation either copy carries.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext as WxtContext } from 'wxt/utils/content-script-context';
import { ContentScriptContext } from '@/utils/page/contentScriptContext';

// WXT names its event after the entrypoint being built; under vitest that name is whatever Vite defines here.
const NAME = String(import.meta.env.ENTRYPOINT);

const contexts: { notifyInvalidated?: () => void }[] = [];
afterEach(() => {
  for (const c of contexts.splice(0)) c.notifyInvalidated?.();
  vi.restoreAllMocks();
});

describe('content script context', () => {
  it('is invalidated when a newer copy of the same script starts, and only then', () => {
    const older = new ContentScriptContext('portal');
    const invalidated = vi.fn();
    older.onInvalidated(invalidated);
    new ContentScriptContext('other-script');
    expect(invalidated).not.toHaveBeenCalled();
    new ContentScriptContext('portal');
    expect(invalidated).toHaveBeenCalledTimes(1);
  });

  it('lets a listener unsubscribe', () => {
    const older = new ContentScriptContext('portal');
    const invalidated = vi.fn();
    older.onInvalidated(invalidated)();
    new ContentScriptContext('portal');
    expect(invalidated).not.toHaveBeenCalled();
  });

  it("stops a copy that runs WXT's own context, and is stopped by one", () => {
    // WXT logs each invalidation in development mode.
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const wxtOlder = new WxtContext(NAME);
    contexts.push(wxtOlder);
    const wxtStopped = vi.fn();
    wxtOlder.onInvalidated(wxtStopped);
    const ours = new ContentScriptContext(NAME);
    expect(wxtStopped).toHaveBeenCalledTimes(1);

    const ourStopped = vi.fn();
    ours.onInvalidated(ourStopped);
    contexts.push(new WxtContext(NAME));
    expect(ourStopped).toHaveBeenCalledTimes(1);
  });
});
