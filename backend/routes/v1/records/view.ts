import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RecordViewParams } from '../../../../lib/api/records';
import { signedIn } from '../../../http/authenticate';
import type { AccessDeps } from '../../../services/access/deps';
import { viewRecord } from '../../../services/records/view';
import { parseOr400, respond } from '../respond';

export const RECORD_VIEW_URL = '/portals/:portalId/contacts/:contactId/view';

/**
 * Malformed ids are refused before anything else runs (no session lookup, no HubSpot call); the
 * scope registers this ahead of the authentication hook.
 */
export async function checkRecordParams(req: FastifyRequest, reply: FastifyReply) {
  if (!parseOr400(RecordViewParams, req.params, reply)) return reply;
}

/** `GET /api/v1/portals/:portalId/contacts/:contactId/view`: the panel's verdict and summary. */
export function recordViewRoute(app: FastifyInstance, deps: AccessDeps) {
  app.get(RECORD_VIEW_URL, async (req, reply) => {
    const params = RecordViewParams.parse(req.params);
    return respond(reply, await viewRecord(deps, signedIn(req), params.portalId, params.contactId, { correlationId: req.id }));
  });
}
