import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, ACME, planWrites, sendWrite, type PlannedWrite } from '../ops/api';
import { pool } from '../ops/windows';
import { describeEngines } from '../helpers/engines';
import { allDelivered, copiesInHubSpot, outboxRows, reconnect, startFaultBackend, type FaultBackend } from './backend';

/**
 * The install's token is revoked at HubSpot in the middle of a write burst (the sandbox's control
 * surface, as an admin revoking the app would), with the real install service, record access and
 * delivery worker: the install turns `needs_reconnect` by itself, writes already accepted wait
 * (never failed, never lost), reads and new writes answer the code the panel shows as "an admin
 * must reconnect", and once the admin reconnects through the OAuth flow every accepted write is
 * delivered exactly once.
 */

const N = 24;

describeEngines('token revoked mid-burst', (ctx) => {
  let b: FaultBackend;
  beforeAll(async () => {
    b = await startFaultBackend({ env: { ...ctx.db.env } });
  }, 40_000);
  afterAll(() => b?.close());

  const liveRefreshTokens = () => [...b.sandbox.sandbox.state.refreshTokens.values()].filter((t) => t.portalId === ACME.portalId && !t.revoked).map((t) => t.token);

  it('writes wait through needs_reconnect and are delivered once after the admin reconnects', async () => {
    const control = b.sandbox.sandbox.control;
    // Creates take a while in HubSpot, so accepted writes are still queued when the token goes.
    control.addLatency({ method: 'POST', path: '/crm/v3/objects/*/batch/create', ms: 400 });
    const writes = planWrites(b.team, N, 'rv');
    const accepted: PlannedWrite[] = [];
    const refused: { w: PlannedWrite; status: number; code: unknown }[] = [];
    let revoked = false;
    await pool(writes, 3, async (w, i) => {
      await new Promise((r) => setTimeout(r, i * 40));
      const r = await sendWrite(b.url, w);
      if (r.status === 202) accepted.push(w);
      else refused.push({ w, status: r.status, code: (r.error as { error?: { code?: string } } | undefined)?.error?.code });
      if (accepted.length === 8 && !revoked) {
        revoked = true;
        const [token] = liveRefreshTokens();
        const res = await fetch(`${b.sandbox.url}/_sandbox/tokens/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
        expect(res.status).toBe(200);
      }
    });
    expect(revoked).toBe(true);
    // Refusals after the revocation say exactly that: an admin must reconnect (no 5xx of our own).
    expect(refused.map((r) => [r.status, r.code]).filter(([s, c]) => s !== 503 || c !== 'needs_reconnect')).toEqual([]);

    // The install noticed by itself (a HubSpot 401, a refresh refused with BAD_REFRESH_TOKEN).
    const install = await api<{ state: string; message: string }>(b.url, 'GET', '/api/v1/install', b.team.adminToken);
    expect(install.body.state).toBe('needs_reconnect');
    // Accepted writes not yet sent wait for the reconnect: none failed, none lost.
    const rows = await outboxRows(b, accepted.map((w) => w.key));
    expect(rows).toHaveLength(accepted.length);
    expect(rows.filter((r) => r.status === 'failed')).toEqual([]);
    const waiting = rows.filter((r) => r.status !== 'done');
    expect(waiting.length).toBeGreaterThan(0);

    // What the panel is told: reads and new writes answer needs_reconnect.
    const view = await api<{ error: { code: string; message: string } }>(b.url, 'GET', `/api/v1/portals/${ACME.portalId}/contacts/101/view`, b.team.repToken);
    expect([view.status, view.body.error.code]).toEqual([503, 'needs_reconnect']);
    const late = await sendWrite(b.url, { ...writes[0]!, key: 'burst-rv-late', tag: 'rv-late', body: { kind: 'note', body: 'rv-late' } });
    expect([late.status, (late.error as { error: { code: string } }).error.code]).toEqual([503, 'needs_reconnect']);

    // Time passes; the waiting writes are still waiting (the worker polls, nothing gives up).
    await new Promise((r) => setTimeout(r, 1_500));
    const still = await outboxRows(b, waiting.map((r) => r.idempotency_key));
    expect(still.map((r) => [r.status, r.wait_reason])).toEqual(still.map(() => ['pending', 'needs_reconnect']));

    // The admin reconnects through the real OAuth flow.
    expect(await reconnect(b)).toBe('reconnected');
    expect((await api<{ state: string }>(b.url, 'GET', '/api/v1/install', b.team.adminToken)).body.state).toBe('connected');
    await allDelivered(b, accepted.map((w) => w.key), 20_000);
    // The client resends what was refused with the same keys; everything lands once.
    for (const { w } of refused) expect((await sendWrite(b.url, w)).status).toBe(202);
    await allDelivered(b, writes.map((w) => w.key), 20_000);
    expect(copiesInHubSpot(b.sandbox, writes)).toEqual({ dupes: [], missing: [] });
    const viewAgain = await api<{ contact: unknown }>(b.url, 'GET', `/api/v1/portals/${ACME.portalId}/contacts/101/view`, b.team.repToken);
    expect(viewAgain.status).toBe(200);
    console.info(`[token-revoked ${ctx.engine}] ${accepted.length} accepted before/while revoked, ${waiting.length} waited for the reconnect, ${refused.length} refused with needs_reconnect and resent`);
  }, 50_000);
});
