/** File loaders of the engine (node:fs). Kept apart from ./index so the pure engine can run in a browser. */
export { fileCoreSource, loadAcceleratorFile, loadCoreFile, loadHardwareFile, saveAcceleratorFile, saveCoreFile, type HardwareFile } from './hardware/io';
export { loadMappingFile, saveMappingFile } from './mapping/io';
export { loadWorkloadFile } from './workload/io';
export { JsonFileCostLut, loadRunFile, readRunFileText } from './stream/io';
export { installCactiWasm } from './hardware/cacti-wasm.io';
