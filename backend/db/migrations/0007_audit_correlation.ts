import type { Kysely } from 'kysely';

/**
 * Audit rows looked up by the request that wrote them: the refusal audit (services/audit/denials.ts)
 * asks "did the service behind this route already record this denial?" by correlation id, so one
 * refused request never gets two rows. Without the index that question scans a workspace's log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_log_correlation_idx').on('audit_log').column('correlation_id').execute();
}
