import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { setAuth, type SandboxContext } from './context.js';
import { expiredAuthenticationBody, invalidAuthenticationBody, missingScopesBody, rateLimitBody, sendError, WRONG_HUBLET_STATUS, wrongHubletBody } from './errors.js';

/**
 * The per-route API guard, in HubSpot's order: authentication (401), then the burst limit
 * (429, with X-HubSpot-RateLimit-* headers on every authenticated answer), then scopes (403).
 * It runs as the route's onRequest hook so a rejected call never parses its body.
 */
export function apiGuard(ctx: SandboxContext, scopes: readonly string[]): onRequestAsyncHookHandler {
  return async function guard(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers.authorization;
    const bearer = header && header.length > 7 && header.slice(0, 7).toLowerCase() === 'bearer ' ? header.slice(7).trim() : undefined;
    const token = bearer ? ctx.state.accessTokens.get(bearer) : undefined;
    if (!token || token.revoked) return sendError(reply, 401, invalidAuthenticationBody());
    const now = ctx.now();
    if (token.expiresAt <= now) return sendError(reply, 401, expiredAuthenticationBody(token.expiresAt, now));
    const portal = ctx.state.portal(token.portalId);
    if (!portal) return sendError(reply, 401, invalidAuthenticationBody());
    setAuth(request, { token, portal });
    if (portal.movedToHublet) {
      reply.header('x-hubspot-correct-hublet', portal.movedToHublet);
      return sendError(reply, WRONG_HUBLET_STATUS, wrongHubletBody(portal.portalId, portal.movedToHublet));
    }

    const rate = ctx.rateLimiter.check(`${token.appId}:${token.portalId}`, now);
    reply.headers({
      'x-hubspot-ratelimit-max': rate.max,
      'x-hubspot-ratelimit-remaining': rate.remaining,
      'x-hubspot-ratelimit-interval-milliseconds': rate.intervalMs,
      'x-hubspot-ratelimit-secondly': rate.secondly,
      'x-hubspot-ratelimit-secondly-remaining': rate.secondlyRemaining,
    });
    if (!rate.allowed) {
      ctx.state.counters.rateLimited++;
      return sendError(reply, 429, rateLimitBody());
    }

    if (scopes.length && !scopes.some((s) => token.scopeSet.has(s))) return sendError(reply, 403, missingScopesBody(scopes));
  };
}
