import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authOf, type SandboxContext } from '../context.js';
import { expiredAuthenticationBody, hubspotError, sendError, unknownRouteBody } from '../errors.js';
import { apiGuard } from '../guard.js';
import { isFailure, runGrant, tokenForm } from '../oauth-grants.js';
import { ROUTE_SCOPES } from '../scopes.js';
import { revokeRefreshToken, uninstallApp, usableRefreshToken } from '../tokens.js';

/**
 * OAuth v1: `POST /oauth/v1/token` (form-encoded), token information, refresh token revoke, and
 * the app uninstall endpoint `DELETE /appinstalls/v3/external-install`. v1 token errors are
 * HubSpot's `{status, message}` (e.g. BAD_REFRESH_TOKEN after a revoke or uninstall) plus RFC 6749's
 * `error`/`error_description`.
 * HubSpot sunsets v1 on 16 Feb 2027 (options.oauthV1SunsetAt): from then on every v1 path answers
 * exactly as a path HubSpot does not serve, so a client still on v1 fails the way it would there.
 */

const tokenParam = z.object({ token: z.string().min(1) });

export function registerOAuthV1(app: FastifyInstance, ctx: SandboxContext): void {
  const sunset = async (request: FastifyRequest, reply: FastifyReply) => {
    if (ctx.now() >= ctx.options.oauthV1SunsetAt) return sendError(reply, 404, unknownRouteBody(request.method, request.url));
  };
  app.register(async (v1) => {
    v1.addHook('onRequest', sunset);
    registerV1Routes(v1, ctx);
  });

  app.delete('/appinstalls/v3/external-install', { onRequest: apiGuard(ctx, ROUTE_SCOPES.oauth) }, async (request, reply) => {
    const { token } = authOf(request);
    uninstallApp(ctx.state, token.appId, token.portalId);
    return reply.code(204).send();
  });
}

function registerV1Routes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/oauth/v1/token', async (request, reply) => {
    const form = tokenForm.safeParse(request.body ?? {});
    const result = runGrant(ctx, form.success ? form.data : {});
    // HubSpot added RFC 6749's `error`/`error_description` to v1's answers too (changelog, OAuth v3 release).
    if (isFailure(result)) return reply.code(400).send({ status: result.status, message: result.message, error: result.error, error_description: result.message });
    return result;
  });

  app.get('/oauth/v1/access-tokens/:token', async (request, reply) => {
    const { token } = tokenParam.parse(request.params);
    const access = ctx.state.accessTokens.get(token);
    if (!access || access.revoked) return sendError(reply, 404, hubspotError('Access token not found', 'OBJECT_NOT_FOUND'));
    const now = ctx.now();
    if (access.expiresAt <= now) return sendError(reply, 401, expiredAuthenticationBody(access.expiresAt, now));
    const portal = ctx.state.portal(access.portalId);
    return {
      token: access.token,
      user: portal?.users.get(access.userId)?.email ?? '',
      hub_domain: portal?.domain ?? '',
      scopes: [...access.scopes],
      hub_id: access.portalId,
      app_id: access.appId,
      expires_in: Math.max(0, Math.floor((access.expiresAt - now) / 1000)),
      user_id: access.userId,
      token_type: 'access',
    };
  });

  app.get('/oauth/v1/refresh-tokens/:token', async (request, reply) => {
    const { token } = tokenParam.parse(request.params);
    const refresh = usableRefreshToken(ctx.state, token);
    if (!refresh) return sendError(reply, 404, hubspotError('Refresh token not found', 'OBJECT_NOT_FOUND'));
    const portal = ctx.state.portal(refresh.portalId);
    return {
      token: refresh.token,
      user: portal?.users.get(refresh.userId)?.email ?? '',
      hub_domain: portal?.domain ?? '',
      scopes: [...refresh.scopes],
      hub_id: refresh.portalId,
      client_id: refresh.clientId,
      user_id: refresh.userId,
      token_type: 'refresh',
    };
  });

  app.delete('/oauth/v1/refresh-tokens/:token', async (request, reply) => {
    const { token } = tokenParam.parse(request.params);
    if (!revokeRefreshToken(ctx.state, token)) return sendError(reply, 404, hubspotError('Refresh token not found', 'OBJECT_NOT_FOUND'));
    return reply.code(204).send();
  });
}
