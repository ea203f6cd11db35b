/** The portal's theme from its page background (app.ts detectTheme). */
import { afterEach, describe, expect, it } from 'vitest';
import { detectTheme } from '@/utils/page/app';

afterEach(() => {
  document.body.removeAttribute('style');
  document.documentElement.removeAttribute('style');
});

describe('detectTheme', () => {
  it('reads dark and light from the body background', () => {
    document.body.style.backgroundColor = 'rgb(27, 26, 25)';
    expect(detectTheme(document)).toBe('dark');
    document.body.style.backgroundColor = 'rgb(250, 249, 248)';
    expect(detectTheme(document)).toBe('light');
  });

  it('looks past a transparent body to the root element, and is unknown without a colour', () => {
    document.body.style.backgroundColor = 'rgba(0, 0, 0, 0)';
    document.documentElement.style.backgroundColor = 'rgb(20, 20, 20)';
    expect(detectTheme(document)).toBe('dark');
    document.documentElement.style.backgroundColor = 'transparent';
    expect(detectTheme(document)).toBeNull();
  });
});
