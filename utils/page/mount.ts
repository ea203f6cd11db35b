/**
 * Our hosts in the portal: a custom element with a CLOSED shadow root in product builds, so no portal script can
 * find or press our buttons (assistive tech still reads them: closed roots are in the accessibility tree). The e2e
 * build (`wxt build --mode e2e`) and unit tests open them so test locators reach in; see SHADOW_ROOT_MODE.
 * Styled only from inside. One parsed stylesheet is shared by every root (adoptedStyleSheets), so a thousand
 * rows do not parse the CSS a thousand times; a <style> element is the fallback.
 * Events that start inside our UI stop at the shadow root: a click on Approve must not also select the row
 * or open the portal's flyout, and a key press must not drive the grid's keyboard navigation.
 * Not WXT's createShadowRootUi: it is async (it fetches the entry's CSS) and gives each root a <style> of its own,
 * so a row would show without controls for a frame and a thousand rows would parse the CSS a thousand times;
 * createIntegratedUi has no shadow root, so the portal's scripts and styles would reach our buttons.
 */
import componentsCss from '../../components/components.css?inline';
import pageCss from './page.css?inline';

/**
 * The portal's own theme (a portal setting) decides, not the system's: components.css's light tokens (on
 * `.acc-theme`) and dark tokens (under prefers-color-scheme: dark) are re-applied under `.acc-light` / `.acc-dark`
 * on our roots. Derived from components.css at run time, so they never drift and cost no bundle bytes.
 */
export function themeOverrides(css: string): string {
  // Tokens only: the light block also sets font and colour, which must not override nested components' own.
  const tokens = (block: string | undefined) => (block ?? '').split(';').filter((d) => d.trim().startsWith('--')).join(';');
  const light = tokens(/\.acc-theme\s*\{([^}]*)\}/.exec(css)?.[1]);
  const dark = tokens(/prefers-color-scheme:\s*dark\)\s*\{\s*\.acc-theme\s*\{([^}]*)\}/.exec(css)?.[1]);
  return `.acc-theme.acc-light,.acc-light .acc-theme{${light}}.acc-theme.acc-dark,.acc-dark .acc-theme{${dark}}`;
}

export const UI_CSS = `${componentsCss}\n${themeOverrides(componentsCss)}\n${pageCss}`;

export interface Host {
  readonly el: HTMLElement;
  readonly root: ShadowRoot;
}

// What grids and focus zones act on: selection and invocation (click, double click, mouse/pointer down) and
// keyboard navigation (keydown). Stopped at our shadow root, after our own handlers ran.
const CONTAINED_EVENTS = ['click', 'dblclick', 'mousedown', 'pointerdown', 'keydown'] as const;

/** Open only in test builds (vitest's mode 'test', the e2e build's mode 'e2e'); decided at build time. */
export const SHADOW_ROOT_MODE: ShadowRootMode =
  import.meta.env.MODE === 'e2e' || import.meta.env.MODE === 'test' ? 'open' : 'closed';

let shared: CSSStyleSheet | null | undefined;

function sharedSheet(): CSSStyleSheet | null {
  if (shared !== undefined) return shared;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(UI_CSS);
    shared = sheet;
  } catch {
    shared = null;
  }
  return shared;
}

const stop = (event: Event) => event.stopPropagation();

export function createHost(tag: string, doc: Document = document): Host {
  const el = doc.createElement(tag);
  const root = el.attachShadow({ mode: SHADOW_ROOT_MODE });
  const sheet = sharedSheet();
  if (sheet && 'adoptedStyleSheets' in root) {
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = doc.createElement('style');
    style.textContent = UI_CSS;
    root.append(style);
  }
  for (const type of CONTAINED_EVENTS) root.addEventListener(type, stop);
  return { el, root };
}

export interface InsertionPoint {
  readonly parent: Node;
  readonly before: Node | null;
}

/** Inserts a host at a point next to portal nodes; portal nodes are never moved, removed or changed. */
export function place(host: HTMLElement, at: InsertionPoint): void {
  const before = at.before && at.before.parentNode === at.parent ? at.before : null;
  if (host.parentNode === at.parent && host.nextSibling === before) return;
  at.parent.insertBefore(host, before);
}
