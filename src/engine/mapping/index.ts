export * from './types';
export * from './lookup';
export { parseMappingYaml } from './mapping-yaml';
export { exportMappingYaml, mappingEntryToYamlData } from './mapping-export';
export { checkMapping, validateMapping, type MappingCheck, type MappingContext, type MappedLayerInfo } from './validate';
