import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema';
import { defineCommand, EXIT, line } from '../command';
import { workspaceOrReport } from '../lookups';

/**
 * Exports a workspace's audit log (oldest first) as JSON lines or CSV, to stdout or a file.
 * Reads in pages by (created_at, id), so a large log streams with flat memory and a stable order
 * even while new rows arrive. CSV cells that a spreadsheet would run as a formula are prefixed
 * with `'`. Audit rows hold ids, codes and counts, never secrets (backend/audit/write.ts).
 */
const when = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be a date (2026-01-31) or an ISO date-time (2026-01-31T12:00:00Z)' }).transform((s) => Date.parse(s));
const PAGE = 1000;
const COLUMNS = ['created_at', 'id', 'workspace_id', 'actor_member_id', 'actor_hubspot_user_id', 'action', 'target_type', 'target_id', 'result', 'correlation_id', 'details'] as const;

type Row = Selectable<AuditLogTable>;

const record = (r: Row) => ({ ...r, created_at: new Date(r.created_at).toISOString(), details: safeJson(r.details) });
const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function put(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export const auditExportCommand = defineCommand({
  name: 'audit export',
  summary: "export a workspace's audit log as CSV or JSON lines",
  usage: ['--workspace <id>          the workspace', '[--from <date|datetime>]  from this time (inclusive, UTC unless an offset is given)', '[--to <date|datetime>]    up to this time (exclusive)', '[--format jsonl|csv]      default jsonl', '[--out <file>]            write to a new file (mode 0600) instead of stdout'],
  flags: z
    .strictObject({
      workspace: z.string().min(1).max(64),
      from: when.optional(),
      to: when.optional(),
      format: z.enum(['jsonl', 'csv'], { error: 'must be jsonl or csv' }).default('jsonl'),
      out: z.string().min(1).optional(),
    })
    .refine((f) => f.from === undefined || f.to === undefined || f.from < f.to, { message: 'must be after --from', path: ['to'] }),
  async run(ctx, f) {
    const { db } = ctx.database();
    if (!(await workspaceOrReport(ctx, db, f.workspace))) return EXIT.failed;
    let out: Writable = ctx.stdout;
    if (f.out) {
      // `wx`: never overwrite an earlier export by accident.
      const file = createWriteStream(f.out, { flags: 'wx', mode: 0o600 });
      try {
        await once(file, 'open');
      } catch (err) {
        line(ctx.stderr, `audit export: cannot create ${f.out}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
        return EXIT.failed;
      }
      out = file;
    }
    if (f.format === 'csv') await put(out, COLUMNS.join(',') + '\n');
    let count = 0;
    let after: { at: number; id: string } | null = null;
    for (;;) {
      let q = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', f.workspace);
      if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
      if (f.to !== undefined) q = q.where('created_at', '<', f.to);
      if (after) {
        const a = after;
        q = q.where((eb) => eb.or([eb('created_at', '>', a.at), eb.and([eb('created_at', '=', a.at), eb('id', '>', a.id)])]));
      }
      const rows = await q.orderBy('created_at').orderBy('id').limit(PAGE).execute();
      for (const r of rows) {
        const rec = record(r);
        await put(out, f.format === 'csv' ? COLUMNS.map((c) => csvCell(rec[c])).join(',') + '\n' : JSON.stringify(rec) + '\n');
      }
      count += rows.length;
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1]!;
      after = { at: last.created_at, id: last.id };
    }
    if (out !== ctx.stdout) {
      out.end();
      await once(out, 'finish');
    }
    line(ctx.stderr, `audit export: ${count} row(s)${f.out ? ` written to ${f.out}` : ''}`);
    return EXIT.ok;
  },
});
