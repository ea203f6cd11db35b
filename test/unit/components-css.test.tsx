/**
 * components.css must work inside the content script's shadow root and must never restyle the portal:
 * every selector starts with an acc- class (no element, universal, :root or :host selectors).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(resolve(path), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const css = read('components/components.css');
/** The popup's and options' share, kept out of the content script. */
const pagesCss = read('components/pages.css');

function selectors(text: string): string[] {
  const out: string[] = [];
  const inKeyframes = /@keyframes[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g;
  const body = text.replace(inKeyframes, '');
  for (const match of body.matchAll(/([^{}]+)\{/g)) {
    const prelude = (match[1] ?? '').trim();
    if (prelude.startsWith('@')) continue;
    out.push(...prelude.split(',').map((s) => s.trim()));
  }
  return out;
}

describe('components.css', () => {
  const list = selectors(css);

  it('has rules', () => {
    expect(list.length).toBeGreaterThan(20);
  });

  it('scopes every selector to an acc- class', () => {
    expect(list.filter((s) => !/^\.acc-[\w-]+/.test(s))).toEqual([]);
  });

  it('scopes every selector of the pages-only stylesheet to an acc- class', () => {
    const pages = selectors(pagesCss);
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((s) => !/^\.acc-[\w-]+/.test(s))).toEqual([]);
  });

  it('carries no rule the pages-only stylesheet also has', () => {
    const shared = new Set(list);
    expect(selectors(pagesCss).filter((s) => s !== '.acc-theme' && shared.has(s))).toEqual([]);
  });

  it('defines its tokens for light and dark', () => {
    expect(css).toMatch(/\.acc-theme\s*\{[^}]*--acc-primary:\s*#0078d4/);
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\)\s*\{\s*\.acc-theme\s*\{/);
    expect(css).toContain("'Segoe UI'");
    expect(css).toMatch(/--acc-radius:\s*4px/);
  });
});

/** Issue 19: text contrast of the rules that had none to spare, computed from the tokens of both themes. */
describe('contrast of the popup’s quiet texts', () => {
  const popupCss = read('entrypoints/popup/popup.css');
  function tokens(text: string, dark: boolean): Map<string, string> {
    const out = new Map<string, string>();
    const darkAt = text.indexOf('@media (prefers-color-scheme: dark)');
    const part = dark ? text.slice(darkAt) : text.slice(0, darkAt);
    const block = part.match(/\.acc-theme\s*\{([^}]*)\}/)?.[1] ?? '';
    for (const m of block.matchAll(/(--acc-[\w-]+):\s*(#[0-9a-f]{6})/gi)) out.set(m[1]!, m[2]!);
    return out;
  }
  function luminance(hex: string): number {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  }
  function ratio(a: string, b: string): number {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  }
  /** The token a rule's property uses, e.g. color: var(--acc-link) in `.acc-btn--approve { … }`. */
  function tokenOf(text: string, selector: string, property: string): string {
    const rule = text.match(new RegExp(`${selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\{([^}]*)\\}`))?.[1] ?? '';
    return rule.match(new RegExp(`(?:^|;|\\s)${property}:\\s*var\\((--acc-[\\w-]+)\\)`))?.[1] ?? '(none)';
  }

  it.each([false, true])('dark=%s: the search placeholder and the outlined Approve reach 4.5:1 with margin', (dark) => {
    const t = new Map([...tokens(css, dark), ...tokens(pagesCss, dark)]);
    const placeholder = t.get(tokenOf(css, '.acc-input::placeholder', 'color'));
    expect(placeholder, 'placeholder colour token').toBeDefined();
    expect(ratio(placeholder!, t.get('--acc-bg')!)).toBeGreaterThanOrEqual(4.5);
    const approve = t.get(tokenOf(popupCss, '.acc-btn--approve', 'color'));
    expect(approve, 'Approve colour token').toBeDefined();
    // On every background a row can have: at rest, hovered, selected.
    for (const bg of ['--acc-bg', '--acc-bg-hover', '--acc-bg-selected']) {
      expect(ratio(approve!, t.get(bg)!), `${bg}`).toBeGreaterThanOrEqual(4.8);
    }
  });
});
