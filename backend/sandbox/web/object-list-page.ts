import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { decideForUser } from '../object-access.js';
import { resolveViewer, sendPage } from './chrome.js';
import { html, type SafeHtml } from './html.js';
import { displayValue, PAGE_OBJECTS, recordHref, type PageObject } from './record-view.js';

/**
 * Index pages of companies, deals and tickets (`/contacts/{portalId}/objects/0-2/views/all/list`):
 * the records the viewer may see, each linking to its record page with client-side navigation;
 * every other row uses the legacy `/company|deal|ticket/{id}` URL so both forms get exercised.
 */

const LIST_LIMIT = 100;
const params = z.object({ portalId: z.string().regex(/^\d+$/) });
const COLUMNS: Record<PageObject, string[]> = {
  companies: ['domain', 'industry', 'hubspot_owner_id'],
  deals: ['dealstage', 'amount', 'hubspot_owner_id'],
  tickets: ['hs_pipeline_stage', 'hs_ticket_priority', 'hubspot_owner_id'],
};

export function registerObjectListPages(app: FastifyInstance, ctx: SandboxContext): void {
  for (const kind of Object.keys(PAGE_OBJECTS) as PageObject[]) {
    const meta = PAGE_OBJECTS[kind];
    app.get(`/contacts/:portalId/objects/${meta.typeId}/views/all/list`, async (request, reply) => {
      const parsed = params.safeParse(request.params);
      const portal = parsed.success ? ctx.state.portal(Number(parsed.data.portalId)) : undefined;
      const user = portal && resolveViewer(request, reply, portal);
      if (!portal || !user) {
        return sendPage(request, reply, { title: 'Page not found | HubSpot', main: html`<div class="empty-state" data-test-id="record-not-found"><h1>This page doesn't exist</h1></div>`, status: 404 });
      }
      const rows: SafeHtml[] = [];
      for (const r of portal[kind].values()) {
        if (rows.length >= LIST_LIMIT) break;
        if (r.archived || !decideForUser(portal, user, r).canView) continue;
        const href = rows.length % 2 === 1 ? `/contacts/${portal.portalId}/${meta.legacy}/${r.id}` : recordHref(portal.portalId, kind, r.id);
        const cells = COLUMNS[kind].map((c) => html`<td>${displayValue(portal, r, c)}</td>`);
        rows.push(html`<tr data-test-id="${meta.singular}-row" data-record-id="${r.id}"><td><a href="${href}" data-spa-link>${r.properties[meta.title] ?? r.id}</a></td>${cells}</tr>`);
      }
      const main = html`<div class="center" data-test-id="${kind}-list"><h1>${meta.plural}</h1><table><tbody>${rows}</tbody></table></div>`;
      return sendPage(request, reply, { title: `${meta.plural} | HubSpot`, viewer: { portal, user }, main });
    });
  }
}
