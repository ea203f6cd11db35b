import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { UserConfig } from 'vite';
import { DEFAULT_HOST_PATTERNS, OPTIONAL_HOST_PATTERNS } from './utils/portal/hosts';
import { pseudoMessagesJson } from './scripts/pseudoLocale';

/**
 * The bench's baseline page (entrypoints/bench-blank/) is built only when ACC_BENCH=1 (`npm run bench` sets it and
 * builds into its own ACC_OUT_DIR); a plain `wxt build` never ships it.
 */
const BENCH_ENTRY = 'bench-blank';
const WITH_BENCH_ENTRY = process.env.ACC_BENCH === '1';

/**
 * ACC_PSEUDO=1 ships the pseudo-locale (scripts/pseudoLocale.ts) as the English messages: accented, longer text
 * shows any literal that skipped locales/en.yml, and any layout that breaks in a longer language.
 */
const PSEUDO_LOCALE = process.env.ACC_PSEUDO === '1';
const DEFAULT_LOCALE = 'en';

/**
 * The public key (base64 DER) that pins the Chrome/Edge extension id to EXTENSION_ID for every unpacked or
 * self-hosted build, as force-install and per-extension policy need. Public key only: no private key is kept
 * in this repository (none is needed to load unpacked; see docs/deploy.md for packing a CRX).
 */
export const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqN8cFC1makrBaRi1Z7EsS0x5BdSK4+k2ZawiuLV58Qe+T+wyaz4cY1jFNaj22uIi9hYNHboIg6f4k0oLbnIjAIi3WSrEf/cH4XcnIaNtEyDTu1HntGJkmmMoME1gAetFOciBirjfQV4Zz3hD1dpPL0p8ORS6+Op2zBUlJucABDWF2CvCxfI/IayK2iVvq7iZJUJ1751aD7CGD3o2/mxTK4gE4MlxySkZUAtPwHZBZ2Jks+1ICc0L8gYiRKrYx1INcdOKT/yfTjbJoHuMhPQIs2vYp7zPM65Zlb1RHmDI8Ij1yVjev8s8iuDZRLVa+lCTUUqNrPWDg1csvOD4yHbVYQIDAQAB';
export const EXTENSION_ID = 'mjglgpnmkoildigjabidoccagplnpbbl';

// Every permission here is listed, with the reason, in permissions.allow.json and the README.
export default defineConfig({
  // Parallel local builds (several engineers, the bench) can each use their own folder.
  outDir: process.env.ACC_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({ plugins: [preact()], build: { minify: 'terser', terserOptions: { compress: { passes: 2 } } } }),
  hooks: {
    'build:publicAssets': (_wxt, assets) => {
      if (!PSEUDO_LOCALE) return;
      const english = assets.find((asset) => asset.relativeDest.replaceAll('\\', '/') === `_locales/${DEFAULT_LOCALE}/messages.json`);
      if (!english || !('contents' in english) || typeof english.contents !== 'string') {
        throw new Error('ACC_PSEUDO=1: the English messages were not generated before this hook ran');
      }
      english.contents = pseudoMessagesJson(english.contents);
    },
    // The content script is built without webextension-polyfill: it uses only APIs that return promises in
    // Chrome MV3 as in Firefox (storage, runtime.sendMessage, runtime.id, listeners that answer nothing), so the
    // polyfill was 2.8 kB gzip parsed on every portal page for nothing. The documented per-group hook
    // (https://wxt.dev/api/reference/wxt/interfaces/WxtHooks) drops the module's alias for that group only, and
    // `wxt/browser` is then WXT's own default (the `browser` global, else `chrome`). Pages and the background,
    // which answer messages with promises, keep the polyfill.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entry) => entry.type === 'content-script')) return;
      config.resolve ??= {};
      config.resolve.alias = withoutAlias(config.resolve.alias, 'wxt/browser');
    },
    'entrypoints:found': (_wxt, infos) => {
      if (WITH_BENCH_ENTRY) return;
      const at = infos.findIndex((info) => info.name === BENCH_ENTRY);
      if (at >= 0) infos.splice(at, 1);
    },
    // WXT builds a module background together with the pages, so shared chunks held the background's code
    // (notifications, the decider, every store query) and the popup loaded it. Alone, it is tree-shaken apart.
    // A documented hook used as documented: `entrypoints:grouped` hands over the build groups, which a hook may
    // change by reference (https://wxt.dev/api/reference/wxt/interfaces/WxtHooks, https://wxt.dev/guide/essentials/config/hooks).
    'entrypoints:grouped': (_wxt, groups) => {
      const pages = groups.find((group) => Array.isArray(group) && group.some((entry) => entry.type === 'background'));
      if (!Array.isArray(pages) || pages.length < 2) return;
      const background = pages.filter((entry) => entry.type === 'background');
      pages.splice(0, pages.length, ...pages.filter((entry) => entry.type !== 'background'));
      groups.push(background);
      // Options too: the popup and Options never load together, so a chunk they share saves only disk and makes
      // each load the other's code (Options' decision-template schemas, 2.6 kB gzip, were in the popup's start).
      const options = pages.filter((entry) => entry.name === 'options');
      pages.splice(0, pages.length, ...pages.filter((entry) => entry.name !== 'options'));
      if (options.length > 0) groups.push(options);
      // Built alone, so the popup's chunks (and so its loading) are the same as in the product build.
      const bench = pages.filter((entry) => entry.name === BENCH_ENTRY);
      if (bench.length === 0) return;
      pages.splice(0, pages.length, ...pages.filter((entry) => entry.name !== BENCH_ENTRY));
      groups.push(bench);
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_ext_name__',
    description: '__MSG_ext_description__',
    default_locale: DEFAULT_LOCALE,
    permissions: ['storage', 'alarms', 'notifications', 'cookies', 'scripting', 'webRequest'],
    host_permissions: [...DEFAULT_HOST_PATTERNS],
    optional_host_permissions: [...OPTIONAL_HOST_PATTERNS],
    action: { default_title: '__MSG_ext_name__' },
    browser_specific_settings: {
      gecko: { id: 'action-center-companion@example.invalid', strict_min_version: '128.0' },
    },
    // Chrome/Edge only (Firefox has its own id above and reads managed storage from policies.json's 3rdparty
    // section, without a schema): the organisation's policy (docs/deploy.md) is checked against this schema.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' }, key: EXTENSION_KEY }),
  }),
});

type Aliases = NonNullable<NonNullable<UserConfig['resolve']>['alias']>;

/** Vite's aliases without the one for `find` (an object or, after config merging, an array of entries). */
function withoutAlias(aliases: Aliases | undefined, find: string): Aliases {
  if (!aliases) return [];
  if (Array.isArray(aliases)) return aliases.filter((alias: { find: string | RegExp }) => alias.find !== find);
  return Object.fromEntries(Object.entries(aliases).filter(([key]) => key !== find));
}
