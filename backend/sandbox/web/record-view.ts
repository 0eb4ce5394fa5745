import { linkedIds } from '../associations.js';
import { recordPipeline } from '../object-access.js';
import { PROPERTY_DEFS } from '../property-defs.js';
import { findStage } from '../pipelines.js';
import type { CrmRecord, PortalState } from '../state.js';
import { html, stripTags, type SafeHtml } from './html.js';

/**
 * The parts of a company, deal or ticket record page: HubSpot's three columns (about-this-record
 * sidebar, activity timeline, associations sidebar). Associated records link to their own page
 * with client-side navigation (`data-spa-link`), as HubSpot's single-page app does.
 */

export type PageObject = 'companies' | 'deals' | 'tickets';

export const PAGE_OBJECTS: Record<PageObject, { typeId: string; legacy: string; singular: string; plural: string; title: string }> = {
  companies: { typeId: '0-2', legacy: 'company', singular: 'company', plural: 'Companies', title: 'name' },
  deals: { typeId: '0-3', legacy: 'deal', singular: 'deal', plural: 'Deals', title: 'dealname' },
  tickets: { typeId: '0-5', legacy: 'ticket', singular: 'ticket', plural: 'Tickets', title: 'subject' },
};

const SUMMARY: Record<PageObject, string[]> = {
  companies: ['name', 'domain', 'industry', 'hubspot_owner_id', 'city', 'num_associated_contacts'],
  deals: ['dealname', 'pipeline', 'dealstage', 'amount', 'closedate', 'hubspot_owner_id'],
  tickets: ['subject', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_priority', 'hubspot_owner_id'],
};

function currencyAmount(value: string, code: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).format(Number(value));
  } catch {
    return `${value} ${code}`;
  }
}

export function displayValue(portal: PortalState, record: CrmRecord, name: string): string {
  const value = record.properties[name];
  if (name === 'num_associated_contacts') return String(linkedIds(portal, record.kind, record.id, 'contacts').filter((id) => portal.contacts.get(id)?.archived === false).length);
  if (!value) return '--';
  if (name === 'hubspot_owner_id') {
    const owner = portal.owners.get(Number(value));
    return owner ? `${owner.firstName} ${owner.lastName}` : value;
  }
  const pipeline = recordPipeline(portal, record);
  if (name === 'pipeline' || name === 'hs_pipeline') return pipeline?.label ?? value;
  if (name === 'dealstage' || name === 'hs_pipeline_stage') return (pipeline && findStage(pipeline, value)?.label) ?? value;
  if (name === 'amount') return currencyAmount(value, record.properties.deal_currency_code ?? portal.companyCurrency);
  if (name === 'closedate') return value.slice(0, 10);
  return PROPERTY_DEFS[record.kind].get(name)?.options?.find((o) => o.value === value)?.label ?? value;
}

export function summary(portal: PortalState, kind: PageObject, record: CrmRecord): SafeHtml[] {
  return SUMMARY[kind].map(
    (n) => html`<dl class="prop" data-property="${n}"><dt>${PROPERTY_DEFS[kind].get(n)?.label ?? n}</dt><dd>${displayValue(portal, record, n)}</dd></dl>`,
  );
}

export function recordHref(portalId: number, kind: 'contacts' | PageObject, id: string): string {
  return kind === 'contacts' ? `/contacts/${portalId}/record/0-1/${id}` : `/contacts/${portalId}/record/${PAGE_OBJECTS[kind].typeId}/${id}`;
}

function recordName(portal: PortalState, kind: 'contacts' | PageObject, id: string): string | null {
  const r = portal[kind].get(id);
  if (!r || r.archived) return null;
  if (kind === 'contacts') return [r.properties.firstname, r.properties.lastname].filter(Boolean).join(' ') || r.properties.email || `Contact ${id}`;
  return r.properties[PAGE_OBJECTS[kind].title] ?? `${PAGE_OBJECTS[kind].singular} ${id}`;
}

export function associationsPanel(portal: PortalState, record: CrmRecord): SafeHtml {
  const sections = (['contacts', 'companies', 'deals', 'tickets'] as const)
    .filter((k) => k !== record.kind)
    .map((k) => {
      const items = linkedIds(portal, record.kind, record.id, k).flatMap((id) => {
        const name = recordName(portal, k, id);
        return name === null ? [] : [html`<li><a href="${recordHref(portal.portalId, k, id)}" data-spa-link data-test-id="associated-${k}" data-record-id="${id}">${name}</a></li>`];
      });
      const title = k === 'contacts' ? 'Contacts' : PAGE_OBJECTS[k].plural;
      return html`<section data-test-id="associations-${k}"><h3>${title} (${items.length})</h3><ul>${items}</ul></section>`;
    });
  return html`<aside class="sidebar" data-test-id="associations-sidebar">${sections}</aside>`;
}

export function activity(portal: PortalState, record: CrmRecord): SafeHtml {
  const items: { at: string; markup: SafeHtml }[] = [];
  for (const id of linkedIds(portal, record.kind, record.id, 'notes')) {
    const note = portal.notes.get(id);
    if (!note || note.archived) continue;
    items.push({ at: note.properties.hs_timestamp ?? '', markup: html`<li data-test-id="note" data-note-id="${note.id}"><strong>Note</strong> · <time>${note.properties.hs_timestamp}</time><p>${stripTags(note.properties.hs_note_body ?? '')}</p></li>` });
  }
  for (const id of linkedIds(portal, record.kind, record.id, 'tasks')) {
    const task = portal.tasks.get(id);
    if (!task || task.archived) continue;
    items.push({
      at: task.properties.hs_timestamp ?? '',
      markup: html`<li data-test-id="task" data-task-id="${task.id}"><strong>Task</strong>: ${task.properties.hs_task_subject ?? '(no title)'} · ${task.properties.hs_task_status} · due <time>${task.properties.hs_timestamp}</time><p>${stripTags(task.properties.hs_task_body ?? '')}</p></li>`,
    });
  }
  items.sort((a, b) => b.at.localeCompare(a.at));
  return items.length ? html`<ul class="timeline" data-test-id="timeline">${items.map((i) => i.markup)}</ul>` : html`<p data-test-id="timeline-empty">No activities yet.</p>`;
}
