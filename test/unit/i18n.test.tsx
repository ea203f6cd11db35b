import { render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { formatDateTime, formatNumber, formatUnit, t } from '../../utils/i18n';
import { pseudoLocalize } from '../../scripts/pseudoLocale';
import { expectNoLiteral, usePseudoLocale } from './support/i18n';

describe('the extension\'s words', () => {
  it('come from locales/en.yml, with plural forms and Intl numbers', () => {
    expect(t('common.approve')).toBe('Approve');
    expect(t('notify.newPending', 1)).toBe('1 new pending action');
    expect(t('notify.newPending', 1234, [formatNumber(1234)])).toBe('1,234 new pending actions');
  });

  it('formats a thousand values with at most one read of the browser language (a call into the extension API)', () => {
    const read = vi.spyOn(fakeBrowser.i18n, 'getUILanguage');
    for (let i = 0; i < 1000; i += 1) {
      formatNumber(i);
      formatUnit(i, 'minute');
      formatDateTime(i);
    }
    expect(read.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('pseudo-localise every letter, keep placeholders and plural forms, and grow the text', () => {
    const out = pseudoLocalize('$1 new pending action | $1 new pending actions');
    expect(out).toMatch(/^⟦\$1 ñéŵ þéñðíñĝ áçţíóñ·+⟧ \| ⟦\$1 ñéŵ þéñðíñĝ áçţíóñš·+⟧$/u);
    expect(pseudoLocalize('Hello {name}')).toContain('{name}');
    expect(pseudoLocalize('Approve').length).toBeGreaterThanOrEqual(Math.ceil('Approve'.length * 1.3));
  });

  it('catch a literal that skipped the message file (the check fails when one is added)', () => {
    usePseudoLocale();
    const clean = render(<p aria-label={t('common.cancel')}>{t('common.approve')} · 3 · Host-0042</p>);
    expectNoLiteral(clean.container, ['Host-0042']);
    const leaky = render(<p>{t('common.approve')} now</p>);
    expect(() => expectNoLiteral(leaky.container)).toThrow(/did not come from locales/);
    const leakyName = render(<button type="button" aria-label="Close">×</button>);
    expect(() => expectNoLiteral(leakyName.container)).toThrow();
  });
});
