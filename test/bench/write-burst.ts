/**
 * Load test of the write path: R reps × W writes at once on one portal, against the sandbox at
 * HubSpot's 110 requests / 10 s, compared in the same run with
 *   (a) one HubSpot request per write (paced by the same shared budget, so no 429s), and
 *   (b) the official SDK with its default limiter (Bottleneck, minTime 1000/9 ms, 6 concurrent).
 * Prints time to all delivered, requests and 429s counted by the sandbox, and duplicates.
 *
 *   npx tsx test/bench/write-burst.ts [--reps=50] [--writes=20] [--baselines=1000|0]
 *
 *        [--access-grace=0|2000]
 *
 * Goal: 0 429s, 0 duplicates, ≥10× faster than one request per write.
 */
import { Client } from '@hubspot/api-client';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../../backend/db/database';
import { migrateToLatest } from '../../backend/db/migrate';
import { hubspotHttp } from '../../backend/hubspot/http';
import { LARGE_SEED_FIRST_ID } from '../../backend/sandbox/seed';
import { acceptWrite } from '../../backend/services/writes/accept';
import type { CreateWriteBody } from '../../lib/api/writes';
import { ACME, PORTAL, WORKSPACE, allowProperties, memberOf, startStack } from '../backend/delivery/stack';
import { emitResult, round } from './lib/result';

const arg = (name: string, fallback: string) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const REPS = arg('reps', '50');
const PER = arg('writes', '20');
const TOTAL = REPS * PER;
const BASELINE = Math.min(TOTAL, arg('baselines', String(TOTAL)));
/** Writes in baseline (b), the SDK's own limiter (9/s, linear in writes, so scaling is exact enough). */
const BASELINE_SDK = Math.min(TOTAL, arg('baselines-sdk', String(BASELINE)));
/** Reuse the acceptance-time access check for a first attempt within this many ms (0: always re-check). */
const ACCESS_GRACE = arg('access-grace', '0');
/** Wait before each measured phase so earlier requests leave HubSpot's 10 s window (0 in smoke runs). */
const SETTLE_MS = arg('settle-ms', '11000');
const EDITORS = [ACME.users.superAdmin, ACME.users.everything, ACME.users.marketplace];

