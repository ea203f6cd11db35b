/**
 * Runs the Firefox build in a stock Firefox (ESR) against the fake portal, driven over WebDriver BiDi by
 * puppeteer-core (../../../shared/TESTING.md, Firefox).
 *
 * - The portal host: Firefox has no host-resolver switch, so it is sent through a local CONNECT proxy (Firefox's
 *   own proxy preferences) that tunnels the portal hosts to the fake portal and refuses everything else. No root
 *   and no fixed port are needed, unlike a DNS override with the fake on port 443.
 * - The certificate: the fake's self-signed one is accepted with BiDi's acceptInsecureCerts, for this run only.
 * - The extension: installed as a temporary add-on over BiDi (webExtension.install), with its moz-extension
 *   origin fixed by the extensions.webextensions.uuids preference.
 * - Extension pages: BiDi refuses to navigate a tab to moz-extension://. Firefox opens its privileged (chrome)
 *   scope to automation only when started with --remote-allow-system-access; there the test opens the popup page
 *   in a tab, as an analyst's toolbar click opens it in a panel, and clicks a desktop notification as an analyst
 *   would. Pages the extension opens by itself (the notification's decision window) need nothing of the sort.
 * - Notifications: Firefox's own alert windows (alerts.useSystemBackend off), so a headless run shows them.
 */
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { RequestMap, RequestName } from '../../utils/messages';
import { startFakePortal, type FakePortal, type ScenarioName } from '../fake-portal/server';
import { findFirefox } from '../e2e/browsers';
import { waitFor } from '../e2e/helpers';

