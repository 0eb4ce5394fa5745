import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../helpers/accounts-app';
import { createTestDatabase, type TestDatabase } from '../helpers/engines';
import { startHostileStack, type HostileStack } from './stack';
import { seedTenants, type Tenant } from './tenants';

/**
 * Text a rep types is data, never markup or log structure:
 *  - a note with HTML/script is stored for HubSpot escaped (HubSpot renders note bodies as HTML);
 *    delivery of that exact payload to HubSpot is test/backend/delivery/delivery.test.ts's
 *    "creates a note with escaped text";
 *  - CR/LF (and other control characters) in any input never split a log line: every line the
 *    backend writes is one JSON object.
 */
const EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>\r\n{"level":30,"msg":"forged line"}\n\u2028x';

describe('hostile text stays inert [sqlite]', () => {
  let db: TestDatabase;
  let s: HostileStack;
  let a: Tenant;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    s = await startHostileStack(db, { logLevel: 'debug' });
    ({ a } = await seedTenants(s, db));
  });
  afterAll(async () => {
    await s?.close();
    await db?.destroy();
  });

  it('a note with HTML and script is accepted and queued for HubSpot escaped', async () => {
    const r = await s.app.inject({
      method: 'POST',
      url: `/api/v1/portals/${a.portalId}/contacts/${a.contactId}/writes`,
      headers: { authorization: `Bearer ${a.actors.member.token}`, 'idempotency-key': randomUUID() },
      payload: { kind: 'note', body: EVIL },
    });
    expect(r.statusCode, r.body).toBe(202);
    const row = await db.handle.db.selectFrom('write_outbox' as never).selectAll().where('id' as never, '=', r.json().write.id as never).executeTakeFirstOrThrow();
    const html = JSON.parse((row as { payload: string }).payload).hs_note_body as string;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The only markup is the backend's own paragraphs and line breaks; every '<' the rep typed is text.
    expect(html.replace(/<\/?p( style="display:none")?>|<br>/g, '')).not.toContain('<');
  });

  it('CR/LF in a sign-in, a path and a header never splits a log line', async () => {
    await call(s.app, 'POST', '/api/v1/auth/sign-in', { body: { email: `x@example.test\r\n${EVIL}`, password: EVIL } });
    await call(s.app, 'POST', '/api/v1/auth/sign-in', { body: { email: 'nobody@example.test', password: `pw\r\n${EVIL}` } });
    await s.app.inject({ method: 'GET', url: `/api/v1/${encodeURIComponent(EVIL)}`, headers: { 'user-agent': 'ua\u2028{"forged":true}', 'x-forwarded-for': '1.2.3.4' } });
    expect(s.logs.length).toBeGreaterThan(0);
    for (const chunk of s.logs) {
      // pino writes one chunk per entry: exactly one line, one JSON object, no raw CR anywhere.
      expect(chunk.endsWith('\n')).toBe(true);
      expect(chunk.slice(0, -1)).not.toMatch(/[\r\n]/);
      expect(() => JSON.parse(chunk)).not.toThrow();
    }
    expect(s.logs.join('')).not.toContain('"msg":"forged line"}\n');
  });
});
