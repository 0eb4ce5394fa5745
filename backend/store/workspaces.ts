import { asDb, type AnyDb } from '../audit/write';
import type { WorkspaceRow } from '../db/schema';

export async function insertWorkspace(anyDb: AnyDb, row: WorkspaceRow): Promise<void> {
  const db = asDb(anyDb);
  await db.insertInto('workspaces').values(row).execute();
}

export async function findWorkspace(anyDb: AnyDb, id: string): Promise<WorkspaceRow | undefined> {
  const db = asDb(anyDb);
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countWorkspaces(anyDb: AnyDb): Promise<number> {
  const db = asDb(anyDb);
  const row = await db.selectFrom('workspaces').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Takes the workspace's write lock for the rest of the transaction: a row lock in PostgreSQL,
 * the database write lock in SQLite. Rules that count rows ("one admin must remain") call this
 * first so two concurrent requests cannot both pass the check.
 */
export async function lockWorkspace(anyDb: AnyDb, id: string, now: number): Promise<boolean> {
  const db = asDb(anyDb);
  const res = await db.updateTable('workspaces').set({ updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
