#!/usr/bin/env node
/**
 * Compiles ZigZag 3.8.0's vendored CACTI 7 (zigzag/cacti/cacti_master) to WebAssembly with emscripten (Debian's
 * `emscripten` package, tested with em++ 3.1.6) into resources/cacti/cacti.mjs: one ES module holding the wasm
 * (base64) and emscripten's loader, with CACTI's tech_params/ embedded in its in-memory file system. The
 * repository holds no CACTI source; CACTI's licence notice sits beside the module (resources/cacti/LICENSE-CACTI.txt).
 *
 *   node scripts/cacti-wasm.mjs --src /path/to/zigzag/cacti/cacti_master [--out resources/cacti/cacti.mjs] [--keep]
 *
 * The build works on a temporary copy of the sources (deleted afterwards unless --keep) and patches two things:
 * 1. Threads. CACTI's search for an array organisation (Ucache.cc solve()) runs on NTHREADS pthreads, which a
 *    plain wasm module has not. No CACTI file is edited for this: every object file is compiled with `-include
 *    single-thread.h` (written below), which includes <pthread.h> and then turns `pthread_create(t, a, f, arg)`
 *    into the direct call `f(arg)`, `pthread_join` into nothing and `pthread_exit(NULL)` (the worker's last
 *    statement) into `return NULL`. NTHREADS stays 2, as in the native build the committed table and the test
 *    fixture come from (`make opt NTHREADS=2`): each "thread" takes the same share of the search and the shares
 *    are merged in the same order, so the module picks the same organisation as native CACTI.
 * 2. nuca.cc repeats Nuca's constructor with a default argument the header lacks; g++ accepts it, clang refuses
 *    it as an error. The default is dropped from the copy (every caller, in io.cc, passes the argument).
 *
 * Built as native CACTI is (-O2, no fast-math: wasm doubles are IEEE like SSE2's), single-threaded, MODULARIZE'd
 * (each run gets a fresh instance: CACTI keeps its inputs in globals and ends on errors with exit()), for
 * web/worker/Node without Node built-ins (the caller passes nothing but options).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const REPO = resolve(import.meta.dirname, '..');

const SOURCES = [
  'area.cc', 'bank.cc', 'mat.cc', 'main.cc', 'Ucache.cc', 'io.cc', 'technology.cc', 'basic_circuit.cc', 'parameter.cc',
  'decoder.cc', 'component.cc', 'uca.cc', 'subarray.cc', 'wire.cc', 'htree2.cc', 'extio.cc', 'extio_technology.cc',
  'cacti_interface.cc', 'router.cc', 'nuca.cc', 'crossbar.cc', 'arbiter.cc', 'powergating.cc', 'TSV.cc', 'memorybus.cc',
  'memcad.cc', 'memcad_parameters.cc',
];

const SINGLE_THREAD_H = `/* Stream Studio build patch (scripts/cacti-wasm.mjs): CACTI's pthreads run one after the other. */
#include <pthread.h>
#define pthread_create(thread, attr, fn, arg) ((void)(fn)(arg), 0)
#define pthread_join(thread, ret) 0
#define pthread_exit(ret) return ret
`;

/** Source patches applied to the temporary copy (see the module comment). */
const PATCHES = [{ file: 'nuca.cc', from: 'DeviceType *dt = &(g_tp.peri_global))', to: 'DeviceType *dt)' }];

const COMPILE = ['-O2', '-Wno-unknown-pragmas', '-Wno-everything', '-DNTHREADS=2', '-include', 'single-thread.h'];
const LINK = [
  '-O2',
  '-sMODULARIZE=1',
  '-sEXPORT_ES6=1',
  '-sEXPORT_NAME=createCacti',
  '-sENVIRONMENT=web,worker',
  '-sSINGLE_FILE=1',
  '-sWASM_ASYNC_COMPILATION=0',
  '-sINVOKE_RUN=0',
  '-sALLOW_MEMORY_GROWTH=1',
  '-sEXPORTED_RUNTIME_METHODS=["callMain","FS"]',
  '--embed-file',
  'tech_params@/tech_params',
];

function args(argv) {
  const { values } = parseArgs({
    args: argv,
    options: { src: { type: 'string' }, out: { type: 'string' }, 'em++': { type: 'string' }, keep: { type: 'boolean' } },
  });
  if (!values.src) throw new Error('--src /path/to/zigzag/cacti/cacti_master is required');
  const out = {
    src: resolve(values.src),
    out: resolve(values.out ?? join(REPO, 'resources/cacti/cacti.mjs')),
    emxx: values['em++'] ?? 'em++',
    keep: values.keep ?? false,
  };
  for (const f of [...SOURCES, 'tech_params/22nm.dat']) {
    if (!existsSync(join(out.src, f))) throw new Error(`${out.src} is not CACTI's source folder: ${f} is missing`);
  }
  return out;
}

function main() {
  const opts = args(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'cacti-wasm-'));
  try {
    for (const f of readdirSync(opts.src)) {
      if (/\.(cc|h)$/.test(f)) copyFileSync(join(opts.src, f), join(work, f));
    }
    cpSync(join(opts.src, 'tech_params'), join(work, 'tech_params'), { recursive: true });
    // Only the current tech files: the *-old.dat variants are never read.
    for (const f of readdirSync(join(work, 'tech_params'))) if (f.includes('-old')) rmSync(join(work, 'tech_params', f));
    writeFileSync(join(work, 'single-thread.h'), SINGLE_THREAD_H);
    for (const { file, from, to } of PATCHES) {
      const text = readFileSync(join(work, file), 'utf8');
      if (!text.includes(from)) throw new Error(`${file}: the text the build patches is not there (${JSON.stringify(from)}): other CACTI sources?`);
      writeFileSync(join(work, file), text.replace(from, to));
    }
    const objects = [];
    for (const src of SOURCES) {
      const obj = src.replace(/\.cc$/, '.o');
      process.stderr.write(`em++ ${src}\n`);
      execFileSync(opts.emxx, [...COMPILE, '-c', src, '-o', obj], { cwd: work, stdio: ['ignore', 'inherit', 'inherit'] });
      objects.push(obj);
    }
    process.stderr.write('linking\n');
    // emscripten's JS optimiser needs acorn, which Debian's emscripten package lacks: take the project's (eslint's).
    const nodePath = [join(REPO, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(':');
    execFileSync(opts.emxx, [...objects, ...LINK, '-o', 'cacti.mjs'], { cwd: work, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_PATH: nodePath } });
    mkdirSync(dirname(opts.out), { recursive: true });
    copyFileSync(join(work, 'cacti.mjs'), opts.out);
    process.stderr.write(`wrote ${opts.out} (${(statSync(opts.out).size / 1024).toFixed(0)} KB)\n`);
  } finally {
    if (opts.keep) process.stderr.write(`kept the build folder ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main();
