import type { ContactSummary } from '../../../lib/contract/api/records';
import type { ContactRecord } from '../access/deps';
import type { DirectoryIndex } from '../identity/directory';

/** The contact properties the panel's summary shows (read together with the ownership ones). */
export const SUMMARY_PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'company', 'lifecyclestage', 'hubspot_owner_id', 'lastmodifieddate'] as const;

const text = (v: string | null | undefined) => (v && v.trim() ? v : null);

/** Maps HubSpot's properties to the summary; the owner's name comes from the synced directory. */
export function contactSummary(contact: ContactRecord, dir: DirectoryIndex | null): ContactSummary {
  const p = contact.properties;
  const ownerId = text(p.hubspot_owner_id);
  return {
    id: contact.id,
    firstName: text(p.firstname),
    lastName: text(p.lastname),
    email: text(p.email),
    phone: text(p.phone),
    company: text(p.company),
    lifecycleStage: text(p.lifecyclestage),
    owner: ownerId ? { id: ownerId, name: dir?.ownersById.get(ownerId)?.name ?? null } : null,
    updatedAt: contact.updatedAt ?? text(p.lastmodifieddate),
  };
}
