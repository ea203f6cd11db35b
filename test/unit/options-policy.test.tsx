/**
 * Options under an organisation policy (WXT's fake browser's managed area): fields set by policy are locked with
 * "Set by your organisation", the Policy section lists what is in force and names what was ignored, and with
 * learning turned off "How decisions are sent" says so and offers no HAR import.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { GUESS_STATUS } from './support/templates';
import { DEFAULT_SETTINGS } from '@/utils/settings';
import { App } from '@/entrypoints/options/App';

vi.mock('@/utils/messages', () => ({
  request: (name: string) => Promise.resolve(name === 'decisionMethod' ? GUESS_STATUS : null),
  onBroadcast: () => () => undefined,
}));
vi.mock('@/utils/store/queries', () => ({ loadPending: () => Promise.resolve([]) }));

/** A disabled fieldset disables every control in it (HTML); happy-dom does not compute that, Chromium does (e2e). */
const lockedControl = (el: HTMLElement) => el.closest('fieldset[disabled]') !== null;
const editable = (el: HTMLElement) => !lockedControl(el) && !(el as HTMLInputElement).disabled;
const field = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;

beforeEach(async () => {
  await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, pollMinutes: 5 } });
});
afterEach(cleanup);

describe('Options under a policy', () => {
  it('locks the fields the policy sets, shows its values, and leaves the others editable', async () => {
    await fakeBrowser.storage.managed.set({ pollMinutes: 2, requireApproveComment: true });
    render(<App />);
    await waitFor(() => expect(field(/Check for pending actions every/)).toSatisfy(lockedControl));
    expect(field(/Check for pending actions every/).value).toBe('2');
    const groups = screen.getAllByRole('group', { name: 'Set by your organisation' });
    expect(groups.filter((g) => g.contains(field(/Check for pending actions every/)))).toHaveLength(1);
    expect((screen.getByLabelText('Require a comment to approve') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Require a comment to approve') as HTMLInputElement)).toSatisfy(lockedControl);
    expect(screen.getAllByText('Set by your organisation')).toHaveLength(2);
    expect(field(/Keep decisions for/)).toSatisfy(editable);
    expect((screen.getByLabelText('Require a comment to reject') as HTMLInputElement)).toSatisfy(editable);
    const inForce = screen.getByRole('heading', { name: 'Policy' }).closest('section');
    expect(inForce?.textContent).toContain('pollMinutes');
    expect(inForce?.textContent).toContain('requireApproveComment');
  });

  it('locks the rules for containment and destructive actions when the organisation sets them', async () => {
    await fakeBrowser.storage.managed.set({ requireCommentForDestructive: true, confirmDestructive: true });
    render(<App />);
    const comment = () => screen.getByLabelText('Containment and destructive actions: a comment is required to approve or reject') as HTMLInputElement;
    await waitFor(() => expect(comment()).toSatisfy(lockedControl));
    expect(comment().checked).toBe(true);
    expect(screen.getByLabelText(/^Containment and destructive actions: confirm before approving/)).toSatisfy(lockedControl);
    expect(screen.getByLabelText('Confirm before approving')).toSatisfy(editable);
  });

  it('names an invalid policy value as ignored while the rest applies', async () => {
    await fakeBrowser.storage.managed.set({ pollMinutes: 2, ageThresholds: { warnMinutes: 500, alertMinutes: 100 } });
    render(<App />);
    const warnings = await screen.findByRole('list', { name: 'Ignored policy values' });
    expect(within(warnings).getByText('ageThresholds')).toBeTruthy();
    expect(field('Warn after')).toSatisfy(editable);
    expect(field(/Check for pending actions every/)).toSatisfy(lockedControl);
  });

  it('locks a field when the policy arrives while the page is open', async () => {
    render(<App />);
    await waitFor(() => expect(field(/Check for pending actions every/).value).toBe('5'));
    expect(field(/Check for pending actions every/)).toSatisfy(editable);
    expect(screen.queryByRole('heading', { name: 'Policy' })).toBeNull();
    await fakeBrowser.storage.managed.set({ pollMinutes: 3 });
    await waitFor(() => expect(field(/Check for pending actions every/)).toSatisfy(lockedControl));
    await waitFor(() => expect(field(/Check for pending actions every/).value).toBe('3'));
    expect(screen.getByRole('heading', { name: 'Policy' })).toBeTruthy();
  });

  it('says learning is turned off by the organisation and offers no HAR import', async () => {
    render(<App />);
    expect(await screen.findByLabelText('Import from a HAR file')).toBeTruthy();
    cleanup();
    await fakeBrowser.storage.managed.set({ allowLearning: false });
    render(<App />);
    expect(await screen.findByText(/Learning is turned off by your organisation/)).toBeTruthy();
    expect(screen.queryByLabelText('Import from a HAR file')).toBeNull();
  });
});
