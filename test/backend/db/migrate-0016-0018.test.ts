import { Migrator, sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { MIGRATIONS } from '../../../backend/db/migrate';
import type { Db } from '../../../backend/db/schema';
import { describeEngines, type EngineContext } from '../helpers/engines';

/**
 * Migrations 0016–0018 (issue 20): rows written before 0016 become contacts' and survive the
 * allowlist's primary key change; the new tables' CHECKs hold exactly the documented values; each
 * migration goes down and up again on SQLite and PostgreSQL.
 */

type AnyDb = Kysely<any>;
const migrator = (db: AnyDb) => new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
async function migrateTo(db: AnyDb, name: string): Promise<void> {
  const { error } = await migrator(db).migrateTo(name);
  if (error) throw error;
}

const outbox = (id: string, contactId: string, extra: Record<string, unknown> = {}) => ({
  id, workspace_id: 'w', portal_id: '1', contact_id: contactId, member_id: 'm', hubspot_user_id: null, owner_id: null, kind: 'note', idempotency_key: id,
  request_hash: 'h', request: '{}', payload: '{}', marker: null, status: 'pending', attempts: 0, next_attempt_at: 1, lease_owner: null, lease_expires_at: null,
  maybe_sent: 0, wait_reason: null, last_error: null, hubspot_object_id: null, correlation_id: null, created_at: 1, updated_at: 1, delivered_at: null,
  access_checked_at: 1, checked_values: null, ...extra,
});
const allowed = (name: string, extra: Record<string, unknown> = {}) => ({ workspace_id: 'w', name, position: 0, definition: '{}', updated_by: null, updated_at: 1, ...extra });

/** The record-history index's columns, in order. */
async function recordIndexColumns(db: AnyDb, engine: EngineContext['engine']): Promise<string[]> {
  if (engine === 'sqlite') return (await sql<{ name: string }>`select name from pragma_index_info('write_outbox_record_idx') order by seqno`.execute(db)).rows.map((r) => r.name);
  const def = (await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'write_outbox_record_idx'`.execute(db)).rows[0]!.indexdef;
  return /\((.*)\)/.exec(def)![1]!.split(',').map((c) => c.trim());
}

describeEngines(
  'migrations 0016–0018 (companies, deals, tickets)',
  (ctx) => {
    const db = (): AnyDb => ctx.db.handle.db;

    it('0016: outbox and allowlist rows from before become contacts, the allowlist key gains the object, and down keeps only contacts', async () => {
      await migrateTo(db(), '0015_write_kind_call');
      await db().insertInto('write_outbox').values([outbox('a', '5'), outbox('b', '6')]).execute();
      await db().insertInto('editable_properties').values([allowed('phone'), allowed('name')]).execute();

      await migrateTo(db(), '0016_object_records');
      expect(await db().selectFrom('write_outbox').select(['id', 'object_type']).orderBy('id').execute()).toEqual([{ id: 'a', object_type: '0-1' }, { id: 'b', object_type: '0-1' }]);
      expect(await db().selectFrom('editable_properties').select(['name', 'object_type']).orderBy('name').execute()).toEqual([{ name: 'name', object_type: '0-1' }, { name: 'phone', object_type: '0-1' }]);
      expect(await recordIndexColumns(db(), ctx.engine)).toEqual(['portal_id', 'object_type', 'contact_id', 'created_at']);

      // Deal 5 is not contact 5; the same property name is allowed per object; an unknown object is refused.
      await db().insertInto('write_outbox').values(outbox('c', '5', { object_type: '0-3' })).execute();
      await db().insertInto('editable_properties').values(allowed('name', { object_type: '0-2' })).execute();
      await expect(db().insertInto('editable_properties').values(allowed('name', { object_type: '0-2' })).execute()).rejects.toThrow();
      await expect(db().insertInto('write_outbox').values(outbox('d', '5', { object_type: '0-4' })).execute()).rejects.toThrow();
      await expect(db().insertInto('editable_properties').values(allowed('x', { object_type: '0-7' })).execute()).rejects.toThrow();

      await migrateTo(db(), '0015_write_kind_call');
      expect((await db().selectFrom('write_outbox').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['a', 'b']);
      expect((await db().selectFrom('editable_properties').select('name').orderBy('name').execute()).map((r) => r.name)).toEqual(['name', 'phone']);
      expect(await recordIndexColumns(db(), ctx.engine)).toEqual(['portal_id', 'contact_id', 'created_at']);
      // The old key is back: one row per (workspace, name).
      await expect(db().insertInto('editable_properties').values(allowed('phone')).execute()).rejects.toThrow();

      await migrateTo(db(), '0016_object_records');
      expect(await db().selectFrom('editable_properties').select(['name', 'object_type']).orderBy('name').execute()).toEqual([{ name: 'name', object_type: '0-1' }, { name: 'phone', object_type: '0-1' }]);
    });

    it('0017: object levels are either "none" or both levels, for companies, deals and tickets only', async () => {
      await migrateTo(db(), '0017_object_levels');
      const lv = (memberId: string, objectType: string, extra: Record<string, unknown>) => ({ member_id: memberId, workspace_id: 'w', object_type: objectType, set_by: 'admin', updated_at: 1, ...extra });
      // One row at a time: SQLite has no DEFAULT inside a multi-row VALUES, and the defaults are under test.
      for (const r of [lv('m1', '0-3', { access: 'levels', view_level: 'owned', edit_level: 'none' }), lv('m1', '0-5', { access: 'none' }), lv('m1', '0-2', { access: 'levels', view_level: 'everything', edit_level: 'team', view_unassigned: 1 })]) {
        await db().insertInto('hubspot_object_levels').values(r).execute();
      }
      const rows = await (db() as Db).selectFrom('hubspot_object_levels').selectAll().where('member_id', '=', 'm1').orderBy('object_type').execute();
      expect(rows.map((r) => [r.object_type, r.access, r.view_level, r.edit_level, Number(r.view_unassigned), Number(r.edit_unassigned)])).toEqual([
        ['0-2', 'levels', 'everything', 'team', 1, 0],
        ['0-3', 'levels', 'owned', 'none', 0, 0],
        ['0-5', 'none', null, null, 0, 0],
      ]);
      for (const bad of [
        lv('m1', '0-3', { access: 'none' }), // same member and object twice
        lv('m2', '0-1', { access: 'none' }), // contacts' levels live on the link
        lv('m2', '0-3', { access: 'none', view_level: 'owned', edit_level: 'none' }),
        lv('m2', '0-3', { access: 'levels', view_level: 'owned' }),
        lv('m2', '0-3', { access: 'levels', view_level: 'all', edit_level: 'none' }),
        lv('m2', '0-3', { access: 'levels', view_level: 'owned', edit_level: 'some' }),
        lv('m2', '0-3', { access: 'maybe' }),
      ]) {
        await expect(db().insertInto('hubspot_object_levels').values(bad).execute()).rejects.toThrow();
      }
      await migrateTo(db(), '0016_object_records');
      expect((await db().introspection.getTables()).map((t) => t.name)).not.toContain('hubspot_object_levels');
      await migrateTo(db(), '0017_object_levels');
      expect(await db().selectFrom('hubspot_object_levels').selectAll().execute()).toEqual([]);
    });

    it('0018: pipeline rules per portal and pipeline of deals and tickets; "*" can only mean everyone', async () => {
      await migrateTo(db(), '0018_pipeline_access');
      const rule = (portalId: string, objectType: string, pipelineId: string, access: string, extra: Record<string, unknown> = {}) => ({
        workspace_id: 'w', portal_id: portalId, object_type: objectType, pipeline_id: pipelineId, access, updated_by: 'admin', updated_at: 1, ...extra,
      });
      for (const r of [rule('1', '0-3', '*', 'everyone'), rule('1', '0-3', 'default', 'restricted', { team_ids: '["7"]' }), rule('2', '0-3', 'default', 'everyone'), rule('1', '0-5', 'default', 'everyone')]) {
        await db().insertInto('pipeline_access').values(r).execute();
      }
      const rows = await (db() as Db).selectFrom('pipeline_access').select(['portal_id', 'object_type', 'pipeline_id', 'access', 'team_ids', 'user_ids']).orderBy('portal_id').orderBy('object_type').orderBy('pipeline_id').execute();
      expect(rows).toEqual([
        { portal_id: '1', object_type: '0-3', pipeline_id: '*', access: 'everyone', team_ids: '[]', user_ids: '[]' },
        { portal_id: '1', object_type: '0-3', pipeline_id: 'default', access: 'restricted', team_ids: '["7"]', user_ids: '[]' },
        { portal_id: '1', object_type: '0-5', pipeline_id: 'default', access: 'everyone', team_ids: '[]', user_ids: '[]' },
        { portal_id: '2', object_type: '0-3', pipeline_id: 'default', access: 'everyone', team_ids: '[]', user_ids: '[]' },
      ]);
      for (const bad of [rule('1', '0-3', 'default', 'everyone'), rule('1', '0-5', '*', 'restricted'), rule('1', '0-2', 'x', 'everyone'), rule('1', '0-1', 'x', 'everyone'), rule('1', '0-3', 'x', 'some')]) {
        await expect(db().insertInto('pipeline_access').values(bad).execute()).rejects.toThrow();
      }
      await migrateTo(db(), '0017_object_levels');
      expect((await db().introspection.getTables()).map((t) => t.name)).not.toContain('pipeline_access');
      await migrateTo(db(), '0018_pipeline_access');
      expect(await db().selectFrom('pipeline_access').selectAll().execute()).toEqual([]);
    });
  },
  { migrate: false },
);
