/**
 * The page features, in mount order. Adding or removing one is this list plus its own file.
 */
import { flyout } from './flyout';
import { gridHeader } from './gridHeader';
import { historyMarks } from './historyMarks';
import { investigationRows } from './investigationRows';
import { investigationSummary } from './investigationSummary';
import { navCount } from './navCount';
import { pendingRows } from './pendingRows';
import type { Feature } from './registry';

export const FEATURES: readonly Feature<object>[] = [
  navCount,
  pendingRows,
  flyout,
  investigationSummary,
  investigationRows,
  historyMarks,
  gridHeader,
];
