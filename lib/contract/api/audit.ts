import { z } from 'zod';

/**
 * Admin audit export: `GET /api/v1/audit/export?format=jsonl|csv&from=&to=` answers the
 * workspace's audit log, oldest first, as `application/x-ndjson` or `text/csv` with a download
 * file name. `from` (inclusive) and `to` (exclusive) are ISO dates or date-times.
 */
const When = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
export const AuditExportQuery = z
  .strictObject({ format: z.enum(['jsonl', 'csv']).default('jsonl'), from: When.optional(), to: When.optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'must be after from', path: ['to'] });
export type AuditExportQuery = z.input<typeof AuditExportQuery>;
