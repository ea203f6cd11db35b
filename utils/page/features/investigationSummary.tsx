/**
 * Investigation page: a chip after the tab list, "N pending in this investigation".
 */
import { isInvestigationTablist, SELECTOR } from '../selectors';
import { InvestigationSummary } from '../ui/Chips';
import type { Feature } from './registry';

export const investigationSummary: Feature<{ investigationId: string }> = {
  id: 'investigation-summary',
  hostTag: 'acc-inv-summary',
  selector: SELECTOR.tablist,
  applies: (ctx) => ctx.route.kind === 'investigation',
  resolve(tablist, ctx) {
    if (ctx.route.kind !== 'investigation' || !tablist.parentNode || !isInvestigationTablist(tablist)) return null;
    const investigationId = ctx.route.id;
    return { key: investigationId, props: { investigationId }, at: { parent: tablist.parentNode, before: tablist.nextSibling } };
  },
  view: (props, env) => <InvestigationSummary env={env} investigationId={props.investigationId} />,
};
