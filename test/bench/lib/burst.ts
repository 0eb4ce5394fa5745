import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { sql } from 'kysely';
import { LARGE_SEED_FIRST_ID, SEED } from '../../../backend/sandbox/seed';
import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import type { Production } from './production';

/**
 * R reps × W writes sent at once over HTTP to a production stack (lib/production.ts), as the
 * extension sends them — the rep's bearer session and an idempotency key, ⅓ property edits,
 * ⅓ notes, ⅓ tasks, each write on its own contact of the large seed — spread over the stack's
 * instances; then waits for the outbox to drain and counts what HubSpot (the sandbox) saw.
 */

export interface BurstResult {
  writes: number;
  answeredMs: number;
  deliveredMs: number;
  refused: { status: number; code: string | null }[];
  pendingCheck: number;
  requests: number;
  r429: number;
  duplicates: number;
  notDone: number;
  byPath: Record<string, number>;
  socketsPerRep: number;
}

function body(k: number, i: number): CreateWriteBody {
  return i % 3 === 0 ? { kind: 'properties', properties: { city: `Burst ${k}` } } : i % 3 === 1 ? { kind: 'note', body: `burst note ${k}` } : { kind: 'task', subject: `burst task ${k}` };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runBurst(prod: Production, reps: number, per: number): Promise<BurstResult> {
  const total = reps * per;
  const control = prod.sandbox.sandbox.control;
  const db = prod.databases[0]!.db;
  // Each rep's browser keeps its own few connections to the backend (6 per host, as browsers do;
  // fewer with many reps so the total stays under the server's MAX_CONNECTIONS, 512), so the
  // burst is many reps' requests, not one client's thousand sockets.
  const sockets = Math.max(1, Math.min(6, Math.floor(400 / reps)));
  const agents = prod.reps.map(() => new Agent({ keepAlive: true, maxSockets: sockets }));
  const post = (url: string, rep: number, payload: unknown) =>
    new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const data = JSON.stringify(payload);
      const headers = { authorization: `Bearer ${prod.reps[rep]!.token}`, 'idempotency-key': randomUUID(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) };
      const req = request(url, { method: 'POST', agent: agents[rep], headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : null }));
      });
      req.on('error', reject);
      req.end(data);
    });

  const t0 = Date.now();
  const answers = await Promise.all(
    Array.from({ length: total }, async (_, k) => {
      const rep = k % reps;
      const i = Math.floor(k / reps);
      const url = `${prod.urls[k % prod.urls.length]}/api/v1/portals/${prod.portalId}/contacts/${LARGE_SEED_FIRST_ID + rep * per + i}/writes`;
      const res = await post(url, rep, body(k, i));
      const json = res.json as { write?: { id: string; status: string }; error?: { code: string } } | null;
      return { status: res.status, id: json?.write?.id ?? null, writeStatus: json?.write?.status ?? null, code: json?.error?.code ?? null };
    }),
  );
  const answeredMs = Date.now() - t0;
  const ids = new Set(answers.flatMap((a) => (a.id ? [a.id] : [])));
  for (let polls = 0; ; polls++) {
    const open = await db.selectFrom('write_outbox' as never).select(sql<number>`count(*)`.as('n')).where('status' as never, 'in', ['pending', 'delivering'] as never).executeTakeFirstOrThrow();
    if (Number((open as { n: number }).n) === 0) break;
    if (polls > 6_000) throw new Error('the outbox did not drain in 5 minutes');
    await sleep(50);
  }
  type Row = { id: string; status: string; marker: string | null; kind: string; contact_id: string; delivered_at: number | null };
  const rows = ((await db.selectFrom('write_outbox' as never).select(['id', 'status', 'marker', 'kind', 'contact_id', 'delivered_at'] as never).execute()) as unknown as Row[]).filter((r) => ids.has(r.id));
  let duplicates = 0;
  const portal = SEED.portals.acme.portalId;
  for (const r of rows.filter((x) => x.marker)) {
    const list = r.kind === 'note' ? control.notes(portal, r.contact_id) : control.tasks(portal, r.contact_id);
    duplicates += Math.abs(list.filter((x) => (x.properties.hs_note_body ?? x.properties.hs_task_body ?? '').includes(r.marker!)).length - 1);
  }
  const byPath: Record<string, number> = {};
  for (const e of control.requestLog()) {
    const key = `${e.method} ${e.path.replace(/\d{4,}/g, '{id}')}`;
    byPath[key] = (byPath[key] ?? 0) + 1;
  }
  for (const a of agents) a.destroy();
  const { requests, rateLimited } = control.counters();
  return {
    writes: total,
    answeredMs,
    deliveredMs: Math.max(...rows.map((r) => Number(r.delivered_at ?? 0))) - t0,
    refused: answers.filter((a) => a.status !== 202).map((a) => ({ status: a.status, code: a.code })),
    pendingCheck: answers.filter((a) => a.writeStatus === 'pending_check').length,
    requests,
    r429: rateLimited,
    duplicates,
    notDone: rows.filter((r) => r.status !== 'done').length + (total - rows.length),
    byPath,
    socketsPerRep: sockets,
  };
}
