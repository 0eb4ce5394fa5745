import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { decideRecordAccess } from '../permissions.js';
import { PROPERTY_DEFS } from '../property-defs.js';
import { toAccessUser } from '../ownership.js';
import type { CrmRecord, PortalState } from '../state.js';
import { resolveViewer, sendPage, type WebViewer } from './chrome.js';
import { html, stripTags, type SafeHtml } from './html.js';
import { associationsPanel } from './record-view.js';

/**
 * The contact record page at HubSpot's URL shapes (`/contacts/{portalId}/record/0-1/{id}` and
 * the legacy `/contacts/{portalId}/contact/{id}`), rendered as the current viewer would see it:
 * the record, or HubSpot's "you don't have access" page when their permissions deny it.
 * Notes, tasks and calls written through the API appear in the activity timeline.
 */

const SIDEBAR = ['firstname', 'lastname', 'email', 'phone', 'company', 'jobtitle', 'lifecyclestage', 'hs_lead_status', 'hubspot_owner_id', 'city'];

const params = z.object({ portalId: z.string().regex(/^\d+$/), contactId: z.string() });

function displayValue(portal: PortalState, name: string, value: string | undefined): string {
  if (!value) return '--';
  if (name === 'hubspot_owner_id') {
    const owner = portal.owners.get(Number(value));
    return owner ? `${owner.firstName} ${owner.lastName}` : value;
  }
  const def = PROPERTY_DEFS.contacts.get(name);
  return def?.options?.find((o) => o.value === value)?.label ?? value;
}

function timeline(portal: PortalState, contact: CrmRecord): SafeHtml {
  const entry = portal.engagementsByContact.get(contact.id);
  const items: { at: string; markup: SafeHtml }[] = [];
  for (const id of entry?.notes ?? []) {
    const note = portal.notes.get(id);
    if (!note) continue;
    items.push({
      at: note.properties.hs_timestamp ?? '',
      markup: html`<li data-test-id="note" data-note-id="${note.id}"><strong>Note</strong> · <time>${note.properties.hs_timestamp}</time><p>${stripTags(note.properties.hs_note_body ?? '')}</p></li>`,
    });
  }
  for (const id of entry?.tasks ?? []) {
    const task = portal.tasks.get(id);
    if (!task) continue;
    items.push({
      at: task.properties.hs_timestamp ?? '',
      markup: html`<li data-test-id="task" data-task-id="${task.id}"><strong>Task</strong>: ${task.properties.hs_task_subject ?? '(no title)'} · ${task.properties.hs_task_status} · due <time>${task.properties.hs_timestamp}</time><p>${stripTags(task.properties.hs_task_body ?? '')}</p></li>`,
    });
  }
  for (const id of entry?.calls ?? []) {
    const call = portal.calls.get(id);
    if (!call) continue;
    const p = call.properties;
    const direction = p.hs_call_direction === 'INBOUND' ? 'Inbound' : p.hs_call_direction === 'OUTBOUND' ? 'Outbound' : '';
    const outcome = portal.callOutcomes.find((o) => o.id === p.hs_call_disposition)?.label ?? '';
    items.push({
      at: p.hs_timestamp ?? '',
      markup: html`<li data-test-id="call" data-call-id="${call.id}"><strong>Call</strong>${p.hs_call_title ? html`: ${p.hs_call_title}` : ''} · ${direction}${outcome ? html` · <span data-test-id="call-outcome">${outcome}</span>` : ''} · <time>${p.hs_timestamp}</time><p>${stripTags(p.hs_call_body ?? '')}</p></li>`,
    });
  }
  items.sort((a, b) => b.at.localeCompare(a.at));
  return items.length
    ? html`<ul class="timeline" data-test-id="timeline">${items.map((i) => i.markup)}</ul>`
    : html`<p data-test-id="timeline-empty">No activities yet.</p>`;
}

function recordView(viewer: WebViewer, contact: CrmRecord, canEdit: boolean): SafeHtml {
  const p = contact.properties;
  const name = [p.firstname, p.lastname].filter(Boolean).join(' ') || p.email || `Contact ${contact.id}`;
  const props = SIDEBAR.map(
    (n) => html`<dl class="prop" data-property="${n}"><dt>${PROPERTY_DEFS.contacts.get(n)?.label ?? n}</dt><dd>${displayValue(viewer.portal, n, p[n])}</dd></dl>`,
  );
  return html`<div class="page" data-test-id="contact-record" data-contact-id="${contact.id}" data-can-edit="${String(canEdit)}">
  <aside class="sidebar" data-test-id="record-sidebar">
    <a href="/contacts/${viewer.portal.portalId}/objects/0-1/views/all/list" data-spa-link>&lsaquo; Contacts</a>
    <h1 data-test-id="record-title">${name}</h1>
    <p>${p.jobtitle ?? ''}${p.company ? html` at ${p.company}` : ''}</p>
    <p>${p.email ?? ''}</p>
    <h2>About this contact</h2>
    ${props}
  </aside>
  <section class="center"><h2>Activity</h2>${timeline(viewer.portal, contact)}</section>
  ${associationsPanel(viewer.portal, contact)}
</div>`;
}

function accessDenied(): SafeHtml {
  return html`<div class="empty-state" data-test-id="access-denied">
  <h1>You don't have access to this record</h1>
  <p>You don't have permission to view this contact. Ask a super admin to update your permissions or to share this record with you.</p>
</div>`;
}

function notFound(what: string): SafeHtml {
  return html`<div class="empty-state" data-test-id="record-not-found"><h1>This ${what} doesn't exist</h1><p>It may have been deleted, or the link may be wrong.</p></div>`;
}

export function registerContactPage(app: FastifyInstance, ctx: SandboxContext): void {
  async function handler(request: FastifyRequest, reply: FastifyReply) {
    const parsed = params.safeParse(request.params);
    const portal = parsed.success ? ctx.state.portal(Number(parsed.data.portalId)) : undefined;
    if (!parsed.success || !portal) return sendPage(request, reply, { title: 'Page not found | HubSpot', main: notFound('page'), status: 404 });
    const user = resolveViewer(request, reply, portal);
    if (!user) return sendPage(request, reply, { title: 'Page not found | HubSpot', main: notFound('page'), status: 404 });
    const viewer = { portal, user };
    const contact = portal.contacts.get(parsed.data.contactId);
    if (!contact || contact.archived) return sendPage(request, reply, { title: 'Contact not found | HubSpot', viewer, main: notFound('contact') });
    const access = decideRecordAccess(toAccessUser(user), contact.properties, portal.teamParents);
    if (!access.canView) return sendPage(request, reply, { title: 'Access denied | HubSpot', viewer, main: accessDenied() });
    const name = [contact.properties.firstname, contact.properties.lastname].filter(Boolean).join(' ') || `Contact ${contact.id}`;
    return sendPage(request, reply, { title: `${name} | Contact | HubSpot`, viewer, main: recordView(viewer, contact, access.canEdit) });
  }
  app.get('/contacts/:portalId/record/0-1/:contactId', handler);
  app.get('/contacts/:portalId/contact/:contactId', handler);
}
