/**
 * `npm run bench` — runs every benchmark row and prints one table.
 *
 *   npm run bench                 # full run (~8 min on 2 cores), writes test/bench/results/latest.{json,md}
 *   npm run bench -- --quick      # smoke version (< 90 s), writes test/bench/results/quick.{json,md}
 *   npm run bench -- --only=access-check,sign-in
 *
 * Each row is a script run as its own child process (so no two rows share an event loop), one
 * after another (so no two rows share the CPUs). A row prints whatever it likes and then one
 * final line `BENCH_RESULT <json>` (test/bench/lib/result.ts). A row that crashes, hangs past its
 * time limit or prints no result still gets a table line, "not measured", with the reason.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULT_PREFIX, machine, notMeasured, type BenchResult } from './lib/result';
import { renderMarkdown, renderTable } from './lib/table';
import { snapshotBuilds } from './lib/chromium';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Row {
  name: string;
  script: string;
  goal: string;
  full: string[];
  quick: string[];
  /** Hard time limit for the row's process (ms). */
  limitMs: { full: number; quick: number };
}

// Sizes: the full run follows issue 9; --quick shrinks every row to a smoke test of its wiring.
const ROWS: Row[] = [
  { name: 'panel-latency', script: 'panel-latency.ts', goal: 'p50/p95 ≤ 1.2 × floor + 30 ms', full: ['--navigations=50'], quick: ['--navigations=5', '--latencies=150'], limitMs: { full: 150_000, quick: 45_000 } },
  { name: 'panel-latency-deal', script: 'panel-latency.ts', goal: 'p50/p95 ≤ 1.2 × floor + 30 ms', full: ['--navigations=50', '--object=0-3'], quick: ['--navigations=5', '--latencies=150', '--object=0-3'], limitMs: { full: 180_000, quick: 60_000 } },
  { name: 'access-check', script: 'access-check.ts', goal: '≥ 5,000 checks/s, p99 ≤ 25 ms cached (1 process, production wiring); uncached +≤ 2 ms p50 over sandbox; RSS ≤ 150 MB', full: ['--duration=10', '--connections=100'], quick: ['--duration=1', '--connections=100', '--warmup=0'], limitMs: { full: 240_000, quick: 120_000 } },
  { name: 'write-burst', script: 'write-burst.ts', goal: 'production wiring: all delivered, 0 refused, ≤ 70 HubSpot requests, 0 × 429, 0 duplicates, ≤ 6 s (≥ 15× the computed one-request-per-write floor)', full: ['--reps=50', '--writes=20'], quick: ['--reps=5', '--writes=4', '--settle-ms=0'], limitMs: { full: 270_000, quick: 60_000 } },
  { name: 'write-burst-5000', script: 'write-burst.ts', goal: 'production wiring, 5,000 writes from 200 reps: all delivered, 0 refused, 0 × 429, 0 duplicates, ≤ 350 HubSpot requests', full: ['--reps=200', '--writes=25', '--row=write-burst-5000'], quick: ['--reps=10', '--writes=5', '--settle-ms=0', '--row=write-burst-5000'], limitMs: { full: 420_000, quick: 60_000 } },
  { name: 'extension-cost', script: 'extension-cost.ts', goal: '≤ 90 KB gzip content script; ≤ 1 ms on non-record pages', full: ['--loads=7'], quick: ['--loads=1'], limitMs: { full: 120_000, quick: 40_000 } },
  { name: 'sign-in', script: 'sign-in.ts', goal: '/me p99 during a wrong-password storm ≤ 2 × idle', full: ['--duration=8'], quick: ['--duration=1', '--ln=14', '--settle-ms=500'], limitMs: { full: 150_000, quick: 40_000 } },
  { name: 'sandbox-gets', script: 'sandbox-gets.ts', goal: '≥ 5,000 simple GETs/s from the sandbox (issue 3), all 2xx', full: ['--seed=large', '--duration=10', '--connections=50'], quick: ['--seed=default', '--duration=1', '--connections=50'], limitMs: { full: 150_000, quick: 40_000 } },
  { name: 'scale', script: 'scale.ts', goal: 'production wiring, two PostgreSQL instances: 0 × 429, 0 duplicates, all delivered, 0 refused', full: ['--reps=50', '--writes=20'], quick: ['--reps=5', '--writes=4', '--settle-ms=0'], limitMs: { full: 300_000, quick: 90_000 } },
];

function runRow(row: Row): Promise<BenchResult> {
  const args = quick ? row.quick : row.full;
  const limit = quick ? row.limitMs.quick : row.limitMs.full;
  console.log(`\n━━ ${row.name}: tsx test/bench/${row.script} ${args.join(' ')}`);
  const started = Date.now();
  return new Promise((resolve) => {
    // detached: the row gets its own process group, so a time-out ends its children too.
    const child = spawn(process.execPath, ['--import', 'tsx', join('test/bench', row.script), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true, env: { ...process.env } });
    let result: BenchResult | null = null;
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult;
        else console.log(`  │ ${line}`);
      }
    });
    const timer = setTimeout(() => {
      console.log(`  │ time limit ${limit / 1000} s reached; stopping the row`);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, limit);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (buffered.startsWith(RESULT_PREFIX)) result = JSON.parse(buffered.slice(RESULT_PREFIX.length)) as BenchResult;
      const secs = Math.round((Date.now() - started) / 1000);
      console.log(`  └ ${row.name} finished in ${secs} s (exit ${signal ?? code})`);
      resolve(result ? { ...result, row: row.name, seconds: secs } as BenchResult : { ...notMeasured(row.name, row.goal, signal ? `stopped after ${secs} s (${signal})` : `the script exited with ${code} without a result`), seconds: secs } as BenchResult);
    });
  });
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {
    return 'unknown';
  }
})();
// One copy of the extension builds for the whole run (others may rebuild .output meanwhile).
const builds = await snapshotBuilds();
if (builds) process.env.BENCH_BUILD_DIR = builds.dir;
else console.log('no complete build in .output (npm run build): the browser rows will say not measured');
const before = machine();
const t0 = Date.now();
const results: BenchResult[] = [];
for (const row of ROWS.filter((r) => !only || only.includes(r.name))) results.push(await runRow(row));
builds?.dispose();
const after = machine();
const run = {
  mode: quick ? 'quick (smoke: short durations, figures not comparable with the goals)' : 'full',
  date: new Date().toISOString(),
  commit,
  machine: { cores: before.cores, cpu: before.cpu, memGiB: before.memGiB, node: before.node, loadavgBefore: before.loadavg, loadavgAfter: after.loadavg },
  seconds: Math.round((Date.now() - t0) / 1000),
  rows: results,
};
console.log(`\n${renderTable(run)}`);
const dir = join(root, 'test/bench/results');
mkdirSync(dir, { recursive: true });
const base = quick ? 'quick' : only ? 'partial' : 'latest';
writeFileSync(join(dir, `${base}.json`), `${JSON.stringify(run, null, 2)}\n`);
writeFileSync(join(dir, `${base}.md`), renderMarkdown(run));
console.log(`\nwrote test/bench/results/${base}.json and test/bench/results/${base}.md (${run.seconds} s)`);
