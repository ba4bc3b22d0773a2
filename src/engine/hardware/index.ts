export * from './types';
export * from './model';
export { parseCoreYaml, looksLikeCore, type CoreParseOptions } from './core-yaml';
export { exportCoreYaml, coreToYamlData } from './core-export';
export {
  parseAcceleratorYaml,
  acceleratorFileReferences,
  looksLikeAccelerator,
  detectAcceleratorFormat,
  type CoreSource,
  type CoreFileText,
} from './accelerator-yaml';
export { exportAcceleratorYaml, type ExportedAccelerator, type ExportedCoreFile } from './accelerator-export';
export { buildTopology, offchipBandwidths, type Topology } from './topology';
export {
  withTopology,
  typedEntryLinkIds,
  globalLinkFigures,
  typedConversion,
  topologyConversionNotice,
  connectCores,
  setConnectionFigures,
  disconnectCores,
  addTopologyBus,
  updateTopologyBus,
  removeTopologyBuses,
  renumberCores,
  setOffchipCore,
  meshTopology,
  pairKey,
  type LinkFigures,
  type TypedConversion,
  type TypedTopology,
  type TypedConnection,
} from './topology-edit';
export { validateAccelerator, validateAcceleratorTopology, validateCore, validateDesign } from './validate';
export { acceleratorDocumentSchema, reviveBandwidths } from './document-schema';
export { acceleratorJson, bandwidthJson, coreJson, linkJson, memoryJson } from './json-view';
export { parseYaml, type ParsedYaml } from './fields';
export { lookupCacti, techUm, type CactiTable, type CactiQuery, type CactiCost, type CactiLookup } from './cacti';
export { CACTI_TABLE } from './cacti-table';
export { priceCacti, useCactiRunner, hasCactiRunner, cactiKey, rememberCactiRuns, takeCactiRuns, cactiRunCount, type StoredCactiRun, type CactiRunDelta } from './cacti-costs';
export { cactiRunner, cactiConfig, type CactiRunner, type CactiRun, type CactiModuleFactory } from './cacti-run';
export { resolveMemoryCosts, resolveCoreMemoryCosts, cactiCostOf, cactiQueryOf, DEFAULT_TECHNOLOGY_NM } from './memory-costs';
export { acceleratorArea, coreArea, areaLines, areaJson, defaultUnitArea, formatMm2, type AcceleratorArea, type CoreArea, type MemoryArea } from './area';
export { applyDesignEdit, applyDesignEdits, withAutomaticCosts, withMemoryWidth, followDimension, type DesignEdit, type EditOutcome, type EditOptions } from './design-edits';
export { costWarnings } from './cost-warnings';
export { imcMacro, imcOptionProblems, imcLayerEnergy, type ImcMacro } from './imc';
