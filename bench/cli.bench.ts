/**
 * The tool as a user runs it: whole `stream-studio` processes (the installed bin, `bin/stream-studio.js` run as a
 * command through its `#!` line, as npm's link to it runs) and `npm start` up to its printed URL. Each figure is the median of 5 runs; CPU time is that of the process and
 * its threads (user + system, from bash's `times`), wall time from the command to its exit (or to the URL).
 * Printed with ratios to the figures of issue 12 (before: the bin ran the TypeScript sources through tsx) and to
 * the reference Python tools.
 *
 *   npx tsx bench/cli.bench.ts [--runs N] [--only inspect,cost,run,start]
 *
 * Wall times depend on what else the machine runs: the load average is printed with them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtCliIsCurrent } from '../bin/load-cli.js';
import { stealMeter } from './host-steal';

const ROOT = resolve(import.meta.dirname, '..');
const REF = resolve(ROOT, '../shared/reference/inputs');
const STREAM = `${REF}/stream/examples`;
const ZIGZAG = `${REF}/zigzag`;
const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(argValue('--runs') ?? 5);
const ONLY = argValue('--only')?.split(',');

interface Sample {
  readonly wallS: number;
  readonly cpuS: number;
  readonly stdout: string;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const seconds = (t: string): number => {
  const m = /^(\d+)m([\d.]+)s$/.exec(t.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

/** Runs `command` once under bash, which reports the children's CPU time (`times`) and the wall time. */
function measure(command: readonly string[], env: NodeJS.ProcessEnv = process.env): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'cli-bench-'));
  const out = join(dir, 'stdout');
  const script = 'o=$1; shift; t0=$EPOCHREALTIME; "$@" > "$o" 2>/dev/null; s=$?; t1=$EPOCHREALTIME; times; echo "$t0 $t1 $s"';
  const r = spawnSync('bash', ['-c', script, '_', out, ...command], { cwd: ROOT, env, encoding: 'utf8' });
  const lines = r.stdout.trim().split('\n');
  const [t0, t1, status] = lines[2]!.split(' ');
  const [user, sys] = lines[1]!.trim().split(/\s+/);
  const stdout = readFileSync(out, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  if (status !== '0') throw new Error(`${command.join(' ')} exited with ${status}:\n${stdout}`);
  return { wallS: Number(t1) - Number(t0), cpuS: seconds(user!) + seconds(sys!), stdout };
}

/** `npm start` (or `command`) until it prints the web host's URL (then stopped): seconds from the command to the URL. */
function timeToUrl(env: NodeJS.ProcessEnv, command: readonly string[] = ['npm', 'start']): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      fail(new Error(`npm start printed no URL within 120 s:\n${text}`));
    }, 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (/Stream Studio at http/.test(text)) {
        const s = (performance.now() - t0) / 1000;
        clearTimeout(timer);
        child.once('exit', () => done(s));
        process.kill(-child.pid!, 'SIGTERM');
      }
    });
  });
}

const bin = ['bin/stream-studio.js'];
const fmt = (x: number, digits = 2) => x.toFixed(digits);

/** Host steal since the previous report (each report follows its command's runs). */
let stealSinceLastReport = stealMeter();

function report(label: string, samples: readonly Sample[], goal: { metric: 'wall' | 'cpu'; max: number; before: number; reference?: number }): void {
  const steal = stealSinceLastReport();
  stealSinceLastReport = stealMeter();
  const wall = median(samples.map((s) => s.wallS));
  const cpu = median(samples.map((s) => s.cpuS));
  const value = goal.metric === 'wall' ? wall : cpu;
  const unit = goal.metric === 'wall' ? 's wall' : 'CPU-s';
  console.log(`${label}`);
  console.log(`  median of ${samples.length}: wall ${fmt(wall)} s, CPU ${fmt(cpu)} s   (runs: ${samples.map((s) => fmt(goal.metric === 'wall' ? s.wallS : s.cpuS)).join(', ')} ${unit})${steal ? `; ${steal}` : ''}`);
  const parts = [
    `goal ≤ ${goal.max} ${unit}: ${value <= goal.max ? 'met' : 'NOT met'} (${fmt(value / goal.max)}× the goal)`,
    `${fmt(goal.before / value, 1)}× faster than before (${goal.before} ${unit})`,
  ];
  if (goal.reference) parts.push(`${fmt(goal.reference / value, 0)}× faster than the reference (${goal.reference} CPU-s)`);
  console.log(`  ${parts.join('; ')}`);
}

