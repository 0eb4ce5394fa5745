import { CONTACT_SNAPSHOT_TTL_MS } from '../../contract/api/snapshot-ttl';
import type { PanelStore } from './panel-store';
import type { WritesStore } from './writes-store';

type Timers = { set(cb: () => void, ms: number): unknown; clear(id: unknown): void };
const realTimers: Timers = { set: (cb, ms) => setTimeout(cb, ms), clear: (id) => clearTimeout(id as ReturnType<typeof setTimeout>) };

/**
 * Once one of the rep's property edits reaches HubSpot, the panel reloads the record view after
 * the backend's contact snapshot has expired, so the summary and the edit form show HubSpot's
 * values (including anything HubSpot normalised) rather than the panel's own overlay.
 * Returns the unsubscribe.
 */
export function followDeliveries(panel: PanelStore, writes: WritesStore, timers: Timers = realTimers): () => void {
  const scheduled = new Set<unknown>();
  const unsubscribe = writes.subscribe((state, previous) => {
    if (state.doneSeenAt === previous.doneSeenAt) return;
    const fresh = Object.keys(state.doneSeenAt).filter((id) => !(id in previous.doneSeenAt));
    if (!fresh.some((id) => state.writes.find((w) => w.id === id)?.kind === 'properties')) return;
    const timer = timers.set(() => {
      scheduled.delete(timer);
      panel.getState().refresh();
    }, CONTACT_SNAPSHOT_TTL_MS + 250);
    scheduled.add(timer);
  });
  return () => {
    unsubscribe();
    for (const t of scheduled) timers.clear(t);
    scheduled.clear();
  };
}
