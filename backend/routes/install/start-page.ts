import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { esc, securityHeaders, STYLE } from './page';

/**
 * The start link's page: whose workspace a HubSpot account would join, and one button. Only that
 * button (a same-origin form POST carrying the ticket) spends the ticket, so a mail or chat link
 * scanner fetching the link (HEAD, prefetch, repeated GETs) changes nothing. No script; the CSP
 * lets the form post only here, and follow the redirect only to HubSpot's authorize origin.
 */
export function sendStartPage(
  reply: FastifyReply,
  input: { ticket: string; workspaceName: string; admin: { name: string | null; email: string }; authorizeOrigin: string },
): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const who = input.admin.name ? `${input.admin.name} (${input.admin.email})` : input.admin.email;
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Connect HubSpot · Portside</title><style nonce="${nonce}">${STYLE}</style></head>
<body data-page="install-start">
<h1>Connect a HubSpot account to Portside</h1>
<p class="who">Workspace: <strong data-test-id="start-workspace">${esc(input.workspaceName)}</strong><br>
Portside admin: <strong data-test-id="start-admin">${esc(who)}</strong></p>
<p>The HubSpot account you approve on the next page will be connected to this workspace. The connection
is finished by this admin's own Portside extension, in the browser where they chose "Connect HubSpot".</p>
<p>If you are not this admin, or did not just start this from your own Portside options page, close this tab:
continuing connects nothing for you and only shows HubSpot's approval page.</p>
<form method="post" action="/install/start"><input type="hidden" name="ticket" value="${esc(input.ticket)}">
<button type="submit" data-test-id="continue-to-hubspot">Continue to HubSpot</button></form>
</body></html>`;
  return securityHeaders(reply, { styleNonce: nonce, formTargets: ["'self'", input.authorizeOrigin] }).status(200).type('text/html; charset=utf-8').send(body);
}
