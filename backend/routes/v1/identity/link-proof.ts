import type { FastifyInstance } from 'fastify';
import { LinkProofBody } from '../../../../lib/api/identity';
import { signedIn } from '../../../http/authenticate';
import type { IdentityDeps } from '../../../services/identity/deps';
import { startLinkProof, verifyLinkProof } from '../../../services/identity/link-proof';
import { parseOr400, respond } from '../respond';

/** `POST /api/v1/identity/me/link-proof`: mails a code to the caller's linked HubSpot user. */
export function startLinkProofRoute(app: FastifyInstance, deps: IdentityDeps) {
  app.post('/identity/me/link-proof', async (req, reply) => respond(reply, await startLinkProof(deps, signedIn(req), { correlationId: req.id }), 202));
}

/** `POST /api/v1/identity/me/link-proof/verify` `{code}`: the code proves the link (evidence `code_proof`). */
export function verifyLinkProofRoute(app: FastifyInstance, deps: IdentityDeps) {
  app.post('/identity/me/link-proof/verify', async (req, reply) => {
    const body = parseOr400(LinkProofBody, req.body, reply);
    if (!body) return reply;
    return respond(reply, await verifyLinkProof(deps, signedIn(req), body.code, { correlationId: req.id }));
  });
}