async function main(): Promise<void> {
  if (!builtCliIsCurrent()) {
    console.log('out/node is missing or older than the sources: building it (npm run build:node) so that the installed bin is measured');
    const { status } = spawnSync('npm', ['run', 'build:node', '--silent', '--', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (status !== 0) throw new Error('build failed');
  }
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (wall times grow with it)`);
  // What every command pays before any of ours runs. With NODE_EXTRA_CA_CERTS set, Node reads that bundle and builds
  // its root certificate store at start-up (OpenSSL 3: ~50 ms CPU on a 2-core machine with Debian's bundle); the bin
  // cannot unset it for itself (see docs/architecture.md, "Build and run").
  const empty = median(Array.from({ length: RUNS }, () => measure([process.execPath, '-e', '0']).cpuS));
  const extraCa = process.env.NODE_EXTRA_CA_CERTS ? `; NODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}), which Node loads in every process` : '';
  console.log(`an empty Node process: ${fmt(empty)} CPU-s (median of ${RUNS})${extraCa}`);
  stealSinceLastReport = stealMeter();
  const want = (name: string) => !ONLY || ONLY.includes(name);

  if (want('inspect')) {
    const cmd = [...bin, 'inspect', '--accelerator', `${STREAM}/hardware/tpu_like_quad_core.yaml`];
    measure(cmd);
    const samples = Array.from({ length: RUNS }, () => measure(cmd));
    report('stream-studio inspect --accelerator tpu_like_quad_core.yaml', samples, { metric: 'wall', max: 0.3, before: 2.98 });
  }

  if (want('cost')) {
    const cmd = [...bin, 'cost', '--accelerator', `${ZIGZAG}/hardware/tpu_like.yaml`, '--workload', `${ZIGZAG}/workload/resnet18.onnx`, '--mapping', `${ZIGZAG}/mapping/tpu_like.yaml`, '--lpf-limit', '6'];
    const samples = Array.from({ length: RUNS }, () => measure(cmd));
    report('stream-studio cost: ResNet-18 (ONNX) on tpu_like, lpf 6', samples, { metric: 'cpu', max: 0.43, before: 4.3, reference: 42.9 });
  }

  if (want('run')) {
    const cmd = [
      ...bin, 'run', '--accelerator', `${STREAM}/hardware/tpu_like_quad_core.yaml`, '--workload', `${STREAM}/workload/resnet18.onnx`,
      '--mapping', `${STREAM}/mapping/tpu_like_quad_core.yaml`, '--layer-stacks', '0-10,11-21', '--ga-generations', '16', '--ga-individuals', '16', '--seed', '0', '--json',
    ];
    const samples = Array.from({ length: RUNS }, () => measure(cmd));
    const latencies = new Set(samples.map((s) => (JSON.parse(s.stdout) as { latency_cycles: number }).latency_cycles));
    report('stream-studio run: fused ResNet-18 (stacks 0-10, 11-21) on tpu_like_quad_core, GA 16 × 16, seed 0', samples, { metric: 'cpu', max: 3, before: 7.3, reference: 521 });
    const expected = 3_700_744;
    console.log(`  latency ${[...latencies].map((l) => l.toLocaleString('en-US')).join(', ')} cycles (${latencies.size === 1 && latencies.has(expected) ? 'same as before: 3,700,744' : `EXPECTED ${expected.toLocaleString('en-US')}`})`);
  }

  if (want('start')) {
    const home = mkdtempSync(join(tmpdir(), 'cli-bench-home-'));
    const env = { ...process.env, XDG_DATA_HOME: home };
    try {
      await timeToUrl(env); // first start: builds the renderer if stale, creates the workspace, tries Electron once
      const times: number[] = [];
      const steal = stealMeter();
      for (let i = 0; i < RUNS; i++) times.push(await timeToUrl(env));
      const stolen = steal();
      const s = median(times);
      console.log('npm start: command to printed URL (second and later starts; web host, Electron unavailable)');
      console.log(`  median of ${RUNS}: ${fmt(s)} s wall   (runs: ${times.map((t) => fmt(t)).join(', ')} s)${stolen ? `; ${stolen}` : ''}`);
      console.log(`  goal ≤ 2 s: ${s <= 2 ? 'met' : 'NOT met'} (${fmt(s / 2)}× the goal); ${fmt(5.2 / s, 1)}× faster than before (5.2 s)`);
      const direct: number[] = [];
      for (let i = 0; i < RUNS; i++) direct.push(await timeToUrl(env, ['node', 'scripts/start.mjs']));
      console.log(`  the same without npm's own start-up (node scripts/start.mjs): median ${fmt(median(direct))} s   (runs: ${direct.map((t) => fmt(t)).join(', ')} s)`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  console.log(`load average at end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

await main();
