import { TASK_ENUM_PROPERTIES, type TaskEnumField } from '../../../lib/contract/api/task-options';
import type { NoteWriteBody, TaskWriteBody } from '../../../lib/contract/api/writes';

/**
 * Builds the HubSpot properties of a note or task from what the rep typed.
 *
 * HubSpot stores `hs_note_body` / `hs_task_body` as HTML and renders it in the CRM, so the rep's
 * text is escaped into inert HTML (no tag or entity they type survives as markup) and only line
 * breaks become `<br>`/paragraphs.
 *
 * Each create also carries a marker unique to the write, so that after an ambiguous failure
 * (timeout, dropped connection, crash) the worker can find out whether HubSpot already created
 * it before sending again. The marker is text inside a hidden element: if HubSpot's sanitiser
 * strips the style, a short reference line shows instead, and the text survives either way.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Plain text → paragraphs of escaped lines. Control characters other than newline/tab are dropped. */
export function textToHtml(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return clean
    .trim()
    .split(/\n{2,}/)
    .map((para) => `<p>${para.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('');
}

/** The token that identifies one write's note or task; only [a-z0-9-] so no tokenizer or sanitiser changes it. */
export function markerFor(writeId: string): string {
  return `portside-${writeId.replace(/[^a-f0-9]/gi, '').toLowerCase()}`;
}

export function markerHtml(marker: string): string {
  return `<p style="display:none">ref ${marker}</p>`;
}

/** HubSpot caps text properties at 65,536 characters. */
export const MAX_HTML_BODY = 65_536;

export function notePayload(body: NoteWriteBody, ownerId: string, marker: string, acceptedAt: Date): Record<string, string> {
  return {
    hs_note_body: textToHtml(body.body) + markerHtml(marker),
    hs_timestamp: acceptedAt.toISOString(),
    hubspot_owner_id: ownerId,
  };
}

/**
 * Type, priority and status are sent only when the rep chose them (acceptance has checked them
 * against the portal's options): HubSpot has no "none" value, and a property left out is simply
 * unset on the task, as in HubSpot's own form.
 */
export function taskPayload(body: TaskWriteBody, ownerId: string, marker: string, acceptedAt: Date): Record<string, string> {
  const out: Record<string, string> = {
    hs_task_subject: body.subject,
    hs_task_body: (body.body?.trim() ? textToHtml(body.body) : '') + markerHtml(marker),
    hs_timestamp: body.dueAt ? new Date(body.dueAt).toISOString() : acceptedAt.toISOString(),
    hubspot_owner_id: ownerId,
  };
  for (const field of Object.keys(TASK_ENUM_PROPERTIES) as TaskEnumField[]) {
    const value = body[field];
    if (value !== undefined) out[TASK_ENUM_PROPERTIES[field]] = value;
  }
  return out;
}
