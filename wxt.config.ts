import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { DEFAULT_HOST_PATTERNS, OPTIONAL_HOST_PATTERNS } from './utils/portal/hosts';

// Every permission here is listed, with the reason, in permissions.allow.json and the README.
export default defineConfig({
  // Parallel local builds (several engineers, the bench) can each use their own folder.
  outDir: process.env.ACC_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'Action Center Companion',
    description:
      'See and decide Microsoft Defender XDR pending remediation actions: badges, quick approve/reject, notifications.',
    permissions: ['storage', 'alarms', 'notifications', 'cookies', 'scripting'],
    host_permissions: [...DEFAULT_HOST_PATTERNS],
    optional_host_permissions: [...OPTIONAL_HOST_PATTERNS],
    action: { default_title: 'Action Center Companion' },
    browser_specific_settings: {
      gecko: { id: 'action-center-companion@example.invalid', strict_min_version: '128.0' },
    },
  },
});
