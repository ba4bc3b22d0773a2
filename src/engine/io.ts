/** File loaders of the engine (node:fs). Kept apart from ./index so the pure engine can run in a browser. */
export { loadAcceleratorFile, loadCoreFile, loadHardwareFile, saveAcceleratorFile, saveCoreFile } from './hardware/io';
export { loadMappingFile, saveMappingFile } from './mapping/io';
export { loadWorkloadFile } from './workload/io';
export { JsonFileCostLut, loadRunFile, readRunFileText } from './stream/io';
