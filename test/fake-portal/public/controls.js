// @ts-check
/** Fluent controls the pages share: the command bar over a grid and the Pivot (tabs). */

import { CONFIG } from './config.js';
import { h, icon } from './dom.js';
import { t } from './language.js';
import { sel } from './redesign.js';

/** @param {() => void} onRefresh */
export function commandBar(onRefresh) {
  const refresh = h('button', { type: 'button', class: 'ms-Button ms-Button--commandBar fp-command', onclick: onRefresh }, icon('refresh'), h('span', { class: 'ms-Button-label' }, t('Refresh')));
  const count = h('span', { class: 'fp-command-count', 'aria-live': 'polite' });
  const el = h(
    'div',
    { class: 'ms-CommandBar fp-commandbar', role: 'menubar', 'aria-label': t('Commands') },
    h(
      'div',
      { class: 'ms-CommandBar-primaryCommand' },
      h('button', { type: 'button', class: 'ms-Button ms-Button--commandBar fp-command' }, icon('export'), h('span', { class: 'ms-Button-label' }, t('Export'))),
      refresh,
    ),
    h(
      'div',
      { class: 'ms-CommandBar-secondaryCommand' },
      count,
      h('button', { type: 'button', class: 'ms-Button ms-Button--commandBar fp-command' }, icon('filter'), h('span', { class: 'ms-Button-label' }, t('Filter'))),
      h('button', { type: 'button', class: 'ms-Button ms-Button--commandBar fp-command' }, icon('columns'), h('span', { class: 'ms-Button-label' }, t('Customize columns'))),
    ),
  );
  return {
    el,
    /** @param {boolean} busy */
    setBusy(busy) {
      if (busy) refresh.setAttribute('aria-disabled', 'true');
      else refresh.removeAttribute('aria-disabled');
    },
    /** @param {number | null} n */
    setCount(n) {
      count.textContent = n === null ? '' : CONFIG.language === 'de' ? `${n} ${n === 1 ? 'Element' : 'Elemente'}` : `${n} item${n === 1 ? '' : 's'}`;
    },
  };
}

/** A Fluent Pivot: role=tablist with role=tab buttons. @param {{ id: string, label: string }[]} tabs @param {(id: string) => void} onSelect */
export function pivot(tabs, onSelect, label = 'Tabs') {
  const list = h('div', { class: 'ms-Pivot fp-pivot', role: 'tablist', 'aria-label': label });
  /** @type {Map<string, HTMLButtonElement>} */
  const buttons = new Map();
  for (const tab of tabs) {
    const button = h('button', { type: 'button', role: 'tab', class: 'ms-Pivot-link fp-tab', 'aria-selected': 'false', 'data-tab': tab.id, onclick: () => onSelect(tab.id) }, h('span', { class: 'ms-Pivot-text' }, tab.label));
    buttons.set(tab.id, button);
    list.append(button);
  }
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const all = [...buttons.values()];
    const i = all.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
    if (i < 0) return;
    all[(i + (event.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length]?.focus();
  });
  return {
    el: list,
    /** @param {string} id */
    select(id) {
      for (const [key, button] of buttons) {
        const on = key === id;
        if ((button.getAttribute('aria-selected') === 'true') !== on) button.setAttribute('aria-selected', String(on));
        button.classList.toggle('is-selected', on);
        button.tabIndex = on ? 0 : -1;
      }
    },
    /** @param {string} id @param {string} text */
    label(id, text) {
      const span = buttons.get(id)?.querySelector(sel('.ms-Pivot-text'));
      if (span && span.textContent !== text) span.textContent = text;
    },
  };
}
