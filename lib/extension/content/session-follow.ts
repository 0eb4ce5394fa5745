import { watchSession, type StorageEvents } from './session-watch';
import type { PanelStore } from '../stores/panel-store';
import type { WritesStore } from '../stores/writes-store';

/**
 * Keeps an open panel on the current session: when the server address or the session changes
 * anywhere in the extension, the panel asks the background again (who is signed in, what they may
 * do here) and the write list is fetched again for the record, as the new session sees it. What
 * the panel shows is then who any save from it is made as. Returns the unsubscribe function.
 */
export function followSession(storage: StorageEvents, panel: PanelStore, writes: WritesStore): () => void {
  return watchSession(storage, () => {
    const record = writes.getState().record;
    writes.getState().clear();
    panel.getState().refresh();
    if (record) writes.getState().load(record);
  });
}
