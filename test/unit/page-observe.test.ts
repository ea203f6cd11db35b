/**
 * One observer, frame-batched: many mutations make one batch; our own hosts never make one; route changes
 * are seen without patching history.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { observePage, type Batch } from '@/utils/page/observe';

function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    schedule: (run: () => void) => {
      queue.push(run);
      return () => {
        const i = queue.indexOf(run);
        if (i >= 0) queue.splice(i, 1);
      };
    },
    pending: () => queue.length,
    /** Lets the MutationObserver deliver, then runs the frame. */
    async frame() {
      await Promise.resolve();
      for (const run of queue.splice(0)) run();
    },
  };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('observePage', () => {
  it('starts with one full batch, then batches many mutations into one frame', async () => {
    const frames = manualFrames();
    const batches: Batch[] = [];
    const observer = observePage({ root: document.body, onBatch: (b) => batches.push(b), schedule: frames.schedule, href: () => 'https://x/a' });
    await frames.frame();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.full).toBe(true);

    const a = document.createElement('div');
    const b = document.createElement('div');
    document.body.append(a);
    document.body.append(b);
    a.textContent = 'hello';
    await Promise.resolve();
    expect(frames.pending()).toBe(1);
    await frames.frame();
    expect(batches).toHaveLength(2);
    expect(batches[1]?.full).toBe(false);
    expect([...(batches[1]?.within ?? [])]).toEqual([a, b]);
    observer.disconnect();
  });

  it('ignores mutations of our own hosts, and its own writes during a batch', async () => {
    const frames = manualFrames();
    const batches: Batch[] = [];
    const observer = observePage({
      root: document.body,
      onBatch: (batch) => {
        batches.push(batch);
        // Injecting during a batch does not cause another batch.
        document.body.append(document.createElement('acc-row-controls'));
      },
      schedule: frames.schedule,
      href: () => 'https://x/a',
    });
    await frames.frame();
    expect(batches).toHaveLength(1);
    await frames.frame();
    expect(frames.pending()).toBe(0);
    document.body.append(document.createElement('acc-other'));
    await Promise.resolve();
    expect(frames.pending()).toBe(0);
    observer.disconnect();
  });

  it('notices when someone else removes our host', async () => {
    const frames = manualFrames();
    const batches: Batch[] = [];
    const host = document.createElement('acc-row-controls');
    const cell = document.createElement('div');
    cell.append(host);
    document.body.append(cell);
    const observer = observePage({ root: document.body, onBatch: (b) => batches.push(b), schedule: frames.schedule, href: () => 'https://x/a' });
    await frames.frame();
    host.remove();
    await frames.frame();
    expect(batches).toHaveLength(2);
    expect(batches[1]?.removed).toBe(true);
    expect(batches[1]?.near.has(cell)).toBe(true);
    observer.disconnect();
  });

  it('makes a route change a full batch, noticed by comparing the location', async () => {
    const frames = manualFrames();
    const batches: Batch[] = [];
    let href = 'https://x/action-center/pending';
    const observer = observePage({ root: document.body, onBatch: (b) => batches.push(b), schedule: frames.schedule, href: () => href });
    await frames.frame();
    href = 'https://x/action-center/history';
    document.body.append(document.createElement('span'));
    await frames.frame();
    expect(batches[1]).toMatchObject({ full: true, routeChanged: true, href: 'https://x/action-center/history' });
    // popstate alone schedules a check.
    href = 'https://x/investigation/1';
    window.dispatchEvent(new Event('popstate'));
    await frames.frame();
    expect(batches[2]).toMatchObject({ full: true, routeChanged: true });
    observer.disconnect();
  });

  it('makes a tab switch a full batch; invalidate asks for one; disconnect stops', async () => {
    const frames = manualFrames();
    const batches: Batch[] = [];
    const tab = document.createElement('button');
    tab.setAttribute('role', 'tab');
    document.body.append(tab);
    const observer = observePage({
      root: document.body,
      onBatch: (b) => batches.push(b),
      schedule: frames.schedule,
      href: () => 'https://x/a',
      fullOnAttribute: (el, name) => name === 'aria-selected' && el.getAttribute('role') === 'tab',
    });
    await frames.frame();
    tab.setAttribute('aria-selected', 'true');
    tab.setAttribute('class', 'ignored');
    await frames.frame();
    expect(batches[1]?.full).toBe(true);
    observer.invalidate();
    await frames.frame();
    expect(batches[2]?.full).toBe(true);
    observer.disconnect();
    document.body.append(document.createElement('div'));
    await frames.frame();
    expect(batches).toHaveLength(3);
  });
});
