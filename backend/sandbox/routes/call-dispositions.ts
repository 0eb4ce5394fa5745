import type { FastifyInstance } from 'fastify';
import { authOf, type SandboxContext } from '../context.js';
import { apiGuard } from '../guard.js';
import { ROUTE_SCOPES } from '../scopes.js';

/**
 * The portal's call outcomes as HubSpot's calling API serves them: `GET /calling/v1/dispositions`
 * → a bare array of `{id, label}` (HubSpot's engagements reference). HubSpot's reference names no
 * scope of its own for it; calls are engagements, which ride on the contacts scopes, so the
 * sandbox asks for one of those (stricter than no check at all).
 */
export function registerCallDispositions(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/calling/v1/dispositions', { onRequest: apiGuard(ctx, ROUTE_SCOPES.contactsRead) }, async (request) => {
    const { portal } = authOf(request);
    return portal.callOutcomes.map((o) => ({ id: o.id, label: o.label }));
  });
}
