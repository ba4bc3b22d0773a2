import type { InputIssue, Result } from '../../engine';
import type { Accelerator, LayerSummary, SourceFile } from '../../shared/api-types';

/** What the services need from the engine's importers and validators, in the services' own terms. */
export interface EngineBridge {
  /** Imports a Stream accelerator YAML (`main`) with the core files it references (paths relative to it). */
  importAcceleratorYaml(main: string, files: readonly SourceFile[]): Result<Accelerator>;
  exportAcceleratorYaml(accelerator: Accelerator, main: string): Result<{ main: string; files: SourceFile[] }>;
  validateAccelerator(accelerator: Accelerator, source: string): readonly InputIssue[];
  summarizeWorkload(
    format: 'onnx' | 'yaml',
    bytes: Uint8Array,
    name: string,
  ): Result<{ layers: LayerSummary[]; edges: { from: number; to: number }[] }>;
  /** Parses a Stream mapping YAML; returns the number of entries. */
  checkMapping(yaml: string, name: string): Result<{ entryCount: number }>;
  /** Checks pipeline options; issues name each unknown or invalid option. */
  checkOptions(options: Readonly<Record<string, unknown>>): readonly InputIssue[];
}
