/**
 * How HubSpot's property strings become summary fields, the same for every object: blank is
 * null, an id is shown with its label (null when the portal's list does not know the id), the
 * owner with the name from the synced directory.
 */

/** A record as read from HubSpot (access/deps.ts's shape): the asked-for properties, unset ones null. */
export interface CrmRecord {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: string | null;
}

/** What a summary builder knows besides the record: labels resolved for this record's values. */
export interface SummaryLabels {
  /** The owner's name from the synced directory; null when not there. */
  ownerName(ownerId: string): string | null;
  /** The record's pipeline and stage labels (deals, tickets). */
  pipeline: string | null;
  stage: string | null;
  /** Labels of an enumeration property's values (industry, ticket priority); null: not known. */
  option(property: string, value: string): string | null;
  /** The portal's company currency (a deal without its own); null when not known. */
  companyCurrency: string | null;
}

export const text = (v: string | null | undefined): string | null => (v && v.trim() ? v : null);

export function labelled(id: string | null | undefined, label: string | null): { id: string; label: string | null } | null {
  const value = text(id);
  return value === null ? null : { id: value, label };
}

export function owner(ownerId: string | null | undefined, labels: Pick<SummaryLabels, 'ownerName'>): { id: string; name: string | null } | null {
  const id = text(ownerId);
  return id === null ? null : { id, name: labels.ownerName(id) };
}

/** A count HubSpot calculates (`num_associated_contacts`): a whole number, else not known. */
export function count(v: string | null | undefined): number | null {
  const value = text(v);
  if (value === null) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}
