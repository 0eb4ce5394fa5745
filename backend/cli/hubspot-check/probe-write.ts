import { createCheckNote, deleteNote } from '../../hubspot/note-probe';
import { failureDetail, failureMeaning, row, type CheckRow } from './row';
import type { CheckWiring } from './setup';

/**
 * `--write-test` only: one note on a contact that exists, then its deletion, each reported.
 * If the delete fails the row says which note to remove by hand.
 */
export const CHECK_NOTE_BODY = 'Portside connection check (hubspot check --write-test). This note is deleted at once; if you see it, delete it.';

export async function writeRows(w: CheckWiring, contactId: string | null, now: number): Promise<CheckRow[]> {
  if (!contactId) return [row('write: note create', 'skip', '-', 'No readable contact to put the note on.'), row('write: note delete', 'skip', '-', 'Nothing was created.')];
  const created = await createCheckNote(w.send, contactId, CHECK_NOTE_BODY, now);
  if (!created.ok) {
    return [row('write: note create', 'fail', `contact ${contactId}: ${failureDetail(created)}`, `Portside could not write a note: ${failureMeaning(created)}`), row('write: note delete', 'skip', '-', 'Nothing was created.')];
  }
  const { noteId } = created.data;
  const rows = [row('write: note create', 'ok', `note ${noteId} on contact ${contactId}`, 'Portside can add notes to contacts.')];
  const deleted = await deleteNote(w.send, noteId);
  rows.push(
    deleted.ok
      ? row('write: note delete', 'ok', `note ${noteId} deleted`, 'The test note is gone again.')
      : row('write: note delete', 'fail', `note ${noteId}: ${failureDetail(deleted)}`, `Delete note ${noteId} in HubSpot by hand: ${failureMeaning(deleted)}`),
  );
  return rows;
}
