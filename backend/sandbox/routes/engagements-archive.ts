import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { findRecord } from '../crm.js';
import { notFoundBody, sendError } from '../errors.js';
import { apiGuard } from '../guard.js';
import { engagementsOf } from '../ownership.js';
import { ROUTE_SCOPES } from '../scopes.js';
import type { EngagementKind } from '../property-defs.js';

/**
 * `DELETE /crm/v3/objects/{notes|tasks|calls}/{id}`: HubSpot archives the record (it leaves reads,
 * listings and association lists) and answers 204 with no body. The record stays in the store
 * with `archived: true`, so a test can see that it was archived rather than never made.
 */

const params = z.object({ id: z.string().regex(/^\d+$/) });

export function registerEngagementArchive(app: FastifyInstance, ctx: SandboxContext, kind: EngagementKind): void {
  app.delete(`/crm/v3/objects/${kind}/:id`, { onRequest: apiGuard(ctx, ROUTE_SCOPES.contactsWrite) }, async (request, reply) => {
    const p = parseInput(params, request.params, reply, 'path');
    if (!p) return reply;
    const { portal } = authOf(request);
    const record = findRecord(portal, kind, p.id);
    if (!record) return sendError(reply, 404, notFoundBody());
    record.archived = true;
    record.updatedAt = ctx.now();
    for (const contactId of record.contactIds) {
      engagementsOf(portal, contactId)[kind].delete(record.id);
      const contact = portal.contacts.get(contactId);
      if (contact && kind === 'notes') contact.properties.num_notes = String(Math.max(0, Number(contact.properties.num_notes ?? '1') - 1));
    }
    return reply.code(204).send();
  });
}
