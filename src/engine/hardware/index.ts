export * from './types';
export * from './model';
export { parseCoreYaml, looksLikeCore, type CoreParseOptions } from './core-yaml';
export { exportCoreYaml, coreToYamlData } from './core-export';
export {
  parseAcceleratorYaml,
  looksLikeAccelerator,
  detectAcceleratorFormat,
  type CoreSource,
  type CoreFileText,
} from './accelerator-yaml';
export { exportAcceleratorYaml, type ExportedAccelerator, type ExportedCoreFile } from './accelerator-export';
export { buildTopology, offchipBandwidths, type Topology } from './topology';
export { validateAccelerator, validateAcceleratorTopology, validateCore } from './validate';
export { acceleratorDocumentSchema } from './document-schema';
export { acceleratorJson, bandwidthJson, coreJson, linkJson, memoryJson } from './json-view';
export { parseYaml, type ParsedYaml } from './fields';
