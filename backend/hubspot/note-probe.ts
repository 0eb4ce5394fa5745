import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import { idString, unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * The write check's two calls: create one note on a contact (`POST /crm/v3/objects/notes` with
 * the HUBSPOT_DEFINED note→contact association, type 202) and archive it again
 * (`DELETE /crm/v3/objects/notes/{id}`, 204). Used only by the operator's explicit
 * `hubspot check --write-test`; the note body says what it is in case the delete fails.
 */

const NOTE_TO_CONTACT = 202;
const Created = z.object({ id: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(idString) });

export async function createCheckNote(send: PortalSend, contactId: string, body: string, at: number): Promise<SendResult<{ noteId: string }>> {
  if (!/^\d+$/.test(contactId)) throw new Error('contact id must be numeric');
  const res = await send({
    method: 'POST',
    path: '/crm/v3/objects/notes',
    json: {
      properties: { hs_note_body: body, hs_timestamp: new Date(at).toISOString() },
      associations: [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }] }],
    },
  });
  if (!res.ok) return res;
  const parsed = Created.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer('the created note');
  return ok({ noteId: parsed.data.id });
}

export async function deleteNote(send: PortalSend, noteId: string): Promise<SendResult<null>> {
  if (!/^\d+$/.test(noteId)) throw new Error('note id must be numeric');
  const res = await send({ method: 'DELETE', path: `/crm/v3/objects/notes/${noteId}` });
  return res.ok ? ok(null) : res;
}
