/**
 * The browser-safe part of the engine's public API, for the renderer and src/shared: types, pure builders,
 * validators and schemas, the run-option schema and the trace exporter. Nothing here imports a Node module or
 * loads a file (the main barrel, ./index, also holds the pipeline's stages, which read files and start worker
 * threads). Types may also be imported from ./index; values for the browser come from here.
 */
export * from './errors';
export { contentHash, canonicalJson, sha256Hex } from './content-hash';
export * from './results/types';
export { toPerfettoTrace, perfettoTraceJson, type ChromeTrace } from './results/perfetto';
export * from './hardware';
export * from './mapping';
export {
  parseStreamOptions,
  parseLayerStacksText,
  layerStacksText,
  streamOptionsSchema,
  streamOptionInfo,
  COMPAT_MODES,
  isReferenceCompat,
  layerCompat,
  INPUT_OPTION_KEYS,
  PATH_OPTION_KEYS,
  FILE_OUTPUT_OPTION_KEYS,
  type StreamOptions,
  type StreamOptionsInput,
  type CompatMode,
  type OptionInfo,
  type NumericBounds,
  type OptionsSource,
} from './stream/options';
export { parseRunFile, parseRunFileWith, mergeRunOptions, formatRunFile, RUN_FILE_INPUTS, type RunFile, type RunFileInput } from './stream/run-file';
export {
  axisLabel,
  expandSweep,
  gridSize,
  pointCount,
  pointOptions,
  validateSweepAxes,
  type CostPolicy,
  type SweepAxis,
  type SweepDefinition,
  type SweepPointSpec,
  type SweepSample,
} from './sweep/definition';
export { arrayDimensionPath, linkFieldPath, memoryFieldPath, parseFieldPath, resolveFieldPath, withFirstSelector, type FieldSelector, type MemoryKey } from './sweep/field-path';
export { rangeValues, sweepRangeValues, validateSweepValues, type SweepValuesInput } from './sweep/sweep-values';
