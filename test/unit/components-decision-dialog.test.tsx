import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import axe from 'axe-core';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DecisionDialog, type DecisionDialogProps } from '@/components/DecisionDialog';
import { makeAction } from './support/actions';

afterEach(cleanup);

// Ordinary types: the extra step for containment and destructive types has its own tests below.
const actions = [
  makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', entityName: 'ws-alpha', entityType: 'Machine', investigationId: '1234' }),
  makeAction({ type: 'QuarantineFileResponse', typeLabel: 'Quarantine a file', entityName: 'evil.exe', entityType: 'File', investigationId: '1234' }),
];

function setup(overrides: Partial<DecisionDialogProps> = {}) {
  const onConfirm = vi.fn<(c: string) => void>();
  const onCancel = vi.fn<() => void>();
  const utils = render(
    <DecisionDialog
      actions={actions}
      verdict="approve"
      requireComment={false}
      busy={false}
      error={null}
      onConfirm={onConfirm}
      onCancel={onCancel}
      {...overrides}
    />,
  );
  return { ...utils, onConfirm, onCancel };
}

describe('DecisionDialog', () => {
  it('is a labelled modal dialog listing exactly what will be decided', () => {
    setup();
    const dialog = screen.getByRole('dialog', { name: 'Approve 2 actions?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain('Run antivirus scan');
    expect(items[0]?.textContent).toContain('ws-alpha');
    expect(items[0]?.textContent).toContain('(Device)');
    expect(items[0]?.textContent).toContain('Investigation 1234');
    expect(items[1]?.textContent).toContain('evil.exe');
  });

  it('confirms with the trimmed comment', () => {
    const { onConfirm } = setup();
    fireEvent.input(screen.getByLabelText('Comment (optional)'), { target: { value: '  ok by me ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve 2 actions' }));
    expect(onConfirm).toHaveBeenCalledWith('ok by me');
  });

  it('refuses to confirm without a required comment', () => {
    const { onConfirm } = setup({ verdict: 'reject', requireComment: true });
    const confirm = screen.getByRole('button', { name: 'Reject 2 actions' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.click(confirm);
    fireEvent.input(screen.getByLabelText('Comment (required)'), { target: { value: '   ' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.submit(confirm.closest('form')!);
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.input(screen.getByLabelText('Comment (required)'), { target: { value: 'false positive' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledWith('false positive');
  });

  it('locks the confirm button while busy', () => {
    const { onConfirm } = setup({ busy: true });
    const confirm = screen.getByRole('button', { name: 'Approve 2 actions' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.click(confirm);
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toContain('Sending');
  });

  it('says "1 action" for one', () => {
    render(
      <DecisionDialog
        actions={actions.slice(0, 1)}
        verdict="reject"
        requireComment={false}
        busy={false}
        error={null}
        onConfirm={() => undefined}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByRole('button', { name: 'Reject 1 action' })).toBeTruthy();
  });

  it('cancels on Escape and on the Cancel button', () => {
    const { onCancel } = setup();
    fireEvent.keyDown(screen.getByLabelText('Comment (optional)'), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(2);
  });

  it('shows the error as an alert', () => {
    setup({ error: 'The portal is unavailable' });
    expect(screen.getByRole('alert').textContent).toBe('The portal is unavailable');
  });

  it('traps focus and returns it on close', () => {
    function Host() {
      const [open, setOpen] = useState(false);
      return (
        <div>
          <button type="button" onClick={() => setOpen(true)}>
            Open
          </button>
          {open && (
            <DecisionDialog
              actions={actions}
              verdict="approve"
              requireComment={false}
              busy={false}
              error={null}
              onConfirm={() => setOpen(false)}
              onCancel={() => setOpen(false)}
            />
          )}
        </div>
      );
    }
    render(<Host />);
    const opener = screen.getByRole('button', { name: 'Open' });
    opener.focus();
    expect(document.activeElement).toBe(opener);
    fireEvent.click(opener);
    const comment = screen.getByLabelText('Comment (optional)');
    expect(document.activeElement).toBe(comment);
    const confirm = screen.getByRole('button', { name: 'Approve 2 actions' });
    confirm.focus();
    fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(document.activeElement).toBe(comment);
    fireEvent.keyDown(comment, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
    fireEvent.keyDown(confirm, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('does not let keys reach the list behind it', () => {
    const outer = vi.fn();
    render(
      <div onKeyDown={outer}>
        <DecisionDialog
          actions={actions}
          verdict="approve"
          requireComment={false}
          busy={false}
          error={null}
          onConfirm={() => undefined}
          onCancel={() => undefined}
        />
      </div>,
    );
    fireEvent.keyDown(screen.getByLabelText('Comment (optional)'), { key: 'a' });
    expect(outer).not.toHaveBeenCalled();
  });

  it('renders portal strings as text', () => {
    render(
      <DecisionDialog
        actions={[makeAction({ entityName: '<img src=x onerror=alert(1)>' })]}
        verdict="approve"
        requireComment={false}
        busy={false}
        error={null}
        onConfirm={() => undefined}
        onCancel={() => undefined}
      />,
    );
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText(/<img src=x/)).toBeTruthy();
  });

  it('has no axe violations', async () => {
    const { container } = setup({ requireComment: true, error: 'Something failed' });
    const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(result.violations).toEqual([]);
  });
});

describe('inside a shadow root (as the content script mounts it)', () => {
  it('traps focus and cancels on Escape', async () => {
    const { render: preactRender } = await import('preact');
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const mount = document.createElement('div');
    shadow.append(mount);
    const onCancel = vi.fn();
    const { act } = await import('@testing-library/preact');
    act(() => {
      preactRender(
        <DecisionDialog
          actions={actions}
          verdict="reject"
          requireComment={true}
          busy={false}
          error={null}
          onConfirm={() => undefined}
          onCancel={onCancel}
        />,
        mount,
      );
    });
    const dialog = shadow.querySelector('[role="dialog"]') as HTMLElement;
    const textarea = shadow.querySelector('textarea') as HTMLTextAreaElement;
    expect(shadow.activeElement).toBe(textarea);
    const cancel = [...shadow.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!;
    cancel.focus();
    // The confirm button is disabled (comment required), so Cancel is the last focusable: Tab wraps.
    fireEvent.keyDown(cancel, { key: 'Tab' });
    expect(shadow.activeElement).toBe(textarea);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
    act(() => preactRender(null, mount));
    host.remove();
  });
});

describe('issue 19: what the analyst must see and do before deciding', () => {
  const isolate = makeAction({ type: 'IsolateResponse', typeLabel: 'Isolate device', entityName: 'ws-beta', entityType: 'Machine' });
  const scan = (n: number) =>
    makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', entityName: `ws-${n}`, entityType: 'Machine' });

  it('marks a containment action with an icon and a word, not colour alone', () => {
    setup({ actions: [isolate] });
    const item = screen.getByRole('listitem');
    expect(item.textContent).toContain('Containment');
    expect(item.querySelector('.acc-impact [aria-hidden="true"]')?.textContent).toBeTruthy();
  });

  it('summarises a bulk by type and entity, and asks for a second yes when it includes containment', () => {
    const { onConfirm } = setup({ actions: [scan(1), scan(2), isolate] });
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('Run antivirus scan ×2, Isolate device ×1');
    expect(dialog.textContent).toContain('Device ×3');
    const confirm = screen.getByRole('button', { name: 'Approve 3 actions' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.click(confirm);
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('checkbox', { name: 'I have reviewed these 3 actions, including 1 containment action' }));
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledWith('');
  });

  it('asks for a second yes from 50 actions, and the long list is reachable by keyboard', async () => {
    const many = Array.from({ length: 50 }, (_, i) => scan(i));
    const { container } = setup({ actions: many });
    const list = screen.getByRole('list', { name: 'Actions to approve' });
    expect(list.tabIndex).toBe(0);
    expect((screen.getByRole('button', { name: 'Approve 50 actions' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'I have reviewed these 50 actions' }));
    expect((screen.getByRole('button', { name: 'Approve 50 actions' }) as HTMLButtonElement).disabled).toBe(false);
    const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(result.violations).toEqual([]);
  });

  it('after a refused decision, focus goes to the comment (described by the error) and Escape closes from anywhere', () => {
    const onCancel = vi.fn();
    const props = { actions, verdict: 'approve' as const, requireComment: false, onConfirm: () => undefined, onCancel };
    const { rerender } = render(<DecisionDialog {...props} busy={false} error={null} />);
    const confirm = screen.getByRole('button', { name: 'Approve 2 actions' });
    confirm.focus();
    rerender(<DecisionDialog {...props} busy error={null} />);
    rerender(<DecisionDialog {...props} busy={false} error="Your role cannot approve or reject actions: HTTP 403" />);
    const comment = screen.getByLabelText('Comment (optional)');
    expect(document.activeElement).toBe(comment);
    expect(comment.getAttribute('aria-describedby')).toContain(screen.getByRole('alert').id);
    // Focus lost to <body> (as a disabled button drops it in a browser): Escape still closes.
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});
