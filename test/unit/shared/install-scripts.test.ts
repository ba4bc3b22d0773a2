import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
};

/** Every locked package with an install script, by name and version (nested copies included). */
function withInstallScripts(): { name: string; version: string }[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
    .map(([path, entry]) => ({ name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), version: entry.version ?? '' }));
}

describe('install scripts (package.json allowScripts)', () => {
  // By name: npm 11.19's `npm ci` does not match version-pinned keys ("pkg@1.2.3") and warns about them as unreviewed.
  it('reviews every locked dependency that has an install script, by name (approved or denied)', () => {
    const allow = pkg.allowScripts ?? {};
    const unreviewed = withInstallScripts().filter(({ name }) => typeof allow[name] !== 'boolean');
    // npm 12 skips unreviewed install scripts: a bumped better-sqlite3 would install without its native module.
    expect(unreviewed).toEqual([]);
  });

  it('approves the native SQLite build the workspace needs', () => {
    const sqlite = withInstallScripts().find((p) => p.name === 'better-sqlite3');
    expect(sqlite).toBeDefined();
    expect(pkg.allowScripts?.['better-sqlite3']).toBe(true);
  });

  it('keeps no entry for a package that no longer has an install script', () => {
    const present = new Set(withInstallScripts().map(({ name }) => name));
    expect(Object.keys(pkg.allowScripts ?? {}).filter((key) => !present.has(key))).toEqual([]);
  });
});
