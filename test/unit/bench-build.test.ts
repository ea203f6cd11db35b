// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EntrypointInfo, Wxt } from 'wxt';

type Found = (wxt: Wxt, infos: EntrypointInfo[]) => unknown;

async function foundHook(): Promise<Found> {
  vi.resetModules();
  const config = (await import('../../wxt.config')).default;
  const hooks = config.hooks as Record<string, unknown> | undefined;
  const hook = hooks?.['entrypoints:found'];
  if (typeof hook !== 'function') throw new Error('wxt.config.ts has no entrypoints:found hook');
  return hook as Found;
}

const infos = (): EntrypointInfo[] => [
  { name: 'popup', inputPath: '/x/entrypoints/popup/index.html', type: 'popup' },
  { name: 'bench-blank', inputPath: '/x/entrypoints/bench-blank/index.html', type: 'unlisted-page' },
];

// Importing wxt.config.ts loads WXT and Vite: seconds on a busy machine.
describe('wxt.config.ts: the bench baseline page', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is left out of a plain build', async () => {
    vi.stubEnv('ACC_BENCH', '');
    const found = infos();
    await (await foundHook())({} as Wxt, found);
    expect(found.map((info) => info.name)).toEqual(['popup']);
  });

  it('is built when ACC_BENCH=1', async () => {
    vi.stubEnv('ACC_BENCH', '1');
    const found = infos();
    await (await foundHook())({} as Wxt, found);
    expect(found.map((info) => info.name)).toEqual(['popup', 'bench-blank']);
  });
});
