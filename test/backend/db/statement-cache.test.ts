import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from '../../../backend/db/statement-cache';

describe('SQLite statement cache', () => {
  it('reuses a compiled statement for the same SQL and evicts the least recently used', () => {
    const raw = new BetterSqlite3(':memory:');
    raw.exec('create table t (id integer primary key, v text)');
    const db = withStatementCache(raw, 2);
    const a = db.prepare('insert into t (v) values (?)');
    expect(db.prepare('insert into t (v) values (?)')).toBe(a);
    db.prepare('select * from t');
    db.prepare('insert into t (v) values (?)'); // a is now the most recent
    db.prepare('select count(*) as n from t'); // evicts "select * from t"
    expect(db.prepare('insert into t (v) values (?)')).toBe(a);
    a.run(['x']);
    expect((db.prepare('select count(*) as n from t') as unknown as BetterSqlite3.Statement).get()).toEqual({ n: 1 });
    raw.close();
  });

  it('never hands out a statement that is still iterating', () => {
    const raw = new BetterSqlite3(':memory:');
    raw.exec('create table t (id integer primary key); insert into t values (1), (2)');
    const db = withStatementCache(raw);
    const first = db.prepare('select id from t') as unknown as BetterSqlite3.Statement;
    const it = first.iterate();
    it.next();
    const second = db.prepare('select id from t') as unknown as BetterSqlite3.Statement;
    expect(second).not.toBe(first);
    expect(second.all()).toEqual([{ id: 1 }, { id: 2 }]);
    it.return?.();
    raw.close();
  });
});
