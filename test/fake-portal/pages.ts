/**
 * HTML the fake portal serves: the SPA shell for every portal route, and the Entra ID sign-in page shown when the
 * session is gone (also served as a 200 by the `signin-page` fault, as the real portal does after expiry).
 */
import { ACTION_SOURCE_LABELS, ACTION_TYPE_LABELS, ENTITY_TYPE_LABELS } from './scenarios/build';
import type { FakeConfig } from './types';

/** JSON safe inside a <script type="application/json"> block. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Fluent UI inserts styles at run time; injected UI (shadow roots) may too.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function shellHtml(config: FakeConfig, analyst: string, tenantId: string): string {
  const data = {
    renderDelayMs: config.pageRenderDelayMs,
    theme: config.theme,
    decisionShape: config.decisionShape,
    tenantId,
    language: config.language,
    columnKeys: config.columnKeys,
    redesign: config.redesign,
    analyst,
    actionTypeLabels: ACTION_TYPE_LABELS,
    actionSourceLabels: ACTION_SOURCE_LABELS,
    entityTypeLabels: ENTITY_TYPE_LABELS,
  };
  return `<!doctype html>
<html lang="${config.language === 'de' ? 'de' : 'en'}" dir="ltr" class="theme-${config.theme === 'dark' ? 'dark' : 'light'}" data-fake-portal-state="loading">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Microsoft Defender</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/fake-portal/app.css">
<script type="application/json" id="fake-portal-config">${scriptJson(data)}</script>
<script type="module" src="/static/fake-portal/app.js"></script>
</head>
<body>
<div id="root" class="fp-root"></div>
</body>
</html>
`;
}

/** What a browser gets instead of the portal once signed out: Entra ID's sign-in page (recognisable markers). */
export function signInHtml(returnPath: string): string {
  const to = encodeURIComponent(returnPath.startsWith('/') && !returnPath.startsWith('//') ? returnPath : '/');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sign in to your account</title>
<style>
body{margin:0;font-family:"Segoe UI","Liberation Sans",Arial,sans-serif;background:#f2f2f2;color:#1b1b1b}
.box{width:360px;margin:12vh auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:16px 0}
a.btn{display:inline-block;background:#0067b8;color:#fff;padding:8px 24px;text-decoration:none;margin-top:16px}
small{color:#666}
</style>
</head>
<body>
<div class="box" id="ConvergedSignIn">
<div>Microsoft</div>
<h1>Sign in to your account</h1>
<p>Your session with Microsoft Defender has expired. Sign in again to continue.</p>
<form method="post" action="https://login.microsoftonline.com/common/oauth2/v2.0/authorize"></form>
<a class="btn" href="/__fake/sign-in?to=${to}">Sign in (fake portal)</a>
<p><small>https://login.microsoftonline.com — fake portal for tests</small></p>
</div>
</body>
</html>
`;
}
