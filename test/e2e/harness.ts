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

/** The build the harness loads by default: the product build, or what ACC_EXTENSION_DIR names (the e2e run sets it to the e2e build). */
export const EXTENSION_DIR = resolve(process.env.ACC_EXTENSION_DIR ?? '.output/chrome-mv3');
/** What `wxt build` ships: closed shadow roots. trust.e2e.ts runs it whatever EXTENSION_DIR is. */
export const PRODUCT_EXTENSION_DIR = resolve(process.env.ACC_PRODUCT_EXTENSION_DIR ?? join(process.env.ACC_OUT_DIR ?? '.output', 'chrome-mv3'));

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

/** A node of the page's accessibility tree (CDP Accessibility), enough to find and press it. */
interface AxNode {
  readonly role?: { readonly value?: string };
  readonly name?: { readonly value?: string };
  readonly backendDOMNodeId?: number;
  readonly ignored?: boolean;
}

/**
 * Where the accessible element with this role and name is, read from the accessibility tree, which holds the
 * content of closed shadow roots too (TESTING.md): the centre of its box in page coordinates, or null when
 * there is none (or it has no box). Works for the product build, whose injected UI Playwright locators cannot enter.
 */
export async function findAccessible(page: Page, role: string, name: RegExp | string): Promise<{ x: number; y: number } | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const matches = (n: AxNode) =>
      !n.ignored &&
      n.role?.value === role &&
      n.backendDOMNodeId !== undefined &&
      (typeof name === 'string' ? n.name?.value === name : name.test(n.name?.value ?? ''));
    const node = nodes.find(matches);
    if (!node?.backendDOMNodeId) return null;
    await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: node.backendDOMNodeId });
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendDOMNodeId })) as { model: { border: number[] } };
    const [x1, y1, , , x3, y3] = model.border;
    return { x: (x1! + x3!) / 2, y: (y1! + y3!) / 2 };
  } catch {
    return null;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Waits until the accessible element with this role and name is there (up to timeoutMs); returns its centre. */
export async function waitForAccessible(page: Page, role: string, name: RegExp | string, timeoutMs = 15_000): Promise<{ x: number; y: number }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const at = await findAccessible(page, role, name);
    if (at) return at;
    if (Date.now() > end) throw new Error(`No ${role} named ${String(name)} in the accessibility tree.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Presses the accessible element (default: a button) with this name as the analyst would: a real mouse click at
 * its centre, so the page receives a trusted event. Waits for it to appear (up to timeoutMs).
 */
export async function pressAccessible(page: Page, name: RegExp | string, opts: { role?: string; timeoutMs?: number } = {}): Promise<void> {
  const at = await waitForAccessible(page, opts.role ?? 'button', name, opts.timeoutMs);
  await page.mouse.click(at.x, at.y);
}
