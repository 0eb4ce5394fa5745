import { z } from 'zod';
import { WriteKind } from '../../contract/api/writes';
import type { KeyValueArea } from './settings';
import { HUBSPOT_ID } from '../../contract/hubspot-ids';
import { ObjectTypeParam } from '../../contract/api/records';

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
    objectType: ObjectTypeParam,
    recordId: z.string().regex(HUBSPOT_ID),
    kind: DraftKind,
  })
  .strict();
export type DraftKey = z.infer<typeof DraftKey>;

/** Field name → text; bounded so a runaway page cannot fill the browser's storage. */
export const DraftFields = z.record(z.string().max(100), z.string().max(65_536)).refine((f) => Object.keys(f).length <= 50, 'too many fields');
export type DraftFields = z.infer<typeof DraftFields>;

const StoredDraft = z.object({ fields: DraftFields, savedAt: z.number() });
export const DRAFT_TTL_MS = 7 * 24 * 3600 * 1000;

// Keyed by object type too: contact 123 and deal 123 are different records with different drafts.
const storageKey = (k: DraftKey) => `draft:${k.portalId}:${k.objectType}:${k.recordId}:${k.kind}`;
/** Where panels that knew only contacts kept a contact's draft; read once and moved. */
const contactKeyBefore20 = (k: DraftKey) => (k.objectType === '0-1' ? `draft:${k.portalId}:${k.recordId}:${k.kind}` : null);

/** The stored draft under the current key, or a contact's draft still under its old key (moved on read). */
async function readStored(area: KeyValueArea, key: DraftKey): Promise<unknown> {
  const current = (await area.get(storageKey(key)))[storageKey(key)];
  const old = contactKeyBefore20(key);
  if (current !== undefined || !old) return current;
  const legacy = (await area.get(old))[old];
  if (legacy === undefined) return undefined;
  // Written under the new key before the old one goes, so a crash between the two loses nothing.
  await area.set({ [storageKey(key)]: legacy });
  await area.remove(old);
  return legacy;
}

export async function getDraft(area: KeyValueArea, key: DraftKey, now = Date.now()): Promise<DraftFields | null> {
  const raw = await readStored(area, key);
  const parsed = StoredDraft.safeParse(raw);
  if (!parsed.success) return null;
  if (now - parsed.data.savedAt > DRAFT_TTL_MS) {
    await area.remove(storageKey(key));
    return null;
  }
  return parsed.data.fields;
}

/** Both keys a draft may be under: an old contact draft must not come back after this one is gone. */
const allKeys = (key: DraftKey) => [storageKey(key), contactKeyBefore20(key)].filter((k): k is string => k !== null);

export async function putDraft(area: KeyValueArea, key: DraftKey, fields: DraftFields, now = Date.now()): Promise<void> {
  const empty = Object.values(fields).every((v) => v.trim() === '');
  if (empty) return area.remove(allKeys(key));
  await area.set({ [storageKey(key)]: { fields, savedAt: now } });
  const old = contactKeyBefore20(key);
  if (old) await area.remove(old);
}

export async function deleteDraft(area: KeyValueArea, key: DraftKey): Promise<void> {
  await area.remove(allKeys(key));
}
