/** Plain-text tables for humans; `--json` prints JSON lines instead for scripts. */
export function table(rows: Record<string, string | number | null>[], columns: string[]): string {
  if (rows.length === 0) return '(none)\n';
  const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '-' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const fmt = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [fmt(columns), ...rows.map((r) => fmt(columns.map((c) => cell(r[c]))))].join('\n') + '\n';
}

export const jsonLines = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');

export const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** "3m 12s" style age for outbox and install listings. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
