import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { decideForUser } from '../object-access.js';
import type { ObjectAccessReason } from '../object-permissions.js';
import { resolveViewer, sendPage, type WebViewer } from './chrome.js';
import { html, type SafeHtml } from './html.js';
import { activity, associationsPanel, PAGE_OBJECTS, summary, type PageObject } from './record-view.js';

/**
 * Company, deal and ticket record pages at HubSpot's URL shapes
 * (`/contacts/{portalId}/record/0-2|0-3|0-5/{id}` and the legacy `/company/{id}`, `/deal/{id}`,
 * `/ticket/{id}`), rendered as the current viewer would see them: the record, or HubSpot's
 * "you don't have access" page when their object permissions or the pipeline's deny it.
 * Notes and tasks associated through the API appear in the activity timeline.
 */

const params = z.object({ portalId: z.string().regex(/^\d+$/), id: z.string() });

const DENIED: Partial<Record<ObjectAccessReason, string>> = {
  object_not_permitted: "You don't have permission to view {objects}. Ask a super admin to update your permissions.",
  pipeline_not_permitted: "You don't have access to this {object}'s pipeline. Ask a super admin to give your team access to it.",
};

function notFound(what: string): SafeHtml {
  return html`<div class="empty-state" data-test-id="record-not-found"><h1>This ${what} doesn't exist</h1><p>It may have been deleted, or the link may be wrong.</p></div>`;
}

function denied(kind: PageObject, reason: ObjectAccessReason): SafeHtml {
  const meta = PAGE_OBJECTS[kind];
  const template = DENIED[reason] ?? "You don't have permission to view this {object}. Ask a super admin to update your permissions or to share this record with you.";
  const text = template.replace('{objects}', meta.plural.toLowerCase()).replace('{object}', meta.singular);
  return html`<div class="empty-state" data-test-id="access-denied" data-reason="${reason}"><h1>You don't have access to this record</h1><p>${text}</p></div>`;
}

function view(viewer: WebViewer, kind: PageObject, record: Parameters<typeof summary>[2], canEdit: boolean, title: string): SafeHtml {
  const meta = PAGE_OBJECTS[kind];
  const portalId = viewer.portal.portalId;
  return html`<div class="page" data-test-id="${meta.singular}-record" data-object-type-id="${meta.typeId}" data-record-id="${record.id}" data-can-edit="${String(canEdit)}">
  <aside class="sidebar" data-test-id="record-sidebar">
    <a href="/contacts/${portalId}/objects/${meta.typeId}/views/all/list" data-spa-link>&lsaquo; ${meta.plural}</a>
    <h1 data-test-id="record-title">${title}</h1>
    <h2>About this ${meta.singular}</h2>
    ${summary(viewer.portal, kind, record)}
  </aside>
  <section class="center"><h2>Activity</h2>${activity(viewer.portal, record)}</section>
  ${associationsPanel(viewer.portal, record)}
</div>`;
}

export function registerRecordPages(app: FastifyInstance, ctx: SandboxContext): void {
  for (const kind of Object.keys(PAGE_OBJECTS) as PageObject[]) {
    const meta = PAGE_OBJECTS[kind];
    const label = meta.singular[0]?.toUpperCase() + meta.singular.slice(1);
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const parsed = params.safeParse(request.params);
      const portal = parsed.success ? ctx.state.portal(Number(parsed.data.portalId)) : undefined;
      if (!parsed.success || !portal) return sendPage(request, reply, { title: 'Page not found | HubSpot', main: notFound('page'), status: 404 });
      const user = resolveViewer(request, reply, portal);
      if (!user) return sendPage(request, reply, { title: 'Page not found | HubSpot', main: notFound('page'), status: 404 });
      const viewer = { portal, user };
      const record = portal[kind].get(parsed.data.id);
      if (!record || record.archived) return sendPage(request, reply, { title: `${label} not found | HubSpot`, viewer, main: notFound(meta.singular) });
      const access = decideForUser(portal, user, record);
      if (!access.canView) return sendPage(request, reply, { title: 'Access denied | HubSpot', viewer, main: denied(kind, access.reason) });
      const title = record.properties[meta.title] ?? `${label} ${record.id}`;
      return sendPage(request, reply, { title: `${title} | ${label} | HubSpot`, viewer, main: view(viewer, kind, record, access.canEdit, title) });
    };
    app.get(`/contacts/:portalId/record/${meta.typeId}/:id`, handler);
    app.get(`/contacts/:portalId/${meta.legacy}/:id`, handler);
  }
}
