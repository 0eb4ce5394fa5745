import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/engines';

/**
 * A PostgreSQL connection that dies while a transaction holds it (server restart, failover,
 * pg_terminate_backend) makes pg emit 'error' on that client. Unheard, that event is an uncaught
 * exception that would take the whole backend down; the transaction must fail instead, and the
 * next query must work on a new connection.
 */
const describePg = pgAvailable() ? describe : describe.skip;

describePg('PostgreSQL connection lost mid-transaction', () => {
  let t: TestDatabase;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => void uncaught.push(err);
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await t?.destroy();
  });

  it('fails the transaction, raises nothing uncaught, and the next query reconnects', async () => {
    const db = t.handle.db;
    const outcome = await db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // Another connection ends this one while the transaction holds it between queries.
        await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(db);
        await new Promise((r) => setTimeout(r, 300));
        await sql`select 1`.execute(trx);
        return 'committed';
      })
      .catch(() => 'failed');
    expect(outcome).toBe('failed');
    expect(uncaught).toEqual([]);
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    expect(rows[0]!.one).toBe(1);
  });
});
