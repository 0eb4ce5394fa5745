import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../../backend/sandbox/state';
import type { DeliveryWorker } from '../../../backend/services/delivery/worker';
import { acceptWrite } from '../../../backend/services/writes/accept';
import { contactTarget } from '../../../backend/services/writes/target';
import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import { ACME, PORTAL, WORKSPACE, allowProperties, memberOf, startStack, until, type Stack } from '../delivery/stack';
import { describeEngines } from '../helpers/engines';
import { peakInWindow } from '../ops/windows';

/**
 * 429 storms: HubSpot throttles again and again with Retry-After, and announces a lower limit
 * than the one configured. The worker must not send anything to the portal (writes, reads,
 * access checks alike) until each Retry-After has elapsed, must not count 429s as failures, and
 * must slow down to the announced X-HubSpot-RateLimit-Max instead of earning 429s from it.
 */

const rep = ACME.users.everything;
const caller = { workspaceId: WORKSPACE, memberId: memberOf(rep), role: 'member' as const };
const RETRY_AFTER_S = 2;
/**
 * A request granted its slot before the 429 was recorded (another batch of the same round, an
 * access check) may still arrive just after the 429: that is not sending early. Anything later
 * than this after a 429, and before its Retry-After, is.
 */
const IN_FLIGHT_SLACK_MS = 250;

const arrival = (e: RequestLogEntry) => Date.parse(e.time) - e.durationMs;

describeEngines('429 storm', (ctx) => {
  let stack: Stack;
  let worker: DeliveryWorker | null = null;
  beforeAll(async () => {
    // A short configured window keeps the pacing test fast; the sandbox starts unthrottled.
    stack = await startStack(ctx.db.handle, { rate: { limit: 110, intervalMs: 1_000, marginMs: 100 }, sandboxRate: { max: 100_000, intervalMs: 1_000 } });
    await allowProperties(stack, ['city']);
  });
  afterAll(async () => {
    await worker?.stop(2_000);
    await stack.close();
  });

  const control = () => stack.sandbox.sandbox.control;
  const accept = async (contactId: string, body: CreateWriteBody) => {
    const r = await acceptWrite(stack.deps, caller, contactTarget({ portalId: PORTAL, contactId }), randomUUID(), body, null);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.data.write.id;
  };
  const allDone = (ids: string[], ms: number) =>
    until(async () => {
      const rows = await stack.db.selectFrom('write_outbox').select(['id', 'status']).where('id', 'in', ids).execute();
      return rows.every((r) => r.status === 'done' || r.status === 'failed') ? rows : null;
    }, ms, 'writes to settle');

  it('honours every Retry-After of a storm: nothing reaches the portal before it elapses, then all is delivered once', async () => {
    control().resetCounters();
    const writes: { id: string; kind: CreateWriteBody['kind']; contact: string; text: string }[] = [];
    for (let i = 0; i < 18; i++) {
      const contact = String(105 + (i % 6));
      const text = `storm ${randomUUID()}`;
      const body: CreateWriteBody = i % 3 === 0 ? { kind: 'note', body: text } : i % 3 === 1 ? { kind: 'task', subject: text } : { kind: 'properties', properties: { city: text } };
      writes.push({ id: await accept(contact, body), kind: body.kind, contact, text });
    }
    // Then every batch call of the delivery is throttled three times in a row, each time for
    // RETRY_AFTER_S. (Set after acceptance: the acceptance checks' own reads are not the storm's subject.)
    control().addFault({ method: 'POST', path: '/crm/v3/objects/*/batch/*', kind: 'status', status: 429, retryAfterSeconds: RETRY_AFTER_S, times: 3 });
    worker = stack.newWorker();
    worker.start();
    const rows = await allDone(writes.map((w) => w.id), 40_000);
    expect(rows.filter((r) => r.status !== 'done')).toEqual([]);

    const log = control().requestLog();
    const throttled = log.filter((e) => e.status === 429);
    expect(throttled).toHaveLength(3);
    for (const t of throttled) {
      const at = Date.parse(t.time);
      const early = log.filter((e) => arrival(e) > at + IN_FLIGHT_SLACK_MS && arrival(e) < at + RETRY_AFTER_S * 1000);
      expect(early.map((e) => `${e.method} ${e.path} ${arrival(e) - at} ms after a 429`)).toEqual([]);
    }
    // 429s pause the portal; they are not HubSpot failing, so the breaker stays closed.
    const pd = await stack.db.selectFrom('portal_delivery').selectAll().where('portal_id', '=', PORTAL).executeTakeFirstOrThrow();
    expect(pd.breaker_trips).toBe(0);
    // Exactly once: each note and task exists once in HubSpot; each contact ends with its last edit.
    for (const w of writes.filter((x) => x.kind !== 'properties')) {
      const found = (w.kind === 'note' ? control().notes(ACME.portalId, w.contact) : control().tasks(ACME.portalId, w.contact)).filter((r) =>
        (r.properties.hs_note_body ?? r.properties.hs_task_subject ?? '').includes(w.text),
      );
      expect(found, w.text).toHaveLength(1);
    }
    for (const contact of new Set(writes.map((w) => w.contact))) {
      const last = writes.filter((w) => w.kind === 'properties' && w.contact === contact).at(-1);
      if (last) expect(control().contact(ACME.portalId, contact).contact.properties.city).toBe(last.text);
    }
    await worker.stop(2_000);
    worker = null;
  }, 50_000);

  it('slows down to the limit HubSpot announces in X-HubSpot-RateLimit-* instead of earning 429s', async () => {
    await worker?.stop(2_000);
    worker = null;
    control().clearFaults();
    // Queued first (no worker running), so only delivery runs against the lowered limit.
    const cities = Array.from({ length: 8 }, (_, i) => `Paced ${i} ${randomUUID().slice(0, 8)}`);
    const ids: string[] = [];
    for (const city of cities) ids.push(await accept('120', { kind: 'properties', properties: { city } }));
    // HubSpot now allows 4 requests a second for this app and portal (the budget is configured for 110).
    control().setRateLimit({ max: 4, intervalMs: 1_000 });
    control().resetCounters();
    const t0 = Date.now();
    worker = stack.newWorker();
    worker.start();
    const rows = await allDone(ids, 40_000);
    const elapsed = Date.now() - t0;
    expect(rows.filter((r) => r.status !== 'done')).toEqual([]);

    const log = control().requestLog();
    // Edits of one contact go one at a time (access check, read, update each): far more calls
    // than 4 a second would allow if the worker kept the configured pace.
    expect(log.length).toBeGreaterThanOrEqual(20);
    expect(control().counters().rateLimited).toBe(0);
    expect(peakInWindow(log, 1_000)).toBeLessThanOrEqual(4);
    expect(elapsed).toBeGreaterThanOrEqual(Math.floor(log.length / 4 - 1) * 1_000);
    const pd = await stack.db.selectFrom('portal_delivery').selectAll().where('portal_id', '=', PORTAL).executeTakeFirstOrThrow();
    expect(pd.observed_max).toBe(4);
    expect(control().contact(ACME.portalId, '120').contact.properties.city).toBe(cities.at(-1));
  }, 50_000);
});
