/**
 * components.css must work inside the content script's shadow root and must never restyle the portal:
 * every selector starts with an acc- class (no element, universal, :root or :host selectors).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(resolve('components/components.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

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

  it('defines its tokens for light and dark', () => {
    expect(css).toMatch(/\.acc-theme\s*\{[^}]*--acc-primary:\s*#0078d4/);
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\)\s*\{\s*\.acc-theme\s*\{/);
    expect(css).toContain("'Segoe UI'");
    expect(css).toMatch(/--acc-radius:\s*4px/);
  });
});