type Job = { rep: number; contact: string; body: CreateWriteBody };
function jobs(tag: string, n = TOTAL): Job[] {
  return Array.from({ length: n }, (_, k) => {
    const rep = k % REPS;
    const i = Math.floor(k / REPS);
    const contact = String(LARGE_SEED_FIRST_ID + rep * PER + i);
    const body: CreateWriteBody =
      i % 3 === 0 ? { kind: 'properties', properties: { city: `${tag} ${k}` } } : i % 3 === 1 ? { kind: 'note', body: `${tag} note ${k}` } : { kind: 'task', subject: `${tag} task ${k}` };
    return { rep, contact, body };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'portside-bench-'));
  const handle = createDatabase({ DATA_DIR: dir });
  await migrateToLatest(handle.db);
  // Production's request timeout: the sandbox shares this process's event loop with the burst.
  const stack = await startStack(handle, { seed: 'large', timeoutMs: 15_000 });
  await allowProperties(stack, ['city']);
  const control = stack.sandbox.sandbox.control;
  const worker = stack.newWorker({ pollMs: 200, gatherMs: 100, backoff: { baseMs: 1_000, capMs: 60_000 }, accessReuseMs: ACCESS_GRACE });
  worker.start();
  await sleep(SETTLE_MS); // setup requests leave the window
  control.resetCounters();

  // Portside: accept everything at once, then wait for the outbox to drain.
  const t0 = Date.now();
  const accepted = await Promise.all(
    jobs('burst').map(async (j) => {
      const editor = EDITORS[j.rep % EDITORS.length]!;
      const r = await acceptWrite(stack.deps, { workspaceId: WORKSPACE, memberId: memberOf(editor, `rep${j.rep}`), role: 'member' }, { portalId: PORTAL, contactId: j.contact }, randomUUID(), j.body, null);
      if (!r.ok) throw new Error(`not accepted: ${r.error.code} ${r.error.message}`);
      return r.data.write.id;
    }),
  );
  const tAccepted = Date.now() - t0;
  for (;;) {
    const open = await stack.db.selectFrom('write_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['pending', 'delivering']).executeTakeFirstOrThrow();
    if (Number(open.n) === 0) break;
    await sleep(50);
  }
  const tPortside = Date.now() - t0;
  const rows = await stack.db.selectFrom('write_outbox').select(['id', 'status', 'marker', 'kind', 'contact_id']).where('id', 'in', accepted).execute();
  const failed = rows.filter((r) => r.status !== 'done').length;
  let duplicates = 0;
  for (const r of rows.filter((x) => x.marker)) {
    const list = r.kind === 'note' ? control.notes(ACME.portalId, r.contact_id) : control.tasks(ACME.portalId, r.contact_id);
    const n = list.filter((x) => (x.properties.hs_note_body ?? x.properties.hs_task_body ?? '').includes(r.marker!)).length;
    if (n !== 1) duplicates += Math.abs(n - 1);
  }
  const byPath = new Map<string, number>();
  for (const e of control.requestLog()) byPath.set(`${e.method} ${e.path.replace(/\d{4,}/g, '{id}')}`, (byPath.get(`${e.method} ${e.path.replace(/\d{4,}/g, '{id}')}`) ?? 0) + 1);
  console.log(`requests by path: ${JSON.stringify(Object.fromEntries(byPath))}`);
  const portside = { ms: tPortside, requests: control.counters().requests, r429: control.counters().rateLimited, duplicates, failed };
  await worker.stop();
  console.log(`Portside (access grace ${ACCESS_GRACE} ms): ${TOTAL} writes accepted in ${secs(tAccepted)}, all delivered in ${secs(tPortside)}; ${portside.requests} HubSpot requests, ${portside.r429} × 429, ${duplicates} duplicates, ${failed} not done`);

  const results: Record<string, { ms: number; requests: number; r429: number }> = {};
  const one = (j: Job) =>
    j.body.kind === 'properties'
      ? { method: 'PATCH' as const, path: `/crm/v3/objects/contacts/${j.contact}`, json: { properties: j.body.properties } }
      : { method: 'POST' as const, path: `/crm/v3/objects/${j.body.kind === 'note' ? 'notes' : 'tasks'}`, json: { properties: j.body.kind === 'note' ? { hs_note_body: j.body.body, hs_timestamp: new Date().toISOString() } : { hs_task_subject: j.body.subject, hs_timestamp: new Date().toISOString() }, associations: [{ to: { id: j.contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: j.body.kind === 'note' ? 202 : 204 }] }] } };

  if (BASELINE > 0) {
    // (a) One request per write, paced by the same shared budget (10 in parallel).
    await sleep(SETTLE_MS);
    control.resetCounters();
    const queue = jobs('single', BASELINE);
    const ta = Date.now();
    const app = { mode: 'sandbox' as const, clientId: '', clientSecret: '', appId: null, redirectUri: '', apiBase: stack.sandbox.url, authorizeBase: stack.sandbox.url, scopes: [], optionalScopes: [], timeoutMs: 15_000 };
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let j = queue.shift(); j; j = queue.shift()) {
          const slot = await stack.budget.take(PORTAL);
          await hubspotHttp(app, { ...one(j), accessToken: stack.token() });
          await stack.budget.settle(PORTAL, slot, null);
        }
      }),
    );
    results['(a) one request per write'] = { ms: Date.now() - ta, requests: control.counters().requests, r429: control.counters().rateLimited };

    // (b) The official SDK, one call per write, with its default limiter.
    await sleep(SETTLE_MS);
    control.resetCounters();
    const client = new Client({ accessToken: stack.token(), basePath: stack.sandbox.url, limiterOptions: { minTime: 1000 / 9, maxConcurrent: 6, id: `bench-${randomUUID()}` } });
    const tb = Date.now();
    await Promise.all(
      jobs('sdk', BASELINE_SDK).map((j) => {
        const r = one(j);
        return client.apiRequest({ method: r.method, path: r.path, body: r.json }).catch(() => null);
      }),
    );
    results['(b) SDK default limiter'] = { ms: Date.now() - tb, requests: control.counters().requests, r429: control.counters().rateLimited };
  }

  console.log('\n| approach | writes | time | HubSpot requests | 429s | duplicates |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| Portside outbox (batched) | ${TOTAL} | ${secs(portside.ms)} | ${portside.requests} | ${portside.r429} | ${portside.duplicates} |`);
  for (const [name, r] of Object.entries(results)) {
    const n = name.startsWith('(b)') ? BASELINE_SDK : BASELINE;
    const scaled = (r.ms * TOTAL) / n;
    console.log(`| ${name} | ${n} | ${secs(r.ms)}${n < TOTAL ? ` (≈${secs(scaled)} for ${TOTAL})` : ''} | ${r.requests} | ${r.r429} | n/a |`);
  }
  const a = results['(a) one request per write'];
  if (a) console.log(`\nSpeed-up vs one request per write: ${(((a.ms * TOTAL) / BASELINE) / portside.ms).toFixed(1)}×`);
  // For test/bench/run.ts: one machine-readable line (the baselines are scaled to TOTAL writes).
  const b = results['(b) SDK default limiter'];
  const aFull = a ? (a.ms * TOTAL) / BASELINE : null;
  const speedup = aFull ? aFull / portside.ms : null;
  const met = portside.r429 === 0 && portside.duplicates === 0 && failed === 0 && speedup !== null && speedup >= 10;
  emitResult({
    row: 'write-burst',
    figures: { writes: TOTAL, reps: REPS, perRep: PER, deliveredSeconds: round(portside.ms / 1000), acceptedSeconds: round(tAccepted / 1000), hubspotRequests: portside.requests, r429: portside.r429, duplicates, notDone: failed },
    comparison: {
      baselineWrites: { oneRequestPerWrite: BASELINE, sdkDefaultLimiter: BASELINE_SDK },
      oneRequestPerWrite: a ? { seconds: round(a.ms / 1000), scaledSeconds: round(aFull! / 1000), requests: a.requests, r429: a.r429 } : null,
      sdkDefaultLimiter: b ? { seconds: round(b.ms / 1000), scaledSeconds: round((b.ms * TOTAL) / BASELINE_SDK / 1000), requests: b.requests, r429: b.r429 } : null,
      speedup: speedup === null ? null : round(speedup),
    },
    goal: '0 429s, 0 duplicates, ≥ 10× faster than one request per write',
    met: speedup === null ? null : met,
    notes: `${REPS} reps × ${PER} writes (⅓ property updates, ⅓ notes, ⅓ tasks) accepted at once on one portal, sandbox at 110 requests/10 s, delivered by one worker in the bench process (sandbox in the same process). Baseline (a) runs ${BASELINE} writes through the same shared 110/10 s budget${BASELINE < TOTAL ? `, scaled linearly to ${TOTAL} (it starts with a full window of 110 free requests, so scaling understates it and the speed-up is conservative)` : ''}; baseline (b) runs ${BASELINE_SDK} writes through the SDK's own limiter (9/s)${BASELINE_SDK < TOTAL ? `, scaled linearly to ${TOTAL}` : ''}. Each phase starts after ${SETTLE_MS / 1000} s so earlier requests have left the window.`,
    table: {
      figure: `${TOTAL} writes delivered in ${secs(portside.ms)}; ${portside.requests} HubSpot requests, ${portside.r429} × 429, ${duplicates} duplicates, ${failed} not done`,
      comparison: a && b ? `one request per write ≈ ${secs(aFull!)} (${a.r429} × 429); SDK default limiter ≈ ${secs((b.ms * TOTAL) / BASELINE_SDK)} (${b.r429} × 429)${BASELINE < TOTAL || BASELINE_SDK < TOTAL ? ` — scaled from ${BASELINE} / ${BASELINE_SDK} writes` : ''}` : 'baselines not run (--baselines=0)',
      evidence: `${portside.r429} × 429, ${duplicates} duplicates, ${speedup === null ? 'speed-up not measured' : `${round(speedup)}× faster than one request per write`}`,
    },
  });
  await stack.close();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(portside.r429 === 0 && portside.duplicates === 0 && failed === 0 ? 0 : 1);
}

void main();
