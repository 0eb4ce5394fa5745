import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { decideInstall, splitScopes } from '../oauth-rules.js';
import { SANDBOX_APP } from '../seed.js';
import { createAuthCode } from '../tokens.js';
import { sendPage } from '../web/chrome.js';
import { html, type SafeHtml } from '../web/html.js';

/**
 * The install (consent) screen: `GET /oauth/authorize` and `/oauth/{portalId}/authorize` show
 * the requested scopes and let the tester pick which portal user is installing; the form posts
 * to `/oauth/authorize/consent`, which applies HubSpot's install rules and redirects back with
 * `code` and `state` only. As on HubSpot, a refused install (role, tier, scopes) or a cancelled
 * consent is shown on this page and NOTHING is sent to the redirect URI: the app never learns
 * why an install did not come back. A bad client_id or redirect_uri never redirects either.
 */

const authorizeQuery = z.object({
  client_id: z.string().optional(),
  redirect_uri: z.string().optional(),
  scope: z.string().optional(),
  optional_scope: z.string().optional(),
  state: z.string().optional(),
});

const consentBody = authorizeQuery.extend({
  user: z.string().regex(/^\d+:\d+$/).optional(),
  action: z.enum(['approve', 'deny']).default('approve'),
});

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** Any http(s) loopback URL (backends run on varying ports) or one listed in the options. */
export function redirectAllowed(ctx: SandboxContext, redirectUri: string): boolean {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && isLoopback(url)) return true;
  return ctx.options.redirectUris.includes(redirectUri);
}

function errorPage(request: FastifyRequest, reply: FastifyReply, message: string, status = 400): FastifyReply {
  const main = html`<div class="empty-state" data-test-id="oauth-error"><h1>Couldn't complete the connection</h1><p data-test-id="oauth-error-message">${message}</p></div>`;
  return sendPage(request, reply, { title: 'Connect app | HubSpot', main, status });
}

function cancelledPage(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const main = html`<div class="empty-state" data-test-id="oauth-cancelled"><h1>App not connected</h1><p>You cancelled the connection. You can close this tab.</p></div>`;
  return sendPage(request, reply, { title: 'Connect app | HubSpot', main });
}

function checkClient(ctx: SandboxContext, clientId: string | undefined, redirectUri: string | undefined): string | null {
  if (clientId !== SANDBOX_APP.clientId) return 'Authorization failed because the client_id is invalid. Please contact the app developer.';
  if (!redirectUri || !redirectAllowed(ctx, redirectUri)) {
    return `Authorization failed as the redirect URL '${redirectUri ?? ''}' doesn't match the app's registered redirect URL`;
  }
  return null;
}

function redirectBack(reply: FastifyReply, redirectUri: string, params: Record<string, string | undefined>): FastifyReply {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return reply.redirect(url.toString(), 302);
}

export function registerOAuthAuthorize(app: FastifyInstance, ctx: SandboxContext): void {
  async function show(request: FastifyRequest, reply: FastifyReply) {
    const q = authorizeQuery.safeParse(request.query);
    if (!q.success) return errorPage(request, reply, 'Authorization failed because the request is malformed.');
    const clientError = checkClient(ctx, q.data.client_id, q.data.redirect_uri);
    if (clientError) return errorPage(request, reply, clientError);
    const pinned = (request.params as { portalId?: string }).portalId;
    const portals = [...ctx.state.portals.values()].filter((p) => !pinned || String(p.portalId) === pinned);
    if (!portals.length) return errorPage(request, reply, `Portal ${pinned} is unknown to this sandbox.`);
    const hidden = (['client_id', 'redirect_uri', 'scope', 'optional_scope', 'state'] as const).map((k) =>
      q.data[k] !== undefined ? html`<input type="hidden" name="${k}" value="${q.data[k]}">` : '',
    );
    const choices: SafeHtml[] = portals.map(
      (p) => html`<fieldset data-portal-id="${p.portalId}"><legend>${p.name} (${p.portalId}, ${p.tier} tier)</legend>
        ${[...p.users.values()].map(
          (u) => html`<label><input type="radio" name="user" value="${p.portalId}:${u.userId}" data-test-id="install-as-${u.userId}"> ${u.firstName} ${u.lastName} &lt;${u.email}&gt;${u.superAdmin ? ' · Super Admin' : ''}${u.appMarketplaceAccess ? ' · App Marketplace access' : ''}</label><br>`,
        )}</fieldset>`,
    );
    const scopes = splitScopes(q.data.scope);
    const optional = splitScopes(q.data.optional_scope);
    const main = html`<div class="empty-state" data-test-id="oauth-consent" style="text-align:left">
      <h1>Connect ${SANDBOX_APP.name} to HubSpot</h1>
      <p>Choose the account and the user who is installing the app.</p>
      <form method="post" action="/oauth/authorize/consent">${hidden}${choices}
        <h2>This app will be able to</h2>
        <ul>${scopes.map((s) => html`<li data-scope="${s}">${s}</li>`)}${optional.map((s) => html`<li data-optional-scope="${s}">${s} (optional)</li>`)}</ul>
        <button type="submit" name="action" value="approve" data-test-id="connect-app">Connect app</button>
        <button type="submit" name="action" value="deny" data-test-id="cancel">Cancel</button>
      </form></div>`;
    return sendPage(request, reply, { title: `Connect ${SANDBOX_APP.name} | HubSpot`, main });
  }
  app.get('/oauth/authorize', show);
  app.get('/oauth/:portalId/authorize', show);

  app.post('/oauth/authorize/consent', async (request, reply) => {
    const body = consentBody.safeParse(request.body ?? {});
    if (!body.success) return errorPage(request, reply, 'Authorization failed because the request is malformed.');
    const b = body.data;
    const clientError = checkClient(ctx, b.client_id, b.redirect_uri);
    if (clientError || !b.redirect_uri) return errorPage(request, reply, clientError ?? 'missing redirect_uri');
    if (b.action === 'deny') return cancelledPage(request, reply);
    const [portalId, userId] = (b.user ?? '').split(':').map(Number);
    const portal = portalId ? ctx.state.portal(portalId) : undefined;
    const user = portal && userId ? portal.users.get(userId) : undefined;
    if (!portal || !user) return errorPage(request, reply, 'Choose the account and user that installs the app.');
    const outcome = decideInstall({
      scopes: splitScopes(b.scope),
      optionalScopes: splitScopes(b.optional_scope),
      appRequiredScopes: SANDBOX_APP.requiredScopes,
      portalScopes: portal.scopes,
      user,
    });
    if (!outcome.ok) return errorPage(request, reply, outcome.description, 403);
    const code = createAuthCode(
      ctx.state,
      { portalId: portal.portalId, userId: user.userId, appId: SANDBOX_APP.appId, clientId: SANDBOX_APP.clientId, redirectUri: b.redirect_uri, scopes: outcome.granted },
      ctx.now(),
    );
    return redirectBack(reply, b.redirect_uri, { code: code.code, state: b.state });
  });
}
