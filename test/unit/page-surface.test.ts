/**
 * Pinned row cells are painted with what their row shows behind them: the row's background composited over its
 * ancestors' until opaque.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { opaqueBackground, parseRgb } from '@/utils/page/surface';

afterEach(() => {
  document.body.replaceChildren();
});

function nest(...backgrounds: string[]): HTMLElement {
  let parent: HTMLElement = document.body;
  for (const bg of backgrounds) {
    const el = document.createElement('div');
    el.style.backgroundColor = bg;
    parent.append(el);
    parent = el;
  }
  return parent;
}

describe('parseRgb', () => {
  it('reads the notations browsers compute, and nothing else', () => {
    expect(parseRgb('rgb(255, 255, 255)')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseRgb('rgba(0, 0, 0, 0.5)')).toEqual({ r: 0, g: 0, b: 0, a: 0.5 });
    expect(parseRgb('rgb(10 20 30 / 25%)')).toEqual({ r: 10, g: 20, b: 30, a: 0.25 });
    expect(parseRgb('oklch(0.5 0.1 200)')).toBeNull();
  });
});

describe('opaqueBackground', () => {
  it('is the row’s own colour when it is opaque', () => {
    expect(opaqueBackground(nest('rgb(0, 0, 0)', 'rgb(243, 242, 241)'))).toBe('rgb(243, 242, 241)');
  });

  it('looks through transparent rows to the first opaque ancestor', () => {
    expect(opaqueBackground(nest('rgb(37, 36, 35)', 'rgba(0, 0, 0, 0)', 'transparent'))).toBe('rgb(37, 36, 35)');
  });

  it('composites a translucent row (a hover tint) over what lies below', () => {
    expect(opaqueBackground(nest('rgb(255, 255, 255)', 'rgba(0, 0, 0, 0.5)'))).toBe('rgb(128, 128, 128)');
  });

  it('is nothing when nothing on the way is opaque (the fallback colour stays)', () => {
    expect(opaqueBackground(nest('rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0.2)'))).toBeNull();
  });
});
