import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../backend/config';
import { describeEngines } from '../helpers/engines';
import { createWorkspace, signIn, startAccountsApp } from '../helpers/accounts-app';

describeEngines('rehash on sign-in', (ctx) => {
  it('upgrades a stored hash to the configured cost at the next successful sign-in, never on a failed one', async () => {
    const old = await startAccountsApp(ctx.db, { PASSWORD_SCRYPT_LN: '9' });
    const ws = await createWorkspace(old.app);
    await old.close();
    const stored = async () =>
      (await ctx.db.handle.db.selectFrom('members').select('password_hash').where('id', '=', ws.member.id).executeTakeFirstOrThrow()).password_hash!;
    expect(await stored()).toMatch(/^\$scrypt\$ln=9,r=8,p=1\$/);

    const current = await startAccountsApp(ctx.db, { PASSWORD_SCRYPT_LN: '11' });
    try {
      expect((await signIn(current.app, ws.email, 'wrong password!!')).statusCode).toBe(401);
      expect(await stored()).toMatch(/^\$scrypt\$ln=9,/);
      expect((await signIn(current.app, ws.email, ws.password)).statusCode).toBe(200);
      expect(await stored()).toMatch(/^\$scrypt\$ln=11,r=8,p=1\$/);
      expect((await signIn(current.app, ws.email, ws.password)).statusCode).toBe(200);
      const audit = await ctx.db.handle.db.selectFrom('audit_log').select('details').where('actor_member_id', '=', ws.member.id).where('action', '=', 'auth.sign_in').where('result', '=', 'ok').execute();
      expect(audit.map((a) => JSON.parse(a.details).rehashed)).toEqual([true, false]);
    } finally {
      await current.close();
    }
  });
});

describe('accounts configuration', () => {
  it('names every bad accounts variable at once', () => {
    let err: unknown;
    try {
      parseConfig({
        PASSWORD_SCRYPT_LN: '30',
        SESSION_IDLE_SECONDS: '0',
        SESSION_TOUCH_SECONDS: 'often',
        WORKSPACE_SIGNUP: 'sometimes',
        LOGIN_MAX_FAILURES: '-1',
        KDF_CONCURRENCY: '0',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    for (const name of ['PASSWORD_SCRYPT_LN', 'SESSION_IDLE_SECONDS', 'SESSION_TOUCH_SECONDS', 'WORKSPACE_SIGNUP', 'LOGIN_MAX_FAILURES', 'KDF_CONCURRENCY']) {
      expect((err as Error).message).toContain(name);
    }
  });

  it('checks that idle timeouts fit inside lifetimes and lock bounds are ordered', () => {
    expect(() => parseConfig({ SESSION_IDLE_SECONDS: '90000', SESSION_ABSOLUTE_SECONDS: '3600' })).toThrow(/SESSION_IDLE_SECONDS/);
    expect(() => parseConfig({ SESSION_REMEMBER_IDLE_SECONDS: '9999999', SESSION_REMEMBER_ABSOLUTE_SECONDS: '86400' })).toThrow(/SESSION_REMEMBER_IDLE_SECONDS/);
    expect(() => parseConfig({ LOGIN_LOCK_BASE_SECONDS: '600', LOGIN_LOCK_MAX_SECONDS: '60' })).toThrow(/LOGIN_LOCK_BASE_SECONDS/);
  });

  it('has the documented defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      PASSWORD_SCRYPT_LN: 17,
      SESSION_IDLE_SECONDS: 12 * 3600,
      SESSION_ABSOLUTE_SECONDS: 24 * 3600,
      SESSION_REMEMBER_ABSOLUTE_SECONDS: 30 * 24 * 3600,
      SESSION_TOUCH_SECONDS: 60,
      INVITE_TTL_SECONDS: 7 * 24 * 3600,
      WORKSPACE_SIGNUP: 'open',
      LOGIN_MAX_FAILURES: 10,
      LOGIN_WINDOW_SECONDS: 900,
    });
  });
});
