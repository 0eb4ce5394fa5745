import type { Result } from '../../../lib/contract/errors';
import type { ChangeWatch } from '../../db/change-watch';
import { findInstallByWorkspace } from './store';
import type { Db, InstallRow } from '../../db/schema';

/**
 * Each workspace's installs row (or its absence), and its opened access token, kept between
 * requests: a record view used to read the row up to five times and open the sealed token each
 * time. Changes are heard from the change feed (db/change-watch.ts), which the database's triggers
 * feed on every write to the columns read here (status, tokens, expiry, scopes, portal), by
 * whoever writes: other instances, the CLI's force-reconnect and key rotation. This process's
 * own writes (refresh, disconnect, reconnect) call `forget` as well, so it never waits for the poll.
 * The row's health fields (last success/error) are not watched; `ttlMs` bounds how old they get.
 */
interface Entry {
  row: InstallRow | undefined;
  at: number;
  /** The access token opened from exactly this row with `keyring`, once someone needed it. */
  access?: { keyring: object; opened: Result<string> };
}

export class InstallCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly watch: ChangeWatch,
    private readonly opts: { now: () => number; ttlMs?: number },
  ) {
    watch.on('install', (workspaceId) => (workspaceId === null ? this.entries.clear() : this.entries.delete(workspaceId)));
  }

  /** The workspace's install row as of the last change heard; read from the database when not known. */
  async row(workspaceId: string): Promise<InstallRow | undefined> {
    try {
      await this.watch.sync();
    } catch {
      // The feed cannot be read: nothing cached can be trusted, the database answers.
      return findInstallByWorkspace(this.db, workspaceId);
    }
    const now = this.opts.now();
    const hit = this.entries.get(workspaceId);
    if (hit && now - hit.at < (this.opts.ttlMs ?? 60_000)) return hit.row;
    const before = this.generation + this.watch.generation('install');
    const row = await findInstallByWorkspace(this.db, workspaceId);
    // A change heard while reading may postdate the row read: then it is not kept.
    if (this.generation + this.watch.generation('install') === before) this.entries.set(workspaceId, { row, at: now });
    return row;
  }

  /** The access token of `row` (as `row(...)` answered it), opened once per row version and keyring. */
  openAccess(row: InstallRow, keyring: object, open: () => Result<string>): Result<string> {
    const e = this.entries.get(row.workspace_id);
    if (e?.row !== row) return open();
    if (e.access?.keyring !== keyring) e.access = { keyring, opened: open() };
    return e.access.opened;
  }

  /** This process changed the workspace's install: drop it now, and any read in flight. */
  forget(workspaceId: string): void {
    this.generation++;
    this.entries.delete(workspaceId);
  }
}
