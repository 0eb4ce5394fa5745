import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { auditRows, CSV_HEADER, formatAuditRow } from '../../services/audit/export';
import { defineCommand, EXIT, line } from '../command';
import { workspaceOrReport } from '../lookups';

/**
 * Exports a workspace's audit log (oldest first) as JSON lines or CSV, to stdout or a file
 * (backend/services/audit/export.ts reads and formats it; the admin export route uses it too).
 */
const when = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be a date (2026-01-31) or an ISO date-time (2026-01-31T12:00:00Z)' }).transform((s) => Date.parse(s));
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
    if (f.format === 'csv') await put(out, CSV_HEADER);
    let count = 0;
    for await (const r of auditRows(db, f.workspace, { ...(f.from !== undefined ? { from: f.from } : {}), ...(f.to !== undefined ? { to: f.to } : {}) })) {
      await put(out, formatAuditRow(r, f.format));
      count++;
    }
    if (out !== ctx.stdout) {
      out.end();
      await once(out, 'finish');
    }
    line(ctx.stderr, `audit export: ${count} row(s)${f.out ? ` written to ${f.out}` : ''}`);
    return EXIT.ok;
  },
});
