import { z } from 'zod';
import { defineCommand, EXIT, line, switchFlag } from '../command';
import { iso, jsonLines, table } from '../output';

/**
 * Writes that failed for good ("dead letters"), newest first, with HubSpot's translated error.
 * Only ids, codes and messages are shown: request bodies (note text, property values) are the
 * customer's data and stay in the database.
 */
interface StoredError {
  code?: string;
  message?: string;
  adminAction?: string | null;
  correlationId?: string | null;
}

const parseError = (s: string | null): StoredError => {
  if (!s) return {};
  try {
    return JSON.parse(s) as StoredError;
  } catch {
    return {};
  }
};

export const outboxDeadCommand = defineCommand({
  name: 'outbox dead',
  summary: 'list writes that failed for good (dead letters)',
  usage: ['[--workspace <id>]   only this workspace', '[--limit <n>]        default 50', '[--json]             one JSON object per line'],
  flags: z.strictObject({
    workspace: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(50),
    json: switchFlag(),
  }),
  async run(ctx, f) {
    const db = ctx.database().db;
    let q = db
      .selectFrom('write_outbox')
      .select(['id', 'workspace_id', 'portal_id', 'contact_id', 'member_id', 'kind', 'attempts', 'last_error', 'created_at', 'updated_at'])
      .where('status', '=', 'failed');
    if (f.workspace) q = q.where('workspace_id', '=', f.workspace);
    const rows = await q.orderBy('updated_at', 'desc').orderBy('id').limit(f.limit).execute();
    const out = rows.map((r) => {
      const e = parseError(r.last_error);
      return {
        id: r.id,
        workspace: r.workspace_id,
        portal: r.portal_id,
        contact: r.contact_id,
        member: r.member_id,
        kind: r.kind,
        attempts: r.attempts,
        acceptedAt: iso(r.created_at),
        failedAt: iso(r.updated_at),
        code: e.code ?? null,
        message: e.message ?? null,
        adminAction: e.adminAction ?? null,
        correlationId: e.correlationId ?? null,
      };
    });
    if (f.json) {
      ctx.stdout.write(jsonLines(out));
      return EXIT.ok;
    }
    ctx.stdout.write(table(out, ['id', 'portal', 'contact', 'kind', 'attempts', 'failedAt', 'code', 'message']));
    line(ctx.stdout, `${out.length} dead letter(s)${out.length === f.limit ? ` (first ${f.limit}; use --limit)` : ''}. Retry: outbox retry --id <id>; drop: outbox drop --id <id> --yes`);
    return EXIT.ok;
  },
});
