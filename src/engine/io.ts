/**
 * The engine's Node-only parts: file loaders (node:fs) and worker-thread entry points. Kept apart from ./index so
 * the pure engine can run in a browser.
 */
export { fileCoreSource, loadAcceleratorFile, loadCoreFile, loadHardwareFile, saveAcceleratorFile, saveCoreFile, type HardwareFile } from './hardware/io';
export { loadMappingFile, saveMappingFile } from './mapping/io';
export { loadWorkloadFile } from './workload/io';
export { JsonFileCostLut, loadRunFile, readRunFileText } from './stream/io';
export { installCactiWasm } from './hardware/cacti-wasm.io';
export { siblingWorkerUrl, tsxExecArgv } from './worker-url';
