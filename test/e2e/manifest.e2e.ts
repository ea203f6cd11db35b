/**
 * The built extension asks for no more than the allow-list, and ships no way to run remote or string code.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const outDir = resolve(process.env.ACC_EXTENSION_DIR ?? '.output/chrome-mv3');
const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
  content_scripts?: { matches: string[] }[];
  content_security_policy?: unknown;
  externally_connectable?: unknown;
  web_accessible_resources?: unknown;
};
const allow = JSON.parse(readFileSync('permissions.allow.json', 'utf8')) as Record<string, Record<string, string>>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('built manifest', () => {
  it.each(['permissions', 'host_permissions', 'optional_host_permissions'] as const)(
    'asks only for allow-listed %s, each with a reason',
    (key) => {
      const asked = manifest[key] ?? [];
      const listed = allow[key] ?? {};
      expect(asked.filter((p) => !(p in listed))).toEqual([]);
      for (const p of asked) expect(listed[p]?.length ?? 0).toBeGreaterThan(10);
    },
  );

  it('runs content scripts only on allow-listed hosts', () => {
    const matches = (manifest.content_scripts ?? []).flatMap((c) => c.matches);
    expect(matches.filter((m) => !(m in (allow.content_script_matches ?? {})))).toEqual([]);
  });

  it('keeps the MV3 default content security policy and opens nothing to the web', () => {
    expect(manifest.content_security_policy).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.optional_permissions).toBeUndefined();
  });

  it('matches the README permission table', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const p of [...(manifest.permissions ?? []), ...(manifest.host_permissions ?? []), ...(manifest.optional_host_permissions ?? [])]) {
      expect(readme, `README mentions ${p}`).toContain(p.replace('/*', ''));
    }
  });
});

describe('built code', () => {
  const code = files(outDir).filter((f) => /\.(js|html)$/.test(f));

  it('loads no remote script and evaluates no strings', () => {
    const offenders: string[] = [];
    for (const file of code) {
      const text = readFileSync(file, 'utf8');
      if (/<script[^>]+src=["']https?:/i.test(text)) offenders.push(`${file}: remote <script>`);
      if (/\beval\s*\(/.test(text)) offenders.push(`${file}: eval(`);
      if (/\bnew Function\s*\(/.test(text)) offenders.push(`${file}: new Function(`);
      if (/import\(\s*["']https?:/.test(text)) offenders.push(`${file}: remote import()`);
    }
    expect(offenders).toEqual([]);
  });
});
