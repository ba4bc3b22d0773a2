/** File-system entry points for hardware files (the only hardware module that touches node:fs). */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { fail, ok, type Result } from '../errors';
import { looksLikeAccelerator, parseAcceleratorYaml, type CoreFileText, type CoreSource } from './accelerator-yaml';
import { exportAcceleratorYaml } from './accelerator-export';
import { exportCoreYaml } from './core-export';
import { parseCoreYaml } from './core-yaml';
import { parseYaml } from './fields';
import type { Accelerator, Core } from './types';

/** How far up from the accelerator file bare core names are searched (the reference searches `stream/inputs/**`). */
const SEARCH_ANCESTORS = 3;
const SEARCH_DEPTH = 5;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Breadth-first search for `name` in directories whose path contains "hardware", as the reference does. */
function searchHardwareDirs(root: string, name: string): string | undefined {
  let level = [root];
  for (let depth = 0; depth <= SEARCH_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (dir.includes('hardware') && isFile(join(dir, name))) return join(dir, name);
      let entries: string[] = [];
      try {
        entries = readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
          .map((e) => e.name)
          .sort();
      } catch {
        continue;
      }
      next.push(...entries.map((e) => join(dir, e)));
    }
    level = next;
  }
  return undefined;
}

/**
 * Resolves a core reference from an accelerator file: `./x.yaml` relative to the accelerator file; a path
 * with `/` as given, relative to the accelerator's directory or to one of its ancestors (also matching only
 * a tail of the path, so `stream/inputs/examples/hardware/cores/x.yaml` finds `.../examples/hardware/cores/x.yaml`);
 * a bare name in a `hardware` folder under the accelerator's directory or up to three levels above.
 */
export function resolveCoreReference(ref: string, acceleratorFile: string): string | undefined {
  const base = dirname(resolve(acceleratorFile));
  const withExt = /\.ya?ml$/.test(ref) ? [ref] : [`${ref}.yaml`, `${ref}.yml`, ref];
  for (const r of withExt) {
    if (isAbsolute(r)) {
      if (isFile(r)) return r;
      continue;
    }
    const local = normalize(join(base, r));
    if (isFile(local)) return local;
    if (r.includes('./')) continue;
    const ancestors: string[] = [];
    for (let d = base, i = 0; i <= SEARCH_ANCESTORS; i++, d = dirname(d)) ancestors.push(d);
    if (r.includes('/')) {
      const parts = r.split('/').filter((p) => p !== '' && p !== '.');
      for (let skip = 0; skip < parts.length; skip++) {
        const tail = parts.slice(skip).join(sep);
        for (const a of ancestors) if (isFile(join(a, tail))) return join(a, tail);
      }
    } else {
      for (const a of ancestors) {
        const found = searchHardwareDirs(a, r);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function readText(path: string): Result<string> {
  try {
    return ok(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail([{ file: path, field: '', expected: 'a readable file', found: code === 'ENOENT' ? 'no such file' : code ?? String(e) }]);
  }
}

/** A `CoreSource` reading core files next to (or above) `acceleratorFile`, each file read once. */
export function fileCoreSource(acceleratorFile: string): CoreSource {
  const cache = new Map<string, Result<CoreFileText>>();
  return (ref, field) => {
    const path = resolveCoreReference(ref, acceleratorFile);
    if (path === undefined) {
      return fail([
        {
          file: acceleratorFile,
          field,
          expected: 'an existing core YAML file (relative to the accelerator file, or in a hardware folder near it)',
          found: JSON.stringify(ref),
        },
      ]);
    }
    let result = cache.get(path);
    if (!result) {
      const text = readText(path);
      result = text.ok ? ok({ text: text.value, file: path }) : text;
      cache.set(path, result);
    }
    return result;
  };
}

export function loadAcceleratorFile(path: string): Result<Accelerator> {
  const text = readText(path);
  return text.ok ? parseAcceleratorYaml(text.value, path, fileCoreSource(path)) : text;
}

export function loadCoreFile(path: string): Result<Core> {
  const text = readText(path);
  return text.ok ? parseCoreYaml(text.value, path) : text;
}

/** Either kind of hardware file: an accelerator (`cores` + connectivity) or a single core (ZigZag hardware). */
export type HardwareFile = { readonly kind: 'accelerator'; readonly accelerator: Accelerator } | { readonly kind: 'core'; readonly core: Core };

export function loadHardwareFile(path: string): Result<HardwareFile> {
  const text = readText(path);
  if (!text.ok) return text;
  const parsed = parseYaml(text.value, path);
  if (!parsed.ok) return parsed;
  if (looksLikeAccelerator(parsed.value.value)) {
    const acc = parseAcceleratorYaml(text.value, path, fileCoreSource(path));
    return acc.ok ? ok({ kind: 'accelerator', accelerator: acc.value }) : acc;
  }
  const core = parseCoreYaml(text.value, path);
  return core.ok ? ok({ kind: 'core', core: core.value }) : core;
}


function writeText(path: string, text: string): Result<string> {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return ok(path);
  } catch (e) {
    return fail([{ file: path, field: '', expected: 'a writable file', found: (e as NodeJS.ErrnoException).code ?? String(e) }]);
  }
}

/** Writes the accelerator file and its core files (under `./cores/` next to it); returns the paths written. */
export function saveAcceleratorFile(acc: Accelerator, path: string): Result<readonly string[]> {
  const exported = exportAcceleratorYaml(acc);
  if (!exported.ok) return exported;
  const written: string[] = [];
  for (const file of [...exported.value.cores.map((c) => ({ path: join(dirname(path), c.ref), text: c.text })), { path, text: exported.value.accelerator }]) {
    const r = writeText(file.path, file.text);
    if (!r.ok) return r;
    written.push(r.value);
  }
  return ok(written);
}

export function saveCoreFile(core: Core, path: string): Result<string> {
  const text = exportCoreYaml(core);
  return text.ok ? writeText(path, text.value) : text;
}
