import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { SourceFile } from '../../src/shared/api-types';

/** The accelerator file and every YAML file beside or below its folder (its cores), relative to its folder. */
export function acceleratorFiles(mainPath: string): { main: string; files: SourceFile[] } {
  const root = dirname(mainPath);
  const files: SourceFile[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (depth < 2) walk(full, depth + 1);
      } else if (/\.ya?ml$/i.test(entry)) files.push({ path: relative(root, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(root, 0);
  return { main: relative(root, mainPath), files };
}
