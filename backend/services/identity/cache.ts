import { DirectoryIndex } from './directory';
import { loadDirectory, loadTeamParents } from './store';
import type { DbOrTrx } from '../../audit/write';

/**
 * The portal directory and team tree in memory, so a record view reads no users from HubSpot and
 * no directory rows from the database. Entries are reloaded from the database after `ttlMs`
 * (another instance may have synced); concurrent loads of one portal share one query.
 */

export interface PortalIdentityState {
  directory: DirectoryIndex | null;
  tree: ReadonlyMap<string, string>;
  loadedAt: number;
}

export class DirectoryCache {
  private readonly entries = new Map<string, PortalIdentityState>();
  private readonly loading = new Map<string, Promise<PortalIdentityState>>();

  constructor(
    private readonly db: DbOrTrx,
    private readonly now: () => number,
    private readonly ttlMs = 30_000,
  ) {}

  async get(workspaceId: string, portalId: string): Promise<PortalIdentityState> {
    const key = `${workspaceId}|${portalId}`;
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.loadedAt < this.ttlMs) return hit;
    const flying = this.loading.get(key);
    if (flying) return flying;
    const load = (async () => {
      const [dir, tree] = await Promise.all([loadDirectory(this.db, workspaceId, portalId), loadTeamParents(this.db, workspaceId, portalId)]);
      const state = { directory: dir ? new DirectoryIndex(dir.directory, dir.syncedAt) : null, tree, loadedAt: this.now() };
      this.entries.set(key, state);
      return state;
    })();
    this.loading.set(key, load);
    try {
      return await load;
    } finally {
      this.loading.delete(key);
    }
  }

  /** Drops a portal's entry after this instance changed it (sync, team tree). */
  invalidate(workspaceId: string, portalId: string): void {
    this.entries.delete(`${workspaceId}|${portalId}`);
  }
}
