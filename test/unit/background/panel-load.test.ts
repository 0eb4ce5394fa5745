import { describe, expect, it } from 'vitest';
import { loadPanel } from '../../../lib/extension/background/panel-load';
import { createBackendClient } from '../../../lib/extension/backend-client';
import { MeResponse } from '../../../lib/contract/api/accounts';

/** The backend's answers by path, as its routes send them (the contract's error shape). */
function backend(answers: Record<string, { status: number; body: unknown }>) {
  const asked: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const path = new URL(String(input)).pathname;
    asked.push(path);
    const a = answers[path] ?? { status: 404, body: { error: { code: 'not_found', message: 'none' } } };
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { client: createBackendClient({ baseUrl: 'http://localhost:8787', fetch }), asked };
}

const deal = { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-3' as const, recordId: '22002' };
const unavailable = {
  status: 409,
  body: { error: { code: 'object_not_available', message: "Deals aren't available", details: { objectType: '0-3', missingScopes: ['crm.objects.deals.read'], reconnect: true } } },
};
const T = '2026-01-01T00:00:00.000Z';
// Parsed here, so the stand-in answer is exactly the contract's shape.
const me = (role: 'admin' | 'member') => ({
  status: 200,
  body: MeResponse.parse({
    member: { id: 'm1', email: 'evan@acme.example', emailVerified: true, displayName: 'Evan', role, status: 'active', createdAt: T, lastSignInAt: null },
    workspace: { id: 'w1', name: 'Acme Sales', createdAt: T },
    session: { expiresAt: T, idleTimeoutSeconds: 3600, staySignedIn: false },
  }),
});

describe('loadPanel on an object the install was not granted', () => {
  it.each([
    ['admin', true],
    ['member', false],
  ] as const)('asks the object route and says which object is missing (%s)', async (role, isAdmin) => {
    const { client, asked } = backend({ '/api/v1/portals/1001/objects/0-3/22002/view': unavailable, '/api/v1/me': me(role) });
    const data = await loadPanel(client, 'token', deal);
    expect(asked[0]).toBe('/api/v1/portals/1001/objects/0-3/22002/view');
    expect(data).toMatchObject({ state: 'object_unavailable', objectType: '0-3', label: 'Deals', missingScopes: ['crm.objects.deals.read'], isAdmin, who: { email: 'evan@acme.example', workspace: 'Acme Sales' } });
  });
});
