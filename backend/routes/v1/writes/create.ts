import type { FastifyInstance } from 'fastify';
import { CreateWriteBody, IDEMPOTENCY_KEY_HEADER, IdempotencyKey, WriteParams } from '../../../../lib/api/writes';
import { fail } from '../../../../lib/errors';
import { signedIn } from '../../../http/authenticate';
import { sendFailure } from '../../../http/errors';
import { acceptWrite } from '../../../services/writes/accept';
import type { WritesDeps } from '../../../services/writes/deps';
import { parseOr400 } from '../respond';

/**
 * `POST /api/v1/portals/:portalId/contacts/:contactId/writes` with `Idempotency-Key`.
 * 202 for a newly accepted write, 200 (`Idempotent-Replayed: true`) for a repeat of one.
 */
export function createWriteRoute(app: FastifyInstance, deps: WritesDeps) {
  app.post('/portals/:portalId/contacts/:contactId/writes', async (req, reply) => {
    const params = parseOr400(WriteParams, req.params, reply);
    if (!params) return reply;
    const key = IdempotencyKey.safeParse(req.headers[IDEMPOTENCY_KEY_HEADER]);
    if (!key.success) return sendFailure(reply, fail('bad_request', 'Send an Idempotency-Key header (8–128 letters, digits or _ . : -) made once per write.'));
    const body = parseOr400(CreateWriteBody, req.body, reply);
    if (!body) return reply;
    const m = signedIn(req);
    const result = await acceptWrite(deps, { memberId: m.memberId, workspaceId: m.workspaceId, role: m.role }, params, key.data, body, req.id);
    if (!result.ok) return sendFailure(reply, result);
    if (result.data.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(result.data.replayed ? 200 : 202).send({ write: result.data.write });
  });
}
