/**
 * The options page under the pseudo-locale: every visible word (text, labels, hints, placeholders, aria names)
 * comes from locales/en.yml, in its main states — defaults, a learned decision method, fields locked by policy
 * with an ignored policy value, a field error and a saved status. Only the fixture's data may stay as it is.
 */
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MethodStatus } from '@/utils/portal/decisionMethod';
import { BUILT_IN_TEMPLATE } from '@/utils/portal/decisionTemplate';
import { formatDateTime } from '@/utils/i18n';
import { CLOUDS } from '@/utils/portal/hosts';
import { DEFAULT_SETTINGS } from '@/utils/settings';
import { App } from '@/entrypoints/options/App';
import { makeAction } from './support/actions';
import { expectNoLiteral, usePseudoLocale } from './support/i18n';
import { GUESS_STATUS } from './support/templates';

const bg = vi.hoisted(() => ({ method: null as unknown }));
vi.mock('@/utils/messages', () => ({
  request: (name: string) => Promise.resolve(name === 'decisionMethod' ? bg.method : null),
  onBroadcast: () => () => undefined,
}));
vi.mock('@/utils/store/queries', () => ({
  loadPending: () => Promise.resolve([makeAction({ type: 'IsolateResponse', typeLabel: 'Isolate device' })]),
}));

const LEARNED_AT = Date.UTC(2026, 10, 29, 9, 0);
const learned: MethodStatus = {
  ...GUESS_STATUS,
  inUse: 'learned',
  unconfirmedGuess: false,
  template: {
    source: 'learned',
    template: { ...BUILT_IN_TEMPLATE, unknownFields: ['tenantHint'] },
    from: 'actionCenter',
    at: LEARNED_AT,
    brokenAt: null,
    brokenReason: null,
  },
};

/** What the fixture puts on the page that is data, not words of ours: hosts, the request's shape, a portal label. */
const DATA = [
  ...Object.values(CLOUDS).map((c) => c.portalHost),
  ...Object.values(GUESS_STATUS.description ?? {}),
  'Isolate device',
  'tenantHint',
];

/** The compatibility table is a shared component (components/PortalCompat.tsx), checked by its owner. */
function ownSurface(container: Element): Element {
  container.querySelector('[aria-labelledby="acc-s-compat"]')?.remove();
  return container;
}

beforeEach(() => {
  bg.method = GUESS_STATUS;
  usePseudoLocale();
});
afterEach(cleanup);

describe('options page under the pseudo-locale', () => {
  it('has no literal with the default settings, a field error and a status', async () => {
    const { container } = render(<App />);
    await waitFor(() => expect(container.querySelector('button[type="submit"]')).not.toBeNull());
    await waitFor(() => expect(container.querySelector('.acc-opt-method__summary')).not.toBeNull());
    expectNoLiteral(ownSurface(container), DATA);
    // An invalid value: the field's error and the form status are words of ours too.
    fireEvent.input(container.querySelector('#acc-f-pollMinutes') as HTMLInputElement, { target: { value: '0.1' } });
    fireEvent.click(container.querySelector('button[type="submit"]') as HTMLButtonElement);
    await waitFor(() => expect(container.querySelector('#acc-f-pollMinutes-error')).not.toBeNull());
    expectNoLiteral(container, DATA);
    // Two steps of clearing local data.
    fireEvent.click(container.querySelector('.acc-opt-clear') as HTMLButtonElement);
    expectNoLiteral(container, DATA);
  });

  it('has no literal with a learned decision method (its date through Intl)', async () => {
    bg.method = learned;
    const { container } = render(<App />);
    await waitFor(() => expect(container.querySelector('[data-method="learned"]')).not.toBeNull());
    expect(container.querySelector('.acc-opt-shape__warn')).not.toBeNull();
    expectNoLiteral(ownSurface(container), [...DATA, formatDateTime(LEARNED_AT)]);
  });

  it('has no literal with fields locked by policy and an ignored policy value', async () => {
    await fakeBrowser.storage.managed.set({ pollMinutes: 2, confirmDestructive: false, ageThresholds: { warnMinutes: 500, alertMinutes: 100 } });
    const { container } = render(<App />);
    await waitFor(() => expect(container.querySelectorAll('.acc-opt-locked')).toHaveLength(2));
    await waitFor(() => expect(container.querySelector('.acc-opt-policy-warnings')).not.toBeNull());
    // The Policy section shows the organisation's keys and values as they are: data.
    expectNoLiteral(ownSurface(container), [...DATA, 'pollMinutes', 'confirmDestructive', 'ageThresholds', 'false']);
    expect(DEFAULT_SETTINGS.confirmDestructive).toBe(true);
  });
});
