import type { Db, WorkspaceRow } from '../../db/schema';

export async function insertWorkspace(db: Db, row: WorkspaceRow): Promise<void> {
  await db.insertInto('workspaces').values(row).execute();
}

export async function findWorkspace(db: Db, id: string): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countWorkspaces(db: Db): Promise<number> {
  const row = await db.selectFrom('workspaces').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Takes the workspace's write lock for the rest of the transaction: a row lock in PostgreSQL,
 * the database write lock in SQLite. Rules that count rows ("one admin must remain") call this
 * first so two concurrent requests cannot both pass the check.
 */
export async function lockWorkspace(db: Db, id: string, now: number): Promise<boolean> {
  const res = await db.updateTable('workspaces').set({ updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