export const FIREFOX_EXTENSION_DIR = resolve(process.env.ACC_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3-e2e');

/** The moz-extension://<uuid>/ origin the profile gives the add-on (any fixed v4 UUID). */
const EXTENSION_UUID = '5d1c8a43-7f0e-4b2a-9c61-acc0e2e0f1fe';

export function assertFirefoxBuilt(dir = FIREFOX_EXTENSION_DIR): string {
  let manifest: { browser_specific_settings?: { gecko?: { id?: string } } };
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    throw new Error(`No Firefox build in ${dir}: run "npx wxt build -b firefox --mv3 --mode e2e" first.`);
  }
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${dir}/manifest.json has no browser_specific_settings.gecko.id.`);
  return id;
}

/** A CONNECT proxy on a free port: the portal hosts go to the fake portal, nothing else goes anywhere. */
async function startPortalProxy(fake: FakePortal): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const [host, port] = (req.url ?? '').split(':');
    if (!fake.hosts.some((h) => h === host) || port !== '443') {
      // Firefox's own services (remote settings, telemetry) have no business on this closed network.
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(fake.port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** The slice of puppeteer-core's BiDi connection used for Firefox's chrome scope. */
interface BidiCommands {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

/** puppeteer-core (pinned) exposes its BiDi connection on the browser; say so plainly if that ever changes. */
function bidiOf(browser: Browser): BidiCommands {
  const connection = (browser as unknown as { connection?: Partial<BidiCommands> }).connection;
  if (typeof connection?.send !== 'function') {
    throw new Error('puppeteer-core no longer exposes browser.connection: the Firefox suite needs it for the chrome scope.');
  }
  return connection as BidiCommands;
}

interface ChromeContext {
  readonly context: string;
  readonly url: string;
}

export interface FirefoxHarness {
  readonly browser: Browser;
  readonly fake: FakePortal;
  /** The gecko id the add-on was installed under. */
  readonly extensionId: string;
  readonly firefox: { readonly path: string; readonly source: string; readonly version: string };
  /** https://security.microsoft.com<path> through the proxy; waits until the fake SPA rendered. */
  openPortal(path?: string): Promise<Page>;
  /** Opens moz-extension://<uuid>/<name>.html in a new tab (through the chrome scope) and returns its page. */
  openExtensionPage(name: 'popup' | 'options', query?: string): Promise<Page>;
  /** Waits for a page the extension opened whose URL contains `part`. */
  extensionPageOpened(part: string): Promise<Page>;
  /** Title and text of each desktop notification Firefox is showing. */
  shownNotifications(): Promise<{ title: string; text: string }[]>;
  /** Clicks the desktop notification whose title or text contains `text`, as the analyst would. */
  clickNotification(text: string): Promise<void>;
  /** Stops the event-page background, as about:debugging's "Terminate background script" does; its state after. */
  terminateBackground(): Promise<string>;
  /** Firefox's state of the background: starting, running, suspending or stopped. */
  backgroundState(): Promise<string>;
  /** Answers Firefox's own "add permissions" prompt with its Allow button, as the analyst would. */
  allowPermissionPrompt(): Promise<void>;
  close(): Promise<void>;
}

export async function launchFirefox(opts: { scenario?: ScenarioName } = {}): Promise<FirefoxHarness> {
  const geckoId = assertFirefoxBuilt();
  const firefox = findFirefox();
  const fake = await startFakePortal({ scenario: opts.scenario ?? 'default' });
  const proxy = await startPortalProxy(fake);
  const profile = mkdtempSync(join(tmpdir(), 'acc-e2e-firefox-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefox.path,
      headless: true,
      userDataDir: profile,
      acceptInsecureCerts: true,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.no_proxies_on': '',
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
        // Firefox's own alert windows instead of the desktop's notification daemon (none in CI).
        'alerts.useSystemBackend': false,
      },
    });
  } catch (e) {
    await proxy.close();
    await fake.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  let version: string;
  let extensionId: string;
  try {
    version = await browser.version();
    extensionId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  } catch (e) {
    await browser.close().catch(() => undefined);
    await proxy.close();
    await fake.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const bidi = bidiOf(browser);
  const origin = `moz-extension://${EXTENSION_UUID}/`;

  async function chromeContexts(): Promise<ChromeContext[]> {
    const tree = (await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 })).result as {
      contexts: ChromeContext[];
    };
    return tree.contexts;
  }

  /** Evaluates `expression` (it must produce a string) in a chrome-scope window. */
  async function inChrome(context: string, expression: string): Promise<string> {
    const reply = (await bidi.send('script.evaluate', { expression, target: { context }, awaitPromise: true })).result as
      | { type: 'success'; result: { type: string; value?: unknown } }
      | { type: 'exception'; exceptionDetails: { text: string } };
    if (reply.type === 'exception') throw new Error(`chrome scope: ${reply.exceptionDetails.text}`);
    return String(reply.result.value);
  }

  async function hrefOf(page: Page): Promise<string> {
    return page.evaluate(() => location.href).catch(() => '');
  }

  /** The first page (new since `before`, when given) whose location contains `part`. */
  async function pageWith(part: string, before: ReadonlySet<Page> = new Set()): Promise<Page> {
    const found = await waitFor(
      async () => {
        for (const page of await browser.pages()) {
          if (!before.has(page) && (await hrefOf(page)).includes(part)) return page;
        }
        return null;
      },
      (page) => page !== null,
      15_000,
    );
    if (!found) throw new Error(`No page with ${part} opened.`);
    await found.waitForFunction(() => document.readyState === 'complete', { timeout: 15_000 });
    return found;
  }

  async function mainWindow(): Promise<string> {
    const [main] = (await chromeContexts()).filter((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!main) throw new Error('No Firefox browser window in the chrome scope.');
    return main.context;
  }

  const alertsOf = async () => (await chromeContexts()).filter((c) => c.url === 'chrome://global/content/alerts/alert.xhtml');
  const readAlert = async (c: ChromeContext) =>
    JSON.parse(
      await inChrome(
        c.context,
        `JSON.stringify({ title: document.getElementById('alertTitleLabel')?.getAttribute('value') || document.getElementById('alertTitleLabel')?.textContent || '', text: document.getElementById('alertTextLabel')?.textContent || '' })`,
      ),
    ) as { title: string; text: string };

  return {
    browser,
    fake,
    extensionId,
    firefox: { ...firefox, version },
    async openPortal(path = '/action-center') {
      const page = await browser.newPage();
      await page.goto(fake.portalUrl(path));
      await page.waitForFunction(() => document.documentElement.dataset.fakePortalState !== 'loading', { timeout: 15_000 });
      return page;
    },
    async openExtensionPage(name, query = '') {
      const url = `${origin}${name}.html${query}`;
      const before = new Set(await browser.pages());
      await inChrome(
        await mainWindow(),
        `(() => { const tab = gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); gBrowser.selectedTab = tab; window.focus(); return 'ok'; })()`,
      );
      return pageWith(url, before);
    },
    extensionPageOpened: (part) => pageWith(`${origin}`.concat(part)),
    async shownNotifications() {
      return Promise.all((await alertsOf()).map(readAlert));
    },
    async clickNotification(text) {
      for (const alert of await alertsOf()) {
        const shown = await readAlert(alert);
        if (shown.title.includes(text) || shown.text.includes(text)) {
          await inChrome(alert.context, `(document.getElementById('alertBox').click(), 'ok')`);
          return;
        }
      }
      throw new Error(`No notification shows "${text}".`);
    },
    async terminateBackground() {
      // A portal tab's own API call wakes the background at once (the decision observer listens to the portal's
      // requests), so stopping it may need another try once that call is done.
      const stop = `(async () => { const ext = WebExtensionPolicy.getByID(${JSON.stringify(extensionId)}).extension; await ext.terminateBackground(); return ext.backgroundState; })()`;
      let state = await inChrome(await mainWindow(), stop);
      for (let attempt = 0; attempt < 5 && state !== 'stopped'; attempt += 1) {
        await new Promise((r) => setTimeout(r, 300));
        state = await inChrome(await mainWindow(), stop);
      }
      return state;
    },
    async backgroundState() {
      return inChrome(await mainWindow(), `WebExtensionPolicy.getByID(${JSON.stringify(extensionId)}).extension.backgroundState`);
    },
    async allowPermissionPrompt() {
      const main = await mainWindow();
      // The prompt's own element in the browser window's notification panel; its main button is "Allow".
      const read = `(() => { const n = document.getElementById('addon-webext-permissions-notification'); return n && !n.hidden && n.button ? 'shown' : 'none'; })()`;
      const shown = await waitFor(() => inChrome(main, read), (v) => v === 'shown', 15_000);
      if (shown !== 'shown') {
        const windows = (await chromeContexts()).filter((c) => c.url === 'chrome://browser/content/browser.xhtml');
        const seen = await Promise.all(
          windows.map((w) =>
            inChrome(
              w.context,
              `JSON.stringify({ tabs: gBrowser.tabs.map((t) => t.linkedBrowser.currentURI.spec), selected: gBrowser.selectedBrowser.currentURI.spec, prompts: PopupNotifications._currentNotifications.map((n) => [n.id, n.dismissed, n.browser.currentURI.spec]) })`,
            ),
          ),
        );
        throw new Error(`Firefox did not show its permission prompt. Windows: ${seen.join(' ; ')}`);
      }
      await inChrome(main, `(document.getElementById('addon-webext-permissions-notification').button.click(), 'ok')`);
    },
    async close() {
      await browser.close().catch(() => undefined);
      await proxy.close();
      await fake.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Sends a request to the background from an extension page (as the popup does), utils/messages.ts envelope. */
export async function ask<N extends RequestName>(
  page: Page,
  name: N,
  payload: RequestMap[N]['request'],
): Promise<RequestMap[N]['response']> {
  const reply = (await page.evaluate(
    async (message) => (await (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage(message)) as unknown,
    { acc: 'request', name, payload },
  )) as Reply<RequestMap[N]['response']> | undefined;
  if (!reply) throw new Error(`The background did not answer ${name}.`);
  if (!reply.ok) throw new Error(`The background refused ${name}: ${reply.error}`);
  return reply.value;
}
