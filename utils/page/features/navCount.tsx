/**
 * Navigation pane: the count of pending actions beside the Action center link, on every page. The link is found
 * by its route in any navigation landmark (`nav` or role=navigation). It may sit in a collapsible group whose
 * links are not rendered while it is collapsed: once we have seen the link inside a group, the count goes beside
 * that group's button while it is collapsed. A group never seen open gets nothing (we do not guess which one).
 */
import { SELECTOR } from '../selectors';
import { NavCount } from '../ui/Chips';
import type { Feature } from './registry';

/** The `aria-controls` of the group button whose panel held the Action center link (this page's lifetime). */
let groupPanelId: string | null = null;

/** The id of the link's ancestor that a navigation group button controls, if any. */
function groupOf(link: Element, doc: Document): string | null {
  for (let el = link.parentElement; el && !el.matches('nav, [role="navigation"]'); el = el.parentElement) {
    if (el.id && doc.querySelector(`[aria-expanded][aria-controls="${CSS.escape(el.id)}"]`)) return el.id;
  }
  return null;
}

export const navCount: Feature<Record<string, never>> = {
  id: 'nav-count',
  hostTag: 'acc-nav-count',
  selector: `${SELECTOR.navActionCenterLink}, ${SELECTOR.navCollapsedGroup}`,
  applies: (ctx) => ctx.state.sync !== null,
  resolve(anchor, ctx) {
    if (!anchor.parentNode) return null;
    if (anchor.matches(SELECTOR.navActionCenterLink)) {
      groupPanelId = groupOf(anchor, ctx.doc) ?? groupPanelId;
      return { key: 'nav', props: {}, at: { parent: anchor.parentNode, before: anchor.nextSibling } };
    }
    // A collapsed group: only the one we saw holding the link.
    if (groupPanelId === null || anchor.getAttribute('aria-controls') !== groupPanelId) return null;
    return { key: 'nav-group', props: {}, at: { parent: anchor.parentNode, before: anchor.nextSibling } };
  },
  // Nothing to show is no failure here: the link may sit in a group that is collapsed.
  probe: (_ctx, mounted) => (mounted > 0 ? 'worked' : null),
  view: (_props, env) => <NavCount env={env} />,
};
