/**
 * Finds the browser a newcomer already has, for the e2e tests, the demo and the bench: a Chromium that still loads
 * an unpacked extension from the command line, and a Firefox that speaks WebDriver BiDi. It says which one it
 * picked and, when none fits, what to install, instead of failing deep inside a launch.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export interface FoundBrowser {
  readonly path: string;
  /** Where it came from, in words: "CHROME_PATH", "Debian/Ubuntu chromium", ... */
  readonly source: string;
}

/** What the search may look at; tests pass their own. */
export interface Machine {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly exists: (path: string) => boolean;
  /** Entries of a folder, [] when it is missing. */
  readonly list: (dir: string) => string[];
  /** Where Playwright's own Chromium is (or would be) installed. */
  readonly playwrightChromium: () => string | null;
}

export const THIS_MACHINE: Machine = {
  env: process.env,
  platform: process.platform,
  home: homedir(),
  exists: existsSync,
  list: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  playwrightChromium: () => {
    try {
      return chromium.executablePath();
    } catch {
      return null;
    }
  },
};

interface Candidate {
  readonly path: string;
  readonly source: string;
}

const CHROMIUM_FIX =
  'Install one that loads unpacked extensions: `npx playwright install chromium` (Playwright’s Chromium), ' +
  '`npx @puppeteer/browsers install chrome@stable` (Chrome for Testing), Debian/Ubuntu `sudo apt-get install chromium`, ' +
  'or Microsoft Edge; or set CHROME_PATH to such a binary.';

const FIREFOX_FIX =
  'Install Firefox ESR (Debian/Ubuntu: `sudo apt-get install firefox-esr`; proved with ESR 153) or a recent Firefox, or set FIREFOX_PATH to its binary.';

/** Chrome for Testing as @puppeteer/browsers installs it (in ~/.cache/puppeteer or ./chrome). */
function chromeForTesting(m: Machine): Candidate[] {
  const exe =
    m.platform === 'darwin'
      ? ['Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing']
      : m.platform === 'win32'
        ? ['chrome.exe']
        : ['chrome'];
  const out: Candidate[] = [];
  for (const root of [join(m.home, '.cache', 'puppeteer', 'chrome'), join('chrome')]) {
    for (const version of m.list(root).sort().reverse()) {
      for (const folder of m.list(join(root, version)).filter((f) => f.startsWith('chrome-'))) {
        out.push({ path: join(root, version, folder, ...exe), source: `Chrome for Testing (${version})` });
      }
    }
  }
  if (m.platform === 'darwin') {
    out.push({
      path: '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      source: 'Chrome for Testing',
    });
  }
  return out;
}

