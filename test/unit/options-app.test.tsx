/**
 * The options page: loads and saves settings, validates inline, asks for a cloud's host permission from the
 * Save click, clears local data after a confirmation.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { BUILT_IN_TEMPLATE } from '@/utils/portal/decisionTemplate';
import type { MethodStatus } from '@/utils/portal/decisionMethod';
import { GUESS_STATUS } from './support/templates';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from '@/utils/settings';
import { App } from '@/entrypoints/options/App';
import { checkDraft, draftOf } from '@/entrypoints/options/form';
import { makeAction } from './support/actions';

const bg = vi.hoisted(() => ({ calls: [] as { name: string; payload: unknown }[], fail: false, method: null as unknown }));

vi.mock('@/utils/messages', () => ({
  request: (name: string, payload: unknown) => {
    bg.calls.push({ name, payload });
    if (bg.fail) return Promise.reject(new Error('no background'));
    return Promise.resolve(name === 'decisionMethod' || name === 'forgetDecisionMethod' ? bg.method : null);
  },
  onBroadcast: () => () => undefined,
}));
vi.mock('@/utils/store/queries', () => ({
  loadPending: () =>
    Promise.resolve([
      makeAction({ type: 'IsolateResponse', typeLabel: 'Isolate device' }),
      makeAction({ type: 'SoftDeleteEmail', typeLabel: 'Soft delete email messages or clusters' }),
      makeAction({ type: 'IsolateResponse', typeLabel: 'Isolate device' }),
    ]),
}));

async function noAxeViolations(container: Element) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
}

async function renderOptions() {
  const utils = render(<App />);
  await screen.findByRole('button', { name: 'Save' });
  return utils;
}

function input(label: string | RegExp) {
  return screen.getByLabelText(label) as HTMLInputElement;
}

/** Requests other than reading how decisions are sent (which the page does on open). */
const calls = () => bg.calls.filter((c) => c.name !== 'decisionMethod');

beforeEach(() => {
  bg.calls = [];
  bg.fail = false;
  bg.method = GUESS_STATUS;
});
afterEach(cleanup);

