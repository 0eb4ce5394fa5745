import { readRecord, type CrmRecord } from './object-read';
import type { PortalSend, SendResult } from './portal-send';

/** A contact read (object-read.ts): kept for the CLI probe and tests that read one contact. */
export type ContactRecord = CrmRecord;

export const readContact = (send: PortalSend, contactId: string, properties: readonly string[]): Promise<SendResult<ContactRecord | null>> =>
  readRecord(send, 'contacts', contactId, properties);
