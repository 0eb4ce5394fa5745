import { DirectoryIndex } from './directory';
import { findLink, listObjectLevels, loadDirectory, loadTeamParents, type ObjectLevelsRow } from './store';
import type { Db, LinkRow } from '../../db/schema';

/**
 * The portal directory and team tree in memory, so a record view reads no users from HubSpot and
 * no directory rows from the database. Entries are reloaded from the database after `ttlMs`
 * (another instance may have synced); concurrent loads of one portal share one query.
 *
 * Member links are memoised for `linkTtlMs` (default 2 s) for the read path only: this instance
 * drops a link's entry the moment it changes it (link, unlink, levels, sync); another instance's
 * change is seen within the TTL. The write path reads the link from the database every time.
 */

export interface PortalIdentityState {
  directory: DirectoryIndex | null;
  tree: ReadonlyMap<string, string>;
  loadedAt: number;
}

export class DirectoryCache {
  private readonly entries = new Map<string, PortalIdentityState>();
  private readonly loading = new Map<string, Promise<PortalIdentityState>>();
  private readonly links = new Map<string, { row: LinkRow | undefined; at: number }>();
  private readonly objectLevelRows = new Map<string, { rows: ObjectLevelsRow[]; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly ttlMs = 30_000,
    private readonly linkTtlMs = 2_000,
  ) {}

  async link(workspaceId: string, memberId: string, opts: { fresh: boolean }): Promise<LinkRow | undefined> {
    const key = `${workspaceId}|${memberId}`;
    const hit = this.links.get(key);
    if (!opts.fresh && hit && this.now() - hit.at < this.linkTtlMs) return hit.row;
    const at = this.now();
    const row = await findLink(this.db, workspaceId, memberId);
    this.links.set(key, { row, at });
    // Bounded: entries are tiny, but a server with many members should not grow without limit.
    if (this.links.size > 50_000) this.links.delete(this.links.keys().next().value!);
    return row;
  }

  /**
   * The member's levels on companies, deals and tickets (hubspot_object_levels rows), memoised
   * like the link and dropped with it. Read only by the ownership fallback, so a record view
   * answered by HubSpot's permission API costs no query for them.
   */
  async objectLevels(workspaceId: string, memberId: string, opts: { fresh: boolean }): Promise<ObjectLevelsRow[]> {
    const key = `${workspaceId}|${memberId}`;
    const hit = this.objectLevelRows.get(key);
    if (!opts.fresh && hit && this.now() - hit.at < this.linkTtlMs) return hit.rows;
    const at = this.now();
    const rows = await listObjectLevels(this.db, workspaceId, [memberId]);
    this.objectLevelRows.set(key, { rows, at });
    if (this.objectLevelRows.size > 50_000) this.objectLevelRows.delete(this.objectLevelRows.keys().next().value!);
    return rows;
  }

  /** Drops memoised links and object levels: one member's, or (no member) the whole workspace's. */
  invalidateLinks(workspaceId: string, memberId?: string): void {
    for (const memo of [this.links, this.objectLevelRows]) {
      if (memberId) memo.delete(`${workspaceId}|${memberId}`);
      else for (const k of memo.keys()) if (k.startsWith(`${workspaceId}|`)) memo.delete(k);
    }
  }

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
    this.invalidateLinks(workspaceId);
  }
}
