/** File-system entry point for mapping files (the only mapping module that touches node:fs). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail, ok, type Result } from '../errors';
import { exportMappingYaml } from './mapping-export';
import { parseMappingYaml } from './mapping-yaml';
import type { Mapping } from './types';

export function loadMappingFile(path: string): Result<Mapping> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail([{ file: path, field: '', expected: 'a readable file', found: code === 'ENOENT' ? 'no such file' : code ?? String(e) }]);
  }
  return parseMappingYaml(text, path);
}

export function saveMappingFile(mapping: Mapping, path: string): Result<string> {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, exportMappingYaml(mapping));
    return ok(path);
  } catch (e) {
    return fail([{ file: path, field: '', expected: 'a writable file', found: (e as NodeJS.ErrnoException).code ?? String(e) }]);
  }
}
