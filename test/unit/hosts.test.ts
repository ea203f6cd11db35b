import { describe, expect, it } from 'vitest';
import { CLOUDS, DEFAULT_HOST_PATTERNS, OPTIONAL_HOST_PATTERNS, cloudForHost, portalOrigin } from '@/utils/portal/hosts';

describe('portal hosts', () => {
  it('grants only the commercial portal at install and keeps sovereign hosts optional', () => {
    expect(DEFAULT_HOST_PATTERNS).toEqual(['https://security.microsoft.com/*']);
    expect(OPTIONAL_HOST_PATTERNS).toEqual(['https://security.microsoft.us/*', 'https://security.apps.mil/*']);
  });

  it('maps each cloud to its portal', () => {
    expect(portalOrigin('gccHigh')).toBe('https://security.microsoft.us');
    expect(CLOUDS.dod.signInHost).toBe('login.microsoftonline.us');
    expect(cloudForHost('SECURITY.APPS.MIL')).toBe('dod');
    expect(cloudForHost('evil.example')).toBeUndefined();
  });
});
