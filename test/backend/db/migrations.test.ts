import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { writeAudit } from '../../../backend/audit/write';
import { createDatabase } from '../../../backend/db/database';
import { MIGRATIONS, migrateToLatest } from '../../../backend/db/migrate';
import { buildApp } from '../../../backend/app';
import { parseConfig } from '../../../backend/config';
import { createLogger } from '../../../backend/logger';
import { describeEngines } from '../helpers/engines';
import { unreachableHubSpot } from '../helpers/accounts-app';

describeEngines(
  'migrations and database handle',
  (ctx) => {
    it('applies every migration once, then nothing (idempotent), from one or several callers at once', async () => {
      const { db } = ctx.db.handle;
      const first = await migrateToLatest(db);
      expect(first.applied).toEqual(Object.keys(MIGRATIONS));
      expect((await migrateToLatest(db)).applied).toEqual([]);
      // Two instances starting together: the migrator's lock keeps them from racing.
      const again = await Promise.all([migrateToLatest(db), migrateToLatest(db)]);
      expect(again.flatMap((r) => r.applied)).toEqual([]);
    });

    it('a second handle on the same database sees the schema as current', async () => {
      const other = createDatabase(ctx.db.env);
      try {
        expect((await migrateToLatest(other.db)).applied).toEqual([]);
        expect(other.dialect).toBe(ctx.engine);
      } finally {
        await other.close();
      }
    });

    it('stores epoch-ms as numbers on both engines', async () => {
      const { db } = ctx.db.handle;
      const at = Date.UTC(2031, 5, 1, 12, 0, 0, 123);
      await writeAudit(db, { workspaceId: 'w-num', action: 'test.number', targetType: 'test', result: 'ok', at });
      const row = await db.selectFrom('audit_log').selectAll().where('workspace_id', '=', 'w-num').executeTakeFirstOrThrow();
      expect(row.created_at).toBe(at);
      const n = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(typeof n.n).toBe('number');
    });

    it('writeAudit commits with its transaction and rolls back with it', async () => {
      const { db } = ctx.db.handle;
      await db.transaction().execute((trx) =>
        writeAudit(trx, {
          workspaceId: 'w-audit',
          actorMemberId: 'm1',
          actorHubspotUserId: '42',
          action: 'test.ok',
          targetType: 'thing',
          targetId: 't1',
          result: 'ok',
          details: { count: 2 },
          correlationId: 'req-1',
        }),
      );
      await expect(
        db.transaction().execute(async (trx) => {
          await writeAudit(trx, { workspaceId: 'w-audit', action: 'test.rolled_back', targetType: 'thing', result: 'failed' });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const rows = await db.selectFrom('audit_log').selectAll().where('workspace_id', '=', 'w-audit').execute();
      expect(rows.map((r) => r.action)).toEqual(['test.ok']);
      expect(rows[0]).toMatchObject({ actor_hubspot_user_id: '42', result: 'ok', correlation_id: 'req-1', target_id: 't1' });
      expect(JSON.parse(rows[0]!.details)).toEqual({ count: 2 });
    });

    it('refuses an audit result outside ok/denied/failed', async () => {
      const { db } = ctx.db.handle;
      await expect(
        writeAudit(db, { workspaceId: 'w', action: 'x', targetType: 'x', result: 'maybe' as never }),
      ).rejects.toThrow();
    });

    it('enforces foreign keys', async () => {
      const { db } = ctx.db.handle;
      const now = Date.now();
      await expect(
        db
          .insertInto('members')
          .values({ id: 'orphan', workspace_id: 'no-such-ws', email: 'o@x.test', display_name: null, role: 'member', status: 'invited', password_hash: null, email_verified_at: null, last_sign_in_at: null, created_at: now, updated_at: now })
          .execute(),
      ).rejects.toThrow();
    });

    it('reports readiness through /readyz', async () => {
      const config = parseConfig({ NODE_ENV: 'test', ...ctx.db.env });
      const app = await buildApp({ config, logger: createLogger('silent'), database: ctx.db.handle, hubspot: unreachableHubSpot(config) });
      const res = await app.inject('/readyz');
      await app.close();
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ready', checks: { database: { ok: true } } });
    });
  },
  { migrate: false },
);

describe('SQLite settings', () => {
  it('uses WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const { mkdtempSync, rmSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'portside-sqlite-'));
    const handle = createDatabase({ DATA_DIR: join(dir, 'nested') });
    try {
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(handle.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(2); // FULL
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(existsSync(join(dir, 'nested', 'portside.sqlite'))).toBe(true);
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says not ready, without details, when the database is gone', async () => {
    const handle = createDatabase({ DATA_DIR: '/tmp', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(await handle.ping()).toEqual({ ok: false, message: 'database unreachable' });
    await handle.close();
  });
});
