import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { RecordViewParams } from '../../../../lib/api/records';
import { signedIn } from '../../../http/authenticate';
import type { AccessDeps } from '../../../services/access/deps';
import { viewRecord } from '../../../services/records/view';
import { parseOr400, respond } from '../respond';

export const RECORD_VIEW_URL = '/portals/:portalId/contacts/:contactId/view';

// The ids as checked by the onRequest hook, for the handler: parsed once per request.
const checked = new WeakMap<FastifyRequest, z.output<typeof RecordViewParams>>();

/**
 * Malformed ids are refused before anything else runs (no session lookup, no HubSpot call); the
 * scope registers this ahead of the authentication hook.
 */
export async function checkRecordParams(req: FastifyRequest, reply: FastifyReply) {
  const params = parseOr400(RecordViewParams, req.params, reply);
  if (!params) return reply;
  checked.set(req, params);
}

/** `GET /api/v1/portals/:portalId/contacts/:contactId/view`: the panel's verdict and summary. */
export function recordViewRoute(app: FastifyInstance, deps: AccessDeps) {
  app.get(RECORD_VIEW_URL, async (req, reply) => {
    const params = checked.get(req);
    // Like signedIn(): only a route registered outside the records scope gets here unchecked (→ 500).
    if (!params) throw new Error(`${RECORD_VIEW_URL} ran without checkRecordParams`);
    return respond(reply, await viewRecord(deps, signedIn(req), params.portalId, params.contactId, { correlationId: req.id }));
  });
}
