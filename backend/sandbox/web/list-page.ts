import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { decideRecordAccess } from '../permissions.js';
import { toAccessUser } from '../ownership.js';
import { resolveViewer, sendPage } from './chrome.js';
import { html, type SafeHtml } from './html.js';

/**
 * The contacts index (`/contacts/{portalId}/objects/0-1/views/all/list`): the records the viewer
 * may see, each linking to its record page with client-side navigation. The legacy links use
 * the `/contact/{id}` shape on every other row so both URL forms get exercised.
 */

const LIST_LIMIT = 100;
const params = z.object({ portalId: z.string().regex(/^\d+$/) });

export function registerListPage(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/contacts/:portalId/objects/0-1/views/all/list', async (request, reply) => {
    const parsed = params.safeParse(request.params);
    const portal = parsed.success ? ctx.state.portal(Number(parsed.data.portalId)) : undefined;
    const user = portal && resolveViewer(request, reply, portal);
    if (!portal || !user) {
      return sendPage(request, reply, { title: 'Page not found | HubSpot', main: html`<div class="empty-state" data-test-id="record-not-found"><h1>This page doesn't exist</h1></div>`, status: 404 });
    }
    const access = toAccessUser(user);
    const rows: SafeHtml[] = [];
    for (const c of portal.contacts.values()) {
      if (rows.length >= LIST_LIMIT) break;
      if (c.archived || !decideRecordAccess(access, c.properties, portal.teamParents).canView) continue;
      const legacy = rows.length % 2 === 1;
      const href = legacy ? `/contacts/${portal.portalId}/contact/${c.id}` : `/contacts/${portal.portalId}/record/0-1/${c.id}`;
      const owner = c.properties.hubspot_owner_id ? portal.owners.get(Number(c.properties.hubspot_owner_id)) : undefined;
      rows.push(html`<tr data-test-id="contact-row" data-contact-id="${c.id}">
        <td><a href="${href}" data-spa-link>${c.properties.firstname ?? ''} ${c.properties.lastname ?? ''}</a></td>
        <td>${c.properties.email ?? ''}</td>
        <td>${owner ? `${owner.firstName} ${owner.lastName}` : 'No owner'}</td></tr>`);
    }
    const main = html`<div class="center" data-test-id="contacts-list"><h1>Contacts</h1>
      <table><thead><tr><th>Name</th><th>Email</th><th>Contact owner</th></tr></thead><tbody>${rows}</tbody></table></div>`;
    return sendPage(request, reply, { title: 'Contacts | HubSpot', viewer: { portal, user }, main });
  });
}

/** `/`: a start page linking each portal's contacts list, for people using the sandbox by hand. */
export function registerIndexPage(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/', async (request, reply) => {
    const portals = [...ctx.state.portals.values()].map(
      (p) => html`<li><a href="/contacts/${p.portalId}/objects/0-1/views/all/list">${p.name}</a> (portal ${p.portalId}, ${p.tier} tier)</li>`,
    );
    return sendPage(request, reply, { title: 'HubSpot sandbox', main: html`<div class="empty-state"><h1>HubSpot sandbox</h1><ul>${portals}</ul></div>` });
  });
}
