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
