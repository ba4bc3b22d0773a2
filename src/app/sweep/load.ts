/**
 * Reads a sweep file from disk: the engine parses it, the base inputs are read relative to it, and every axis is
 * checked against the base accelerator before anything runs (errors name the sweep file, the axis and the
 * expectation).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { InputError, type InputIssue, parseSweepYaml, type SweepDefinition, unwrap, validateSweepAxes } from '../../engine';
import { readAcceleratorFromDisk } from '../services/examples';
import type { SweepBase, SweepWorkloadSource } from './protocol';

export interface LoadedSweep {
  readonly definition: SweepDefinition;
  readonly base: SweepBase;
}

function readInput(file: string, field: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw InputError.single(file, field, 'a readable file (paths are relative to the sweep file)', `${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export function loadSweepFile(path: string): LoadedSweep {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw InputError.single(path, '', 'a readable sweep file', (error as NodeJS.ErrnoException).code ?? String(error));
  }
  const definition = unwrap(parseSweepYaml(text, path));
  const dir = dirname(path);
  const accPath = resolve(dir, definition.accelerator);
  readInput(path, 'accelerator', accPath);
  const { accelerator } = readAcceleratorFromDisk(accPath);
  const issues: InputIssue[] = validateSweepAxes(definition, accelerator, path);
  if (issues.length > 0) throw new InputError(issues);
  const mappingPath = resolve(dir, definition.mapping);
  const mappingYaml = readInput(path, 'mapping', mappingPath).toString('utf8');
  const workloadPaths = [definition.workload, ...definition.axes.flatMap((a) => (a.kind === 'workload' ? a.values : []))];
  const workloads: Record<string, SweepWorkloadSource> = {};
  for (const w of new Set(workloadPaths)) {
    const full = resolve(dir, w);
    const bytes = readInput(path, 'workload', full);
    workloads[w] = { path: full, name: basename(w).replace(/\.(onnx|ya?ml)$/i, ''), format: /\.onnx$/i.test(w) ? 'onnx' : 'yaml', bytesBase64: bytes.toString('base64') };
  }
  return {
    definition,
    base: { accelerator, acceleratorName: basename(accPath).replace(/\.ya?ml$/i, ''), mapping: { name: basename(mappingPath).replace(/\.ya?ml$/i, ''), yaml: mappingYaml }, workloads },
  };
}
