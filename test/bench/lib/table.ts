import type { BenchResult } from './result';

export interface Run {
  mode: string;
  date: string;
  commit: string;
  machine: { cores: number; cpu: string; memGiB: number; node: string; loadavgBefore: number[]; loadavgAfter: number[] };
  seconds: number;
  rows: BenchResult[];
}

/** "met", "NOT met — <figure>", or "not measured: <reason>": a verdict never appears without its evidence. */
export function verdict(r: BenchResult): string {
  if (r.notMeasured) return `not measured: ${r.notMeasured}`;
  if (r.met === null) return `no goal — ${r.table.evidence}`;
  return r.met ? `met — ${r.table.evidence}` : `NOT met — ${r.table.evidence}`;
}

const machineLine = (run: Run) =>
  `${run.machine.cores} cores (${run.machine.cpu}), ${run.machine.memGiB} GiB, Node ${run.machine.node}; load average before ${run.machine.loadavgBefore.join(' / ')}, after ${run.machine.loadavgAfter.join(' / ')} (1/5/15 min)`;

/** The console table: one block per row, since the cells are too wide for fixed columns. */
export function renderTable(run: Run): string {
  const out = [`Portside benchmarks — ${run.mode}, ${run.date}, commit ${run.commit}, ${run.seconds} s`, machineLine(run), ''];
  for (const r of run.rows) {
    out.push(`■ ${r.row}`);
    out.push(`    figure      ${r.table.figure}`);
    out.push(`    comparison  ${r.table.comparison}`);
    out.push(`    goal        ${r.goal}`);
    out.push(`    verdict     ${verdict(r)}`);
  }
  return out.join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(run: Run): string {
  const lines = [
    `# Portside benchmarks (${run.mode})`,
    '',
    `${run.date} · commit \`${run.commit}\` · ${run.seconds} s · ${machineLine(run)}`,
    '',
    '| row | figure | comparison (same run) | goal | verdict |',
    '|---|---|---|---|---|',
    ...run.rows.map((r) => `| ${cell(r.row)} | ${cell(r.table.figure)} | ${cell(r.table.comparison)} | ${cell(r.goal)} | ${cell(verdict(r))} |`),
    '',
    '## Notes (method, caveats)',
    '',
    ...run.rows.map((r) => `- **${r.row}**: ${cell(r.notes)}`),
    '',
  ];
  return lines.join('\n');
}
