import type { Insertable } from 'kysely';
import type { Db, InstallRow, InstallsTable } from '../../db/schema';

/** Queries on `installs`. Every function takes the handle or transaction to run in. */

export function findInstallByWorkspace(db: Db, workspaceId: string): Promise<InstallRow | undefined> {
  return db.selectFrom('installs').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export function findInstallByPortal(db: Db, portalId: string): Promise<InstallRow | undefined> {
  return db.selectFrom('installs').selectAll().where('portal_id', '=', portalId).executeTakeFirst();
}

export async function insertInstall(db: Db, row: Insertable<InstallsTable>): Promise<void> {
  await db.insertInto('installs').values(row).execute();
}

export async function deleteInstall(db: Db, workspaceId: string): Promise<number> {
  const r = await db.deleteFrom('installs').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface SealedTokens {
  refresh_token_sealed: string;
  refresh_key_id: string;
  access_token_sealed: string;
  access_key_id: string;
  access_expires_at: number;
}

/**
 * Stores refreshed tokens. `expectAccessSealed` makes it a compare-and-set on the token that was
 * refreshed: if another writer got there first, nothing changes and 0 is returned.
 */
export async function storeRefreshedTokens(db: Db, installId: string, tokens: SealedTokens, now: number, expectAccessSealed?: string): Promise<number> {
  let q = db
    .updateTable('installs')
    .set({ ...tokens, last_refresh_at: now, updated_at: now, status: 'connected', last_error_at: null, last_error_code: null, last_error_message: null, last_error_correlation_id: null })
    .where('id', '=', installId);
  if (expectAccessSealed !== undefined) q = q.where('access_token_sealed', '=', expectAccessSealed);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface InstallError {
  code: string;
  message: string;
  correlationId: string | null;
}

export async function recordInstallError(db: Db, installId: string, e: InstallError, now: number, status?: 'needs_reconnect'): Promise<void> {
  await db
    .updateTable('installs')
    .set({
      last_error_at: now,
      last_error_code: e.code,
      last_error_message: e.message.slice(0, 500),
      last_error_correlation_id: e.correlationId,
      updated_at: now,
      ...(status ? { status } : {}),
    })
    .where('id', '=', installId)
    .execute();
}

export async function recordInstallSuccess(db: Db, installId: string, now: number): Promise<void> {
  // A call that got through reached the portal's data centre: an earlier wrong-hublet answer is over.
  await db.updateTable('installs').set({ last_success_at: now, wrong_hublet: null, wrong_hublet_at: null }).where('id', '=', installId).execute();
}

/** HubSpot said this install's portal lives in another data centre (`correctHublet`). */
export async function recordWrongHublet(db: Db, installId: string, hublet: string, now: number): Promise<void> {
  await db.updateTable('installs').set({ wrong_hublet: hublet, wrong_hublet_at: now }).where('id', '=', installId).execute();
}

/** HubSpot refused (kind) or, with null, answered the record permission API for this workspace's install. */
export async function recordPermissionsApi(db: Db, workspaceId: string, refusal: string | null, now: number): Promise<void> {
  await db
    .updateTable('installs')
    .set(refusal ? { permissions_api_refusal: refusal, permissions_api_refused_at: now } : { permissions_api_refusal: null, permissions_api_refused_at: null })
    .where('workspace_id', '=', workspaceId)
    .execute();
}

export function listConnectedInstalls(db: Db): Promise<{ workspace_id: string; portal_id: string }[]> {
  return db.selectFrom('installs').select(['workspace_id', 'portal_id']).where('status', '=', 'connected').execute();
}

/** The objects (deals 0-3, tickets 0-5) with at least one admin pipeline rule for this portal: install health warns about the others. */
export async function objectsWithPipelineRules(db: Db, workspaceId: string, portalId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('pipeline_access').select('object_type').distinct().where('workspace_id', '=', workspaceId).where('portal_id', '=', portalId).execute();
  return new Set(rows.map((r) => r.object_type));
}
