import { cleanup, render } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AgeBadge, formatAgeLong } from '@/components/AgeBadge';

afterEach(cleanup);

const T = { warnMinutes: 60, alertMinutes: 240, criticalMinutes: 1440 };
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const ago = (ms: number) => NOW - ms;
const H = 3_600_000;

describe('AgeBadge', () => {
  it('shows compact text and a spoken label', () => {
    const { container, getByText } = render(<AgeBadge createdAt={ago(3 * H)} now={NOW} thresholds={T} />);
    expect(getByText('3 h')).toBeTruthy();
    expect(getByText('Pending for 3 hours')).toBeTruthy();
    expect(container.textContent).toContain('3 h');
  });

  it.each([
    [10 * 60_000, 'fresh'],
    [61 * 60_000, 'warn'],
    [5 * H, 'alert'],
    [30 * H, 'critical'],
  ])('age %d ms is level %s', (ms, level) => {
    const { container } = render(<AgeBadge createdAt={ago(ms)} now={NOW} thresholds={T} />);
    const badge = container.querySelector('.acc-age');
    expect(badge?.getAttribute('data-level')).toBe(level);
    expect(badge?.classList.contains(`acc-age--${level}`)).toBe(true);
  });

  it('has a compact variant', () => {
    const { container } = render(<AgeBadge createdAt={ago(H)} now={NOW} thresholds={T} compact />);
    expect(container.querySelector('.acc-age--compact')).not.toBeNull();
  });

  it('formats long ages like formatAge', () => {
    expect(formatAgeLong(ago(1000), NOW)).toBe('1 second');
    expect(formatAgeLong(ago(12 * 60_000), NOW)).toBe('12 minutes');
    expect(formatAgeLong(ago(47 * H), NOW)).toBe('47 hours');
    expect(formatAgeLong(ago(72 * H), NOW)).toBe('3 days');
    expect(formatAgeLong(NOW + 5000, NOW)).toBe('0 seconds');
  });

  it('has no axe violations', async () => {
    const { container } = render(<AgeBadge createdAt={ago(3 * H)} now={NOW} thresholds={T} />);
    const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(result.violations).toEqual([]);
  });
});