function windowsPaths(m: Machine, relative: string): string[] {
  const roots = [m.env.PROGRAMFILES ?? 'C:\\Program Files', m.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', m.env.LOCALAPPDATA];
  return roots.flatMap((root) => (root ? [`${root}\\${relative}`] : []));
}

/** Every Chromium that still honours --load-extension, best first. */
function chromiumCandidates(m: Machine): Candidate[] {
  const playwright = m.playwrightChromium();
  const list: Candidate[] = [
    ...(playwright ? [{ path: playwright, source: 'Playwright’s own Chromium' }] : []),
    ...chromeForTesting(m),
  ];
  if (m.platform === 'linux') {
    list.push(
      { path: '/usr/bin/chromium', source: 'Debian/Ubuntu chromium' },
      { path: '/usr/bin/chromium-browser', source: 'Debian/Ubuntu chromium-browser' },
      { path: '/snap/bin/chromium', source: 'Ubuntu chromium (snap)' },
      { path: '/usr/bin/microsoft-edge', source: 'Microsoft Edge' },
      { path: '/usr/bin/microsoft-edge-stable', source: 'Microsoft Edge' },
    );
  } else if (m.platform === 'darwin') {
    list.push(
      { path: '/Applications/Chromium.app/Contents/MacOS/Chromium', source: 'Chromium (macOS)' },
      { path: '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge', source: 'Microsoft Edge (macOS)' },
    );
  } else if (m.platform === 'win32') {
    for (const path of windowsPaths(m, 'Chromium\\Application\\chrome.exe')) list.push({ path, source: 'Chromium (Windows)' });
    for (const path of windowsPaths(m, 'Microsoft\\Edge\\Application\\msedge.exe')) list.push({ path, source: 'Microsoft Edge (Windows)' });
  }
  return list;
}

/** Branded Google Chrome: found only to explain why it cannot be used. */
function googleChromePaths(m: Machine): string[] {
  if (m.platform === 'linux') return ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome'];
  if (m.platform === 'darwin') return ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
  if (m.platform === 'win32') return windowsPaths(m, 'Google\\Chrome\\Application\\chrome.exe');
  return [];
}

/** A path that looks like branded Google Chrome (not Chrome for Testing, not Chromium). */
export function isBrandedChrome(path: string): boolean {
  return /google[- ]chrome|[\\/]google[\\/]chrome[\\/]/i.test(path) && !/for testing/i.test(path);
}

export class BrowserNotFound extends Error {
  override name = 'BrowserNotFound';
}

/**
 * The Chromium the e2e tests, the demo and the bench launch. CHROME_PATH wins (a warning when it is branded
 * Chrome, which ignores --load-extension from version 137 on); then the first candidate that exists.
 */
export function findChromium(m: Machine = THIS_MACHINE): FoundBrowser & { readonly warning: string | null } {
  const wanted = m.env.CHROME_PATH;
  if (wanted) {
    if (!m.exists(wanted)) throw new BrowserNotFound(`CHROME_PATH is ${wanted}, but there is no file there. ${CHROMIUM_FIX}`);
    const warning = isBrandedChrome(wanted)
      ? `CHROME_PATH looks like Google Chrome: from version 137 it ignores --load-extension, so the extension may not load. ${CHROMIUM_FIX}`
      : null;
    return { path: wanted, source: 'CHROME_PATH', warning };
  }
  const found = chromiumCandidates(m).find((c) => m.exists(c.path));
  if (found) return { ...found, warning: null };
  const chrome = googleChromePaths(m).find((p) => m.exists(p));
  if (chrome) {
    throw new BrowserNotFound(
      `Only Google Chrome was found (${chrome}). Google Chrome 137 and later ignores --load-extension, so it cannot run ` +
        `the extension unpacked. ${CHROMIUM_FIX}`,
    );
  }
  throw new BrowserNotFound(`No Chromium found. ${CHROMIUM_FIX}`);
}

/** The Firefox the Firefox smoke suite drives over WebDriver BiDi: FIREFOX_PATH, then ESR, then release. */
export function findFirefox(m: Machine = THIS_MACHINE): FoundBrowser {
  const wanted = m.env.FIREFOX_PATH;
  if (wanted) {
    if (!m.exists(wanted)) throw new BrowserNotFound(`FIREFOX_PATH is ${wanted}, but there is no file there. ${FIREFOX_FIX}`);
    return { path: wanted, source: 'FIREFOX_PATH' };
  }
  const list: Candidate[] = [];
  if (m.platform === 'linux') {
    list.push(
      { path: '/usr/bin/firefox-esr', source: 'Debian firefox-esr' },
      { path: '/usr/bin/firefox', source: 'Firefox (Linux)' },
      { path: '/snap/bin/firefox', source: 'Ubuntu Firefox (snap)' },
    );
  } else if (m.platform === 'darwin') {
    list.push({ path: '/Applications/Firefox.app/Contents/MacOS/firefox', source: 'Firefox (macOS)' });
  } else if (m.platform === 'win32') {
    for (const path of windowsPaths(m, 'Mozilla Firefox\\firefox.exe')) list.push({ path, source: 'Firefox (Windows)' });
  }
  const found = list.find((c) => m.exists(c.path));
  if (found) return found;
  throw new BrowserNotFound(`No Firefox found. ${FIREFOX_FIX}`);
}
