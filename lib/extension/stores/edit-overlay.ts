import { CONTACT_SNAPSHOT_TTL_MS } from '../../contract/api/snapshot-ttl';
import type { WriteView } from '../../contract/api/writes';

/** A property value the rep saved that the record view may not show yet. */
export interface OverlaidValue {
  value: string | null;
  /** false: accepted by Portside, not yet in HubSpot; true: in HubSpot, the view is older. */
  inHubSpot: boolean;
}
export type EditOverlay = Record<string, OverlaidValue>;

/**
 * What the panel shows over the record view for the rep's own property edits, so it never shows a
 * value the rep just replaced as if it were current:
 * - accepted but not delivered: the saved value, marked "saved, not yet in HubSpot";
 * - delivered: the written value, until a view requested later than the backend's snapshot
 *   lifetime after the panel saw the delivery (an earlier view may be the cached old snapshot).
 * Failed edits overlay nothing: HubSpot still has the old value, and the failure is listed.
 * Later writes win over earlier ones for the same property.
 */
export function editOverlay(writes: WriteView[], doneSeenAt: Record<string, number>, viewRequestedAt: number | null): EditOverlay {
  const overlay: EditOverlay = {};
  const oldestFirst = [...writes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const w of oldestFirst) {
    if (w.kind !== 'properties' || !w.properties) continue;
    let inHubSpot: boolean;
    if (w.status === 'pending_check' || w.status === 'pending' || w.status === 'delivering') inHubSpot = false;
    else if (w.status === 'done' && doneSeenAt[w.id] !== undefined && (viewRequestedAt ?? 0) < doneSeenAt[w.id]! + CONTACT_SNAPSHOT_TTL_MS) inHubSpot = true;
    else continue;
    for (const [name, value] of Object.entries(w.properties)) overlay[name] = { value: value === '' ? null : value, inHubSpot };
  }
  return overlay;
}
