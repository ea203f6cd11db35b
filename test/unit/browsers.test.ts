// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { BrowserNotFound, findChromium, findFirefox, type Machine } from '../e2e/browsers';

/** A machine with exactly these files (folders listed from them), on `platform`. */
function machine(files: string[], opts: Partial<Pick<Machine, 'env' | 'platform' | 'playwrightChromium'>> = {}): Machine {
  const set = new Set(files);
  return {
    env: opts.env ?? {},
    platform: opts.platform ?? 'linux',
    home: '/home/ana',
    exists: (p) => set.has(p),
    list: (dir) => [...new Set(files.filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0]!))],
    playwrightChromium: opts.playwrightChromium ?? (() => '/home/ana/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome'),
  };
}

const PLAYWRIGHT = '/home/ana/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';
const CFT = '/home/ana/.cache/puppeteer/chrome/linux-150.0.1/chrome-linux64/chrome';

describe('findChromium', () => {
  it('takes CHROME_PATH first, and says so', () => {
    const found = findChromium(machine(['/opt/x/chrome', '/usr/bin/chromium'], { env: { CHROME_PATH: '/opt/x/chrome' } }));
    expect(found).toEqual({ path: '/opt/x/chrome', source: 'CHROME_PATH', warning: null });
  });

  it('names CHROME_PATH when it points nowhere', () => {
    expect(() => findChromium(machine(['/usr/bin/chromium'], { env: { CHROME_PATH: '/nope' } }))).toThrow(/CHROME_PATH is \/nope/);
  });

  it('warns when CHROME_PATH is branded Google Chrome', () => {
    const found = findChromium(machine(['/usr/bin/google-chrome'], { env: { CHROME_PATH: '/usr/bin/google-chrome' } }));
    expect(found.warning).toMatch(/137.*--load-extension/);
  });

  it('prefers Playwright’s Chromium, then Chrome for Testing, then Debian’s chromium', () => {
    expect(findChromium(machine([PLAYWRIGHT, CFT, '/usr/bin/chromium'])).source).toBe('Playwright’s own Chromium');
    expect(findChromium(machine([CFT, '/usr/bin/chromium'])).path).toBe(CFT);
    expect(findChromium(machine(['/usr/bin/chromium', '/usr/bin/microsoft-edge'])).source).toBe('Debian/Ubuntu chromium');
    expect(findChromium(machine(['/usr/bin/chromium-browser'])).path).toBe('/usr/bin/chromium-browser');
    expect(findChromium(machine(['/usr/bin/microsoft-edge-stable'])).source).toBe('Microsoft Edge');
  });

  it('finds the usual macOS and Windows installs', () => {
    expect(findChromium(machine(['/Applications/Chromium.app/Contents/MacOS/Chromium'], { platform: 'darwin' })).source).toBe(
      'Chromium (macOS)',
    );
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findChromium(machine([edge], { platform: 'win32' })).path).toBe(edge);
  });

  it('explains that branded Google Chrome cannot load the extension and names the fix, when only it is there', () => {
    const run = () => findChromium(machine(['/usr/bin/google-chrome'], { playwrightChromium: () => null }));
    expect(run).toThrow(BrowserNotFound);
    expect(run).toThrow(/Only Google Chrome was found \(\/usr\/bin\/google-chrome\).*137.*npx playwright install chromium/);
  });

  it('names every way to get one when nothing is there', () => {
    expect(() => findChromium(machine([]))).toThrow(/No Chromium found.*apt-get install chromium.*CHROME_PATH/);
  });
});

describe('findFirefox', () => {
  it('takes FIREFOX_PATH, then Firefox ESR, then Firefox', () => {
    const files = ['/opt/ff/firefox', '/usr/bin/firefox-esr', '/usr/bin/firefox'];
    expect(findFirefox(machine(files, { env: { FIREFOX_PATH: '/opt/ff/firefox' } }))).toEqual({ path: '/opt/ff/firefox', source: 'FIREFOX_PATH' });
    expect(findFirefox(machine(files)).path).toBe('/usr/bin/firefox-esr');
    expect(findFirefox(machine(['/usr/bin/firefox'])).path).toBe('/usr/bin/firefox');
    expect(findFirefox(machine(['/Applications/Firefox.app/Contents/MacOS/firefox'], { platform: 'darwin' })).source).toBe(
      'Firefox (macOS)',
    );
  });

  it('names the fix when there is none', () => {
    expect(() => findFirefox(machine([]))).toThrow(/No Firefox found.*apt-get install firefox-esr.*FIREFOX_PATH/);
  });
});
