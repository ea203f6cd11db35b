/**
 * Navigation pane: the count of pending actions beside the Action center link, on every page.
 */
import { SELECTOR } from '../selectors';
import { NavCount } from '../ui/Chips';
import type { Feature } from './registry';

export const navCount: Feature<Record<string, never>> = {
  id: 'nav-count',
  hostTag: 'acc-nav-count',
  selector: SELECTOR.navActionCenterLink,
  applies: (ctx) => ctx.state.sync !== null,
  resolve(link) {
    if (!link.parentNode) return null;
    return { key: 'nav', props: {}, at: { parent: link.parentNode, before: link.nextSibling } };
  },
  view: (_props, env) => <NavCount env={env} />,
};