describe('form conversion', () => {
  it('round-trips the defaults', () => {
    expect(checkDraft(draftOf(DEFAULT_SETTINGS))).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it('keys errors by settings path with plain words', () => {
    const d = { ...draftOf(DEFAULT_SETTINGS), pollMinutes: '0.2', warnMinutes: '', summaryThreshold: '99', quietStart: '25:00' };
    const result = checkDraft(d);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.pollMinutes).toBe('Enter minutes from 0.5 to 60.');
    expect(result.errors['ageThresholds.warnMinutes']).toBe('Enter whole minutes, at least 1.');
    expect(result.errors['notifications.summaryThreshold']).toBe('Enter a whole number from 1 to 50.');
    expect(result.errors['notifications.quietHours.start']).toBe('Use HH:MM, e.g. 22:00.');
  });

  it('reports thresholds that do not increase on the group', () => {
    const result = checkDraft({ ...draftOf(DEFAULT_SETTINGS), warnMinutes: '300', alertMinutes: '240' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.ageThresholds).toBe('Age thresholds must increase: warn < alert < critical.');
  });
});

describe('options page', () => {
  it('loads the stored settings and saves changes', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, pollMinutes: 2 });
    const { container } = await renderOptions();
    expect(input(/Check for pending actions every/).value).toBe('2');
    await noAxeViolations(container);
    fireEvent.input(input(/Check for pending actions every/), { target: { value: '0.5' } });
    fireEvent.click(input('Require a comment to approve'));
    fireEvent.input(input('Keep decisions for (days)'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved. The extension uses the new settings now.')).toBeTruthy();
    const saved = await loadSettings();
    expect(saved.pollMinutes).toBe(0.5);
    expect(saved.requireApproveComment).toBe(true);
    expect(saved.auditRetentionDays).toBe(30);
  });

  it('saves the rules for containment and destructive actions (confirm on by default, comment off)', async () => {
    await renderOptions();
    const confirm = input(/^Containment and destructive actions: confirm before approving/);
    const comment = input('Containment and destructive actions: a comment is required to approve or reject');
    expect(confirm.checked).toBe(true);
    expect(comment.checked).toBe(false);
    expect(confirm.getAttribute('aria-describedby')).toBeTruthy();
    fireEvent.click(confirm);
    fireEvent.click(comment);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved. The extension uses the new settings now.')).toBeTruthy();
    const saved = await loadSettings();
    expect(saved.confirmDestructive).toBe(false);
    expect(saved.requireCommentForDestructive).toBe(true);
  });

  it('shows field errors inline and does not save', async () => {
    const { container } = await renderOptions();
    fireEvent.input(input(/Check for pending actions every/), { target: { value: '0.1' } });
    fireEvent.input(input('Warn after'), { target: { value: '500' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter minutes from 0.5 to 60.')).toBeTruthy();
    expect(screen.getByText('Age thresholds must increase: warn < alert < critical.')).toBeTruthy();
    const poll = input(/Check for pending actions every/);
    expect(poll.getAttribute('aria-invalid')).toBe('true');
    expect(poll.getAttribute('aria-describedby')).toContain('error');
    expect(document.activeElement).toBe(poll);
    expect(input('Warn after').getAttribute('aria-invalid')).toBe('true');
    expect((await loadSettings()).pollMinutes).toBe(DEFAULT_SETTINGS.pollMinutes);
    await noAxeViolations(container);
  });

  it('asks for the government cloud host from the Save click, and saves once granted', async () => {
    const ask = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    await renderOptions();
    fireEvent.change(screen.getByLabelText('Cloud'), { target: { value: 'dod' } });
    expect(await screen.findByText('The extension will ask for access to security.apps.mil when you save.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(ask).toHaveBeenCalledWith({ origins: ['https://security.apps.mil/*'] });
    await waitFor(async () => expect((await loadSettings()).cloud).toBe('dod'));
  });

  it('keeps the cloud when access is refused', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false);
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    await renderOptions();
    fireEvent.change(screen.getByLabelText('Cloud'), { target: { value: 'gccHigh' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Access to security.microsoft.us was not granted/)).toBeTruthy();
    expect((await loadSettings()).cloud).toBe('commercial');
  });

  it('does not ask for the commercial host, which is granted at install', async () => {
    const ask = vi.spyOn(fakeBrowser.permissions, 'request');
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved/);
    expect(ask).not.toHaveBeenCalled();
  });

  it('offers the known action types for notifications', async () => {
    await renderOptions();
    await screen.findByLabelText('Isolate device');
    expect((screen.getByLabelText('Isolate device') as HTMLInputElement).disabled).toBe(true); // "every type" is on
    fireEvent.click(screen.getByLabelText('Only the types checked below'));
    fireEvent.click(screen.getByLabelText('Soft delete email messages or clusters'));
    fireEvent.input(screen.getByLabelText('Add an action type by its raw value'), { target: { value: 'DisableUser' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add type' }));
    expect((screen.getByLabelText('DisableUser') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved/);
    expect((await loadSettings()).notifications.actionTypes).toEqual(['IsolateResponse', 'SoftDeleteEmail', 'DisableUser']);
  });

  it('quiet hours and summary settings save', async () => {
    await renderOptions();
    fireEvent.click(input('No notifications during quiet hours'));
    fireEvent.input(input('From'), { target: { value: '21:30' } });
    fireEvent.input(input(/Summarise when more than/), { target: { value: '5' } });
    fireEvent.click(input('Only when no portal tab is focused'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved/);
    const n = (await loadSettings()).notifications;
    expect(n.quietHours).toEqual({ enabled: true, start: '21:30', end: '07:00' });
    expect(n.summaryThreshold).toBe(5);
    expect(n.onlyWhenPortalNotFocused).toBe(true);
  });

  it('clears local data only after a confirmation', async () => {
    const { container } = await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Clear local data…' }));
    expect(calls()).toEqual([]);
    await noAxeViolations(container);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(calls()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Clear local data…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, clear local data' }));
    expect(await screen.findByText('Local data cleared.')).toBeTruthy();
    expect(calls()).toEqual([{ name: 'clearLocalData', payload: undefined }]);
  });

  it('says how decisions are sent, and forgets a learned request only when asked', async () => {
    const learned: MethodStatus = {
      ...GUESS_STATUS,
      inUse: 'learned',
      unconfirmedGuess: false,
      template: { source: 'learned', template: BUILT_IN_TEMPLATE, from: 'actionCenter', at: Date.UTC(2026, 10, 29, 9, 0), brokenAt: null, brokenReason: null },
    };
    bg.method = learned;
    const { container } = await renderOptions();
    const section = screen.getByRole('region', { name: 'How decisions are sent' });
    expect(await within(section).findByText(/^Learned on .* from the portal's Action center \(security\.microsoft\.com\)\.$/)).toBeTruthy();
    expect(within(section).getByText('POST /apiproxy/…/decision')).toBeTruthy();
    expect(within(section).getByText(/never stored or sent anywhere/)).toBeTruthy();
    await noAxeViolations(container);
    bg.method = GUESS_STATUS;
    fireEvent.click(within(section).getByRole('button', { name: 'Forget' }));
    expect(await within(section).findByText(/^Built-in guess, not confirmed by the portal yet\./)).toBeTruthy();
    expect(calls()).toEqual([{ name: 'forgetDecisionMethod', payload: undefined }]);
  });

  it('says when clearing failed', async () => {
    bg.fail = true;
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Clear local data…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, clear local data' }));
    expect(await screen.findByText('Could not clear local data: no background')).toBeTruthy();
  });
});
