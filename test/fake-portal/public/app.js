// @ts-check
/**
 * The fake Defender portal's single-page app: just enough of security.microsoft.com for the extension's content
 * script to run on unchanged (../../../../shared/PORTAL.md "Portal pages" and "Action center reads"). This module
 * starts it and picks the page for each route; every page and shared part is an ES module of its own in this
 * folder (the table in ../README.md), loaded by the browser as they are, with no build step.
 *
 * - Fluent DetailsList markup (role=grid, rowgroups, `.ms-DetailsRow` rows, cells keyed by `data-automation-key`),
 *   rows rendered only after the configured delay and the fetch, virtualised in pages of 10 like Fluent's List.
 * - A row flyout (role=dialog) with the same ids as label/value pairs and the portal's own Approve / Reject.
 * - SPA navigation with history.pushState; the left `nav` stays mounted across routes.
 * - Every API string is rendered as text (the `hostile` scenario fills every field with markup).
 *
 * Hooks for tests and the benchmark: <html data-fake-portal-state="loading|ready|error">, a
 * `data-fake-portal-render` counter bumped after each grid render, performance marks
 * `fake-portal:render-start` / `fake-portal:render-end` around it, and a `fake-portal:rerender` window event that
 * re-renders the grid from the data already loaded.
 */

import { actionCenterView } from './action-center.js';
import { closeFlyout } from './flyout.js';
import { otherView } from './home.js';
import { investigationView } from './investigation.js';
import { currentRoute, startRouter } from './router.js';
import { buildShell, markNav } from './shell.js';

/** @type {import('./shell.js').View | null} */
let view = null;

function renderRoute() {
  const route = currentRoute();
  markNav();
  if (view?.update?.(route)) {
    view.route = route;
    return;
  }
  view?.dispose();
  closeFlyout();
  view = route.kind === 'actionCenter' ? actionCenterView(route) : route.kind === 'investigation' ? investigationView(route) : otherView(route);
}

startRouter(renderRoute);
buildShell();
renderRoute();
