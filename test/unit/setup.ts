import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installI18n } from './support/i18n';

// happy-dom has no Event.isTrusted. Injected UI acts only on trusted input, and a unit test's click stands for the
// analyst's own; a test of a page script's synthetic event defines isTrusted false on that event (untrusted()).
if (!('isTrusted' in Event.prototype)) {
  Object.defineProperty(Event.prototype, 'isTrusted', { configurable: true, get: () => true });
}

// Modules read messages when they load, before the first test's beforeEach.
installI18n();

beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
});
