import { z } from 'zod';
import { WriteKind } from '../../contract/api/writes';
import type { KeyValueArea } from './settings';
import { HUBSPOT_ID } from '../../contract/hubspot-ids';

/**
 * Text a rep typed in the panel, kept until the backend has accepted it: closing the tab, a dead
 * backend or an expired session lose nothing. Drafts are the rep's own words, not secrets, and
 * they expire after a week so storage does not fill with abandoned text.
 */
/** One draft per write kind the panel has a form for. */
export const DraftKind = WriteKind;
export type DraftKind = WriteKind;

export const DraftKey = z
  .object({
    portalId: z.string().regex(HUBSPOT_ID),
    contactId: z.string().regex(HUBSPOT_ID),
    kind: DraftKind,
  })
  .strict();
export type DraftKey = z.infer<typeof DraftKey>;

/** Field name → text; bounded so a runaway page cannot fill the browser's storage. */
export const DraftFields = z.record(z.string().max(100), z.string().max(65_536)).refine((f) => Object.keys(f).length <= 50, 'too many fields');
export type DraftFields = z.infer<typeof DraftFields>;

const StoredDraft = z.object({ fields: DraftFields, savedAt: z.number() });
export const DRAFT_TTL_MS = 7 * 24 * 3600 * 1000;

const storageKey = (k: DraftKey) => `draft:${k.portalId}:${k.contactId}:${k.kind}`;

export async function getDraft(area: KeyValueArea, key: DraftKey, now = Date.now()): Promise<DraftFields | null> {
  const raw = (await area.get(storageKey(key)))[storageKey(key)];
  const parsed = StoredDraft.safeParse(raw);
  if (!parsed.success) return null;
  if (now - parsed.data.savedAt > DRAFT_TTL_MS) {
    await area.remove(storageKey(key));
    return null;
  }
  return parsed.data.fields;
}

export async function putDraft(area: KeyValueArea, key: DraftKey, fields: DraftFields, now = Date.now()): Promise<void> {
  const empty = Object.values(fields).every((v) => v.trim() === '');
  if (empty) return area.remove(storageKey(key));
  await area.set({ [storageKey(key)]: { fields, savedAt: now } });
}

export async function deleteDraft(area: KeyValueArea, key: DraftKey): Promise<void> {
  await area.remove(storageKey(key));
}
