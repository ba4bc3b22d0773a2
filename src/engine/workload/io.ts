import { readFile } from 'node:fs/promises';
import type { Result } from '../errors';
import { fail } from '../errors';
import type { OnnxImportOptions } from './onnx/convert';
import type { Workload } from './types';
import { parseWorkloadYaml } from './yaml/parse';

/** Reads a workload file: `.onnx` → ONNX importer, `.yaml`/`.yml` → ZigZag YAML importer. Never throws on bad input. */
export async function loadWorkloadFile(path: string, options: OnnxImportOptions = {}): Promise<Result<Workload>> {
  const ext = path.toLowerCase().split('.').pop() ?? '';
  if (ext !== 'onnx' && ext !== 'yaml' && ext !== 'yml') {
    return fail([{ file: path, field: '', expected: 'a workload file ending in .onnx, .yaml or .yml', found: ext ? `.${ext}` : 'no extension' }]);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    return fail([{ file: path, field: '', expected: 'a readable file', found: code }]);
  }
  if (ext === 'onnx') {
    // The ONNX importer (and its protobuf schema) is loaded only for ONNX files.
    const { parseOnnxWorkload } = await import('./onnx/convert');
    return parseOnnxWorkload(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path, options);
  }
  return parseWorkloadYaml(bytes.toString('utf8'), path);
}
