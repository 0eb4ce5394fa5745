import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/**
 * The contract between a benchmark row script and test/bench/run.ts: the script prints any
 * human-readable lines it likes, then exactly one final line `BENCH_RESULT <json>` with this shape.
 * `met` is null when the row has no goal or was not measured; `table` holds the short strings the
 * runner prints (the figure, the comparison measured in the same run, and the evidence the
 * verdict rests on), so a NOT met row always carries its figure.
 */
export interface BenchResult {
  row: string;
  figures: Record<string, unknown>;
  comparison: Record<string, unknown>;
  goal: string;
  met: boolean | null;
  notes: string;
  table: { figure: string; comparison: string; evidence: string };
  /** Set when the row could not be measured on this machine (the reason, stated in the table). */
  notMeasured?: string;
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

export function emitResult(r: BenchResult): void {
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(r)}\n`);
}

export function notMeasured(row: string, goal: string, reason: string): BenchResult {
  return { row, figures: {}, comparison: {}, goal, met: null, notes: reason, notMeasured: reason, table: { figure: '—', comparison: '—', evidence: `not measured: ${reason}` } };
}

/** Nearest-rank percentile of a sample (ms). */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function machine() {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    loadavg: loadavg().map((x) => round(x, 2)),
  };
}

/** Reads a process's resident set (current and peak, MiB) from /proc; null where /proc is absent. */
export async function rssOf(pid: number): Promise<{ rssMiB: number; peakMiB: number } | null> {
  try {
    const { readFileSync } = await import('node:fs');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rssMiB: round(kb('VmRSS') / 1024), peakMiB: round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}
