import { expect, it } from 'vitest';
import { CODE_MAX_ATTEMPTS, CODE_TTL_MS, consumeCode, issueCode } from '../../../backend/security/codes';
import { describeEngines } from '../helpers/engines';

/** The one-time code store (migration 0009) on both engines. */
const T0 = Date.UTC(2030, 0, 1);
let n = 0;
const subject = () => `subject-${n++}@example.test`;
const other = (code: string) => (code === '00000000' ? '00000001' : '00000000');

describeEngines('one-time codes', (e) => {
  const db = () => e.db.handle.db;

  it('are 8 digits, stored only as a hash, and give back their data once', async () => {
    const s = subject();
    const { code, expiresAt } = await issueCode(db(), { purpose: 'signup', subject: s, data: { workspaceName: 'Acme' }, now: T0 });
    expect(code).toMatch(/^\d{8}$/);
    expect(expiresAt).toBe(T0 + CODE_TTL_MS);
    const rows = await db().selectFrom('verification_codes' as never).selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(await consumeCode(db(), { purpose: 'signup', subject: s, code, now: T0 + 1 })).toEqual({ ok: true, data: { workspaceName: 'Acme' } });
    expect((await consumeCode(db(), { purpose: 'signup', subject: s, code, now: T0 + 2 })).ok).toBe(false);
  });

  it('are bound to their purpose and subject', async () => {
    const s = subject();
    const { code } = await issueCode(db(), { purpose: 'email', subject: s, now: T0 });
    expect((await consumeCode(db(), { purpose: 'link', subject: s, code, now: T0 })).ok).toBe(false);
    expect((await consumeCode(db(), { purpose: 'email', subject: subject(), code, now: T0 })).ok).toBe(false);
    expect((await consumeCode(db(), { purpose: 'email', subject: s, code, now: T0 })).ok).toBe(true);
  });

  it('expire', async () => {
    const s = subject();
    const { code } = await issueCode(db(), { purpose: 'email', subject: s, now: T0 });
    expect((await consumeCode(db(), { purpose: 'email', subject: s, code, now: T0 + CODE_TTL_MS })).ok).toBe(false);
  });

  it(`allow ${CODE_MAX_ATTEMPTS} wrong guesses, after which even the right code fails`, async () => {
    const s = subject();
    const { code } = await issueCode(db(), { purpose: 'link', subject: s, now: T0 });
    for (let i = 0; i < CODE_MAX_ATTEMPTS; i++) expect((await consumeCode(db(), { purpose: 'link', subject: s, code: other(code), now: T0 })).ok).toBe(false);
    expect((await consumeCode(db(), { purpose: 'link', subject: s, code, now: T0 })).ok).toBe(false);
  });

  it('a new code replaces the unused old one', async () => {
    const s = subject();
    const first = await issueCode(db(), { purpose: 'signup', subject: s, now: T0 });
    const second = await issueCode(db(), { purpose: 'signup', subject: s, now: T0 + 1 });
    if (first.code !== second.code) expect((await consumeCode(db(), { purpose: 'signup', subject: s, code: first.code, now: T0 + 2 })).ok).toBe(false);
    expect((await consumeCode(db(), { purpose: 'signup', subject: s, code: second.code, now: T0 + 3 })).ok).toBe(true);
  });

  it('of concurrent submissions of the right code exactly one succeeds; parallel guesses cannot pass the cap', async () => {
    const s = subject();
    const { code } = await issueCode(db(), { purpose: 'signup', subject: s, now: T0 });
    const results = await Promise.all(Array.from({ length: 4 }, () => consumeCode(db(), { purpose: 'signup', subject: s, code, now: T0 })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);

    const g = subject();
    const issued = await issueCode(db(), { purpose: 'signup', subject: g, now: T0 });
    await Promise.all(Array.from({ length: 20 }, () => consumeCode(db(), { purpose: 'signup', subject: g, code: other(issued.code), now: T0 })));
    const row = await db().selectFrom('verification_codes' as never).select('attempts' as never).where('subject' as never, '=', g as never).executeTakeFirstOrThrow();
    expect(Number((row as { attempts: number }).attempts)).toBe(CODE_MAX_ATTEMPTS);
  });
});
