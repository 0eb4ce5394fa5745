import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { correlationId } from '../errors.js';
import { clientFailure, isFailure, runGrant, tokenForm, type GrantFailure } from '../oauth-grants.js';
import { revokeAccessToken, revokeRefreshToken, usableRefreshToken } from '../tokens.js';

/**
 * OAuth v3 (2025+): every parameter in the form body; errors add RFC 6749 `error` and
 * `error_description` to HubSpot's `status`/`message`. Introspection follows RFC 7662 and
 * revocation RFC 7009 (200 whether or not the token existed).
 */

const tokenBody = z.object({
  token: z.string().optional(),
  token_type_hint: z.enum(['access_token', 'refresh_token']).optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

function v3Error(f: GrantFailure): Record<string, string> {
  return { status: f.status, message: f.message, correlationId: correlationId(), error: f.error, error_description: f.message };
}

export function registerOAuthV3(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/oauth/v3/token', async (request, reply) => {
    const form = tokenForm.safeParse(request.body ?? {});
    const result = runGrant(ctx, form.success ? form.data : {});
    if (isFailure(result)) return reply.code(result.error === 'invalid_client' ? 401 : 400).send(v3Error(result));
    return { ...result, scope: result.scopes.join(' ') };
  });

  app.post('/oauth/v3/token/introspect', async (request, reply) => {
    const body = tokenBody.safeParse(request.body ?? {});
    const b = body.success ? body.data : {};
    const client = clientFailure(b);
    if (client) return reply.code(401).send(v3Error(client));
    const now = ctx.now();
    const access = b.token ? ctx.state.accessTokens.get(b.token) : undefined;
    if (access && !access.revoked && access.expiresAt > now) {
      const portal = ctx.state.portal(access.portalId);
      return {
        active: true,
        token_type: 'access_token',
        client_id: b.client_id,
        scope: access.scopes.join(' '),
        exp: Math.floor(access.expiresAt / 1000),
        iat: Math.floor(access.issuedAt / 1000),
        hub_id: access.portalId,
        user_id: access.userId,
        user: portal?.users.get(access.userId)?.email ?? '',
        app_id: access.appId,
      };
    }
    const refresh = b.token ? usableRefreshToken(ctx.state, b.token) : undefined;
    if (refresh) {
      return { active: true, token_type: 'refresh_token', client_id: refresh.clientId, scope: refresh.scopes.join(' '), hub_id: refresh.portalId, user_id: refresh.userId, app_id: refresh.appId };
    }
    return { active: false };
  });

  app.post('/oauth/v3/token/revoke', async (request, reply) => {
    const body = tokenBody.safeParse(request.body ?? {});
    const b = body.success ? body.data : {};
    const client = clientFailure(b);
    if (client) return reply.code(401).send(v3Error(client));
    if (b.token && !revokeRefreshToken(ctx.state, b.token)) revokeAccessToken(ctx.state, b.token);
    return reply.code(200).send();
  });
}
