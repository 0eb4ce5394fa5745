import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ACME } from '../ops/api';
import { startFaultBackend, type FaultBackend } from './backend';

/**
 * HubSpot misbehaving while the panel reads a record (the record view, real backend): 5xx bursts,
 * latency spikes, requests that hang, dropped connections, on the contact read and on the
 * permission lookup. The view must answer within the panel's own request timeout with the code
 * the panel shows as "HubSpot is not answering — try again" (503 hubspot_unavailable, retryable,
 * with when to retry), never a verdict it could not get and never data older than the snapshot
 * cache allows presented as the current record; and it must recover by itself.
 */

/** The extension's backend client gives up after this (lib/extension/backend-client.ts): answer before it. */
const PANEL_TIMEOUT_MS = 10_000;
/** How long the backend may reuse a contact snapshot for reads (services/access/create.ts). */
const SNAPSHOT_TTL_MS = 5_000;

interface ViewBody {
  contact?: { id: string; firstName: string | null } | null;
  error?: { code: string; message: string; details?: { retryable?: boolean; retryAfterSeconds?: number } };
}

describe('record view under HubSpot faults', () => {
  let b: FaultBackend;
  beforeAll(async () => {
    b = await startFaultBackend();
  }, 40_000);
  afterAll(() => b?.close());

  const control = () => b.sandbox.sandbox.control;
  const view = async (contactId: number) => {
    const t0 = Date.now();
    const r = await api<ViewBody>(b.url, 'GET', `/api/v1/portals/${ACME.portalId}/contacts/${contactId}/view`, b.team.repToken);
    return { ...r, ms: Date.now() - t0 };
  };
  const expectUnavailable = (r: Awaited<ReturnType<typeof view>>) => {
    expect([r.status, r.body.error?.code, r.body.error?.details?.retryable]).toEqual([503, 'hubspot_unavailable', true]);
    expect(r.body.error?.details?.retryAfterSeconds).toBeGreaterThan(0);
    // No verdict or record data rides on the failure.
    expect(r.body.contact).toBeUndefined();
    expect(r.ms).toBeLessThan(PANEL_TIMEOUT_MS);
  };

  it('5xx burst on the contact read: a retryable hubspot_unavailable at once, then recovery', async () => {
    control().addFault({ method: 'GET', path: '/crm/v3/objects/contacts/*', kind: 'status', status: 502, times: 3 });
    expectUnavailable(await view(102));
    expectUnavailable(await view(102));
    expectUnavailable(await view(102));
    const ok = await view(102);
    expect(ok.status).toBe(200);
    expect(ok.body.contact?.id).toBe('102');
  });

  it('5xx on the permission lookup: "try again", not the ownership model guessed as HubSpot\'s verdict', async () => {
    control().addFault({ method: 'GET', path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 503, times: 1 });
    expectUnavailable(await view(104));
    // The failure is remembered briefly (no hammering); the view comes back by itself.
    const end = Date.now() + 8_000;
    let r = await view(104);
    while (r.status !== 200 && Date.now() < end) {
      await new Promise((res) => setTimeout(res, 250));
      r = await view(104);
    }
    expect(r.status).toBe(200);
    expect(r.body.contact?.id).toBe('104');
  });

  it('a contact read that hangs: answered within the panel timeout, not left to time the panel out', async () => {
    control().addFault({ method: 'GET', path: '/crm/v3/objects/contacts/*', kind: 'hang', times: 1 });
    expectUnavailable(await view(105));
    expect((await view(105)).status).toBe(200);
  }, 20_000);

  it('dropped connections: hubspot_unavailable, then recovery', async () => {
    control().addFault({ method: 'GET', path: '/crm/v3/objects/contacts/*', kind: 'drop', times: 1 });
    expectUnavailable(await view(106));
    expect((await view(106)).status).toBe(200);
  });

  it('a latency spike under the timeout: the view waits and shows the record as it is now', async () => {
    control().setContactProperties(ACME.portalId, '107', { firstname: 'Spiked' });
    control().addLatency({ method: 'GET', path: '/crm/v3/objects/contacts/*', ms: 1_500, times: 1 });
    const r = await view(107);
    expect(r.status).toBe(200);
    expect(r.body.contact?.firstName).toBe('Spiked');
    expect(r.ms).toBeGreaterThanOrEqual(1_500);
  });

  it('never serves a snapshot past its lifetime when HubSpot fails: stale data is not shown as current', async () => {
    const first = await view(108);
    expect(first.status).toBe(200);
    const readAt = Date.now();
    control().setContactProperties(ACME.portalId, '108', { firstname: 'Changed meanwhile' });
    control().addFault({ method: 'GET', path: '/crm/v3/objects/contacts/*', kind: 'status', status: 500 });
    try {
      await new Promise((r) => setTimeout(r, Math.max(0, readAt + SNAPSHOT_TTL_MS + 200 - Date.now())));
      expectUnavailable(await view(108));
    } finally {
      control().clearFaults();
    }
    const fresh = await view(108);
    expect(fresh.status).toBe(200);
    expect(fresh.body.contact?.firstName).toBe('Changed meanwhile');
  }, 20_000);
});
