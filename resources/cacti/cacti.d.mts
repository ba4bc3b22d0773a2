/**
 * emscripten's MODULARIZE factory of CACTI 7 in WebAssembly (built by scripts/cacti-wasm.mjs): fills `options`
 * with the instance's runtime (synchronously: WASM_ASYNC_COMPILATION=0) and returns it or a promise of it.
 */
declare const createCacti: (options: Record<string, unknown>) => unknown;
export default createCacti;
