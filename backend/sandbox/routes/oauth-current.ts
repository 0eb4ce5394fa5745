import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { correlationId } from '../errors.js';
import { clientFailure, isFailure, runGrant, tokenForm, type GrantFailure } from '../oauth-grants.js';
import { revokeRefreshToken, usableRefreshToken } from '../tokens.js';

/**
 * The current OAuth API, published both as `/oauth/v3/*` and as the date-versioned
 * `/oauth/2026-03/*` (the spec's operation ids name both paths). Every parameter travels in the
 * form body; errors carry RFC 6749 `error`/`error_description` beside HubSpot's `status`/`message`.
 * Introspection answers the spec's PublicAccessTokenInfoResponse / PublicRefreshTokenInfoResponse
 * fields (minus `signed_access_token`, HubSpot's internal signature, which clients do not read) and
 * RFC 7662's bare `{active: false}` for anything dead. Revoke deletes a refresh token only (the
 * spec's wording); access tokens already minted from it run to their expiry, as on HubSpot.
 */

export const CURRENT_OAUTH_VERSIONS = ['v3', '2026-03'] as const;

const tokenBody = z.object({
  token: z.string().optional(),
  token_type_hint: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

function currentError(f: GrantFailure): Record<string, string> {
  return { status: f.status, message: f.message, correlationId: correlationId(), error: f.error, error_description: f.message };
}

function introspect(ctx: SandboxContext, token: string | undefined): object {
  const now = ctx.now();
  const access = token ? ctx.state.accessTokens.get(token) : undefined;
  if (access && !access.revoked && access.expiresAt > now) {
    const portal = ctx.state.portal(access.portalId);
    return {
      active: true,
      token: access.token,
      token_use: 'access_token',
      token_type: 'bearer',
      client_id: ctx.state.refreshTokens.get(access.refreshToken)?.clientId ?? '',
      app_id: access.appId,
      hub_id: access.portalId,
      hub_domain: portal?.domain ?? '',
      user: portal?.users.get(access.userId)?.email ?? '',
      user_id: access.userId,
      scopes: [...access.scopes],
      expires_in: Math.max(0, Math.floor((access.expiresAt - now) / 1000)),
      is_private_distribution: false,
    };
  }
  const refresh = token ? usableRefreshToken(ctx.state, token) : undefined;
  if (refresh) {
    const portal = ctx.state.portal(refresh.portalId);
    return {
      active: true,
      token: refresh.token,
      token_use: 'refresh_token',
      token_type: 'refresh',
      client_id: refresh.clientId,
      app_id: refresh.appId,
      hub_id: refresh.portalId,
      hub_domain: portal?.domain ?? '',
      user: portal?.users.get(refresh.userId)?.email ?? '',
      user_id: refresh.userId,
      scopes: [...refresh.scopes],
    };
  }
  return { active: false };
}

export function registerOAuthCurrent(app: FastifyInstance, ctx: SandboxContext): void {
  for (const version of CURRENT_OAUTH_VERSIONS) {
    app.post(`/oauth/${version}/token`, async (request, reply) => {
      const form = tokenForm.safeParse(request.body ?? {});
      const result = runGrant(ctx, form.success ? form.data : {});
      if (isFailure(result)) return reply.code(result.error === 'invalid_client' ? 401 : 400).send(currentError(result));
      return { ...result, token_use: 'access_token' };
    });

    app.post(`/oauth/${version}/token/introspect`, async (request, reply) => {
      const body = tokenBody.safeParse(request.body ?? {});
      const b = body.success ? body.data : {};
      const client = clientFailure(b);
      if (client) return reply.code(401).send(currentError(client));
      return introspect(ctx, b.token);
    });

    app.post(`/oauth/${version}/token/revoke`, async (request, reply) => {
      const body = tokenBody.safeParse(request.body ?? {});
      const b = body.success ? body.data : {};
      const client = clientFailure(b);
      if (client) return reply.code(401).send(currentError(client));
      // RFC 7009: an unknown or already revoked token is not an error.
      const refresh = b.token ? ctx.state.refreshTokens.get(b.token) : undefined;
      if (refresh && refresh.clientId === b.client_id) revokeRefreshToken(ctx.state, refresh.token);
      return reply.code(200).send();
    });
  }
}
