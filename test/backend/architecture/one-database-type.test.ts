import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One database type (issue 19 item 2): every table is typed once, in backend/db/schema.ts, and
 * data access takes `Db` (a database or a transaction). What brought back the old split fails
 * here with its file and line: a feature's own table interface (`WritesTables` and the like), a
 * widened `Database & ...`, a Kysely over anything but `Database`, or an `as unknown as` cast
 * (the bridges between those types were all such casts). Scanned: backend/services (where the
 * stores live, *-store.ts and store.ts) and backend/db.
 */
const ROOT = join(__dirname, '../../..');
const SCANNED = ['backend/services', 'backend/db'];

const RULES: Array<[name: string, pattern: RegExp]> = [
  ['a feature table type', /\binterface\s+\w*Tables\b|\btype\s+\w*Tables\s*=/],
  ['a widened Database', /\bDatabase\s*&|&\s*Database\b/],
  ['a Kysely over another type', /\b(?:Kysely|Transaction)<(?!Database>)[^>]*>/],
  ['an as-unknown-as cast', /\bas\s+unknown\s+as\b/],
];

/** Migrations run before any table type describes the schema: Kysely<unknown>/<any> is their honest type. */
const EXEMPT: Array<[file: RegExp, rule: string]> = [
  [/^backend\/db\/migrations\//, 'a Kysely over another type'],
  [/^backend\/db\/migrate\.ts$/, 'a Kysely over another type'],
];

function findBridges(file: string, text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/\/\/.*$/gm, '');
  return code.split('\n').flatMap((line, i) =>
    RULES.filter(([name, re]) => re.test(line) && !EXEMPT.some(([f, r]) => f.test(file) && r === name)).map(([name]) => `${file}:${i + 1} ${name}: ${line.trim()}`),
  );
}

function sources(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

describe('one Database type', () => {
  it('no feature table types, widened databases or unknown-casts in backend/services and backend/db', () => {
    const files = SCANNED.flatMap(sources);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => findBridges(f, readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('the old stores live with their features: there is no backend/store/ beside them', () => {
    expect(existsSync(join(ROOT, 'backend/store'))).toBe(false);
    expect(sources('backend/services').filter((f) => /(?:\/store|-store)\.ts$/.test(f)).length).toBeGreaterThanOrEqual(8);
  });

  it('the scanner finds each bridge the old code had, and not the allowed forms', () => {
    const fixture = [
      'export interface WritesTables { write_outbox: WriteOutboxTable }',
      'export type IdentityDb = Kysely<Database & IdentityTables>;',
      'type Trx = Transaction<Database & WritesTables>;',
      'export type AnyDb = Kysely<any> | Transaction<any>;',
      'return db as unknown as InstallDb;',
      'type CodesDb = Kysely<{ verification_codes: VerificationCodesTable }>;',
      '// a comment may say as unknown as, or Kysely<any>',
      'export type Db = Kysely<Database>;',
      'type Trx = Transaction<Database>;',
      'await writeAudit(trx, entry);',
    ].join('\n');
    const found = findBridges('backend/services/x/fixture.ts', fixture).map((f) => f.replace(/^[^:]+:/, ''));
    expect(found).toEqual([
      '1 a feature table type: export interface WritesTables { write_outbox: WriteOutboxTable }',
      '2 a widened Database: export type IdentityDb = Kysely<Database & IdentityTables>;',
      '2 a Kysely over another type: export type IdentityDb = Kysely<Database & IdentityTables>;',
      '3 a widened Database: type Trx = Transaction<Database & WritesTables>;',
      '3 a Kysely over another type: type Trx = Transaction<Database & WritesTables>;',
      '4 a Kysely over another type: export type AnyDb = Kysely<any> | Transaction<any>;',
      '5 an as-unknown-as cast: return db as unknown as InstallDb;',
      '6 a Kysely over another type: type CodesDb = Kysely<{ verification_codes: VerificationCodesTable }>;',
    ]);
    expect(findBridges('backend/db/migrations/0099_x.ts', 'export async function up(db: Kysely<unknown>) {}')).toEqual([]);
  });
});
