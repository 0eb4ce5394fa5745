import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * HubSpot serves the users and owners lists at their trailing-slash paths (`/settings/v3/users/`,
 * `/crm/v3/owners/`, as its SDK calls them) and answers the bare path with a redirect. The
 * sandbox does the same, so a client that calls the bare path and does not follow redirects
 * fails here as it would on HubSpot. Returns true when it answered.
 */
export function redirectToTrailingSlash(request: FastifyRequest, reply: FastifyReply): boolean {
  const q = request.url.indexOf('?');
  const path = q === -1 ? request.url : request.url.slice(0, q);
  if (path.endsWith('/')) return false;
  void reply.redirect(`${path}/${q === -1 ? '' : request.url.slice(q)}`, 301);
  return true;
}
