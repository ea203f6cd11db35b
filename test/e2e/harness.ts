/**
 * The one way this project runs the built extension in a real Chromium against the fake portal: e2e tests, the
 * demo and the bench all launch through here (../../../shared/TESTING.md).
 *
 *   const h = await launchHarness({ scenario: 'default' });
 *   const page = await h.openPortal('/action-center');
 *   const popup = await h.openPopup();
 *   await h.close();
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { findChromium } from './browsers';
import { startFakePortal, type FakePortal, type Scenario, type ScenarioName } from '../fake-portal/server';

export const EXTENSION_DIR = resolve(process.env.ACC_EXTENSION_DIR ?? '.output/chrome-mv3');

/** Chromium flags without which this closed network or a headless root session misbehaves. */
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-default-apps',
] as const;

/** The Chromium to launch (./browsers.ts finds it); says once per run which one, and why not when none fits. */
export function chromePath(): string {
  const found = findChromium();
  // Once per run: test files run in workers that inherit the environment of the global setup that said it.
  if (process.env.ACC_CHROMIUM_ANNOUNCED !== found.path) {
    process.env.ACC_CHROMIUM_ANNOUNCED = found.path;
    console.info(`Chromium: ${found.path} (${found.source})`);
    if (found.warning) console.warn(found.warning);
  }
  return found.path;
}

export function assertBuilt(dir = EXTENSION_DIR): void {
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`No built extension in ${dir}: run "npx wxt build" first.`);
}

export interface HarnessOptions {
  /** Fake portal data at start (default: the default scenario). */
  scenario?: ScenarioName | Scenario;
  /** Load the extension (default true). The bench runs the portal without it to compare. */
  extension?: boolean;
  /** Start a fake portal (default true); false runs the extension alone. */
  portal?: boolean;
  /** Reuse a running fake portal instead of starting one (it is not closed by close()). */
  fake?: FakePortal;
  viewport?: { width: number; height: number };
  /** The fake page's SPA delay before it renders rows. */
  pageRenderDelayMs?: number;
  headless?: boolean;
  extensionDir?: string;
}

export interface Harness {
  readonly context: BrowserContext;
  /** Null when the extension is not loaded. */
  readonly extensionId: string | null;
  /** Null when no fake portal runs. */
  readonly fake: FakePortal | null;
  /** The extension's service worker (re-read after a restart). */
  serviceWorker(): Promise<Worker>;
  /** Opens https://security.microsoft.com<path> (mapped to the fake) and waits until its SPA rendered. */
  openPortal(path?: string, opts?: { page?: Page; waitForReady?: boolean }): Promise<Page>;
  /** Opens chrome-extension://<id>/<page>.html in a tab. */
  openExtensionPage(name: 'popup' | 'options', query?: string): Promise<Page>;
  /** Evaluates in the service worker. */
  inWorker<T>(fn: () => T | Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function launchHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const withExtension = opts.extension ?? true;
  const extensionDir = resolve(opts.extensionDir ?? EXTENSION_DIR);
  if (withExtension) assertBuilt(extensionDir);
  const ownFake = !opts.fake && (opts.portal ?? true);
  const fake =
    opts.fake ??
    (ownFake
      ? await startFakePortal({
          scenario: opts.scenario ?? 'default',
          ...(opts.pageRenderDelayMs !== undefined ? { pageRenderDelayMs: opts.pageRenderDelayMs } : {}),
        })
      : null);
  const profile = mkdtempSync(join(tmpdir(), 'acc-e2e-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromePath(),
      headless: opts.headless ?? true,
      ignoreDefaultArgs: ['--disable-extensions'],
      ignoreHTTPSErrors: true,
      viewport: opts.viewport ?? { width: 1280, height: 800 },
      args: [
        ...QUIET_FLAGS,
        '--ignore-certificate-errors',
        ...(fake ? [`--host-resolver-rules=${fake.hostResolverRules}`] : []),
        ...(withExtension ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
      ],
    });
  } catch (e) {
    if (ownFake) await fake?.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }

  async function serviceWorker(): Promise<Worker> {
    return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  }
  const extensionId = withExtension ? new URL((await serviceWorker()).url()).host : null;

  return {
    context,
    extensionId,
    fake,
    serviceWorker,
    async openPortal(path = '/action-center', { page, waitForReady = true } = {}) {
      if (!fake) throw new Error('No fake portal in this harness.');
      const tab = page ?? (await context.newPage());
      await tab.goto(fake.portalUrl(path));
      if (waitForReady) {
        await tab.waitForFunction(() => document.documentElement.dataset.fakePortalState !== 'loading', undefined, {
          timeout: 15_000,
        });
      }
      return tab;
    },
    async openExtensionPage(name, query = '') {
      if (!extensionId) throw new Error('The extension is not loaded in this harness.');
      const tab = await context.newPage();
      await tab.goto(`chrome-extension://${extensionId}/${name}.html${query}`);
      return tab;
    },
    async inWorker(fn) {
      return (await serviceWorker()).evaluate(fn);
    },
    async close() {
      await context.close().catch(() => undefined);
      if (ownFake) await fake?.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
