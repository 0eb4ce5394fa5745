import type { ChangeWatch } from '../../db/change-watch';
import type { SessionWithMember } from './sessions-store';

/**
 * A short memo of live sessions by token hash, so a busy panel's requests do not each read the
 * session and member rows. It never answers for a revoked session: before every answer it has
 * heard the change feed (db/change-watch.ts) within the last poll interval, and any change to a
 * workspace's sessions or members (sign-out, disable, role or email change, password reset, on any
 * instance or from the CLI) drops that workspace's entries. Only live sessions are kept; anything
 * the caller finds expired is read again from the database. Keyed by the token's hash, never the token.
 */
export interface SessionMemoOptions {
  /** A backstop: entries are read again after this long even if nothing changed. */
  ttlMs?: number;
  /** Entries kept at most (oldest out first): bounds memory under many distinct sessions. */
  max?: number;
}

interface Entry {
  found: SessionWithMember;
  at: number;
}

export class SessionMemo {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly max: number;

  constructor(
    private readonly watch: ChangeWatch,
    opts: SessionMemoOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.max = opts.max ?? 10_000;
    watch.on('auth', (workspaceId) => {
      if (workspaceId === null) return this.entries.clear();
      for (const [hash, e] of this.entries) if (e.found.session.workspace_id === workspaceId) this.entries.delete(hash);
    });
  }

  /**
   * The session for `tokenHash`: from the memo when it holds a live one, else from `load`
   * (remembered when `live`). When the change feed cannot be read, always from `load`.
   */
  async find(tokenHash: string, now: number, live: (f: SessionWithMember) => boolean, load: () => Promise<SessionWithMember | undefined>): Promise<SessionWithMember | undefined> {
    let usable = true;
    try {
      await this.watch.sync();
    } catch {
      usable = false;
    }
    const hit = usable ? this.entries.get(tokenHash) : undefined;
    if (hit && now - hit.at < this.ttlMs && live(hit.found)) return hit.found;
    if (hit) this.entries.delete(tokenHash);
    const generation = this.watch.generation('auth');
    const found = await load();
    // A change delivered while we read may postdate what we read: then it is not remembered.
    if (usable && found && live(found) && this.watch.generation('auth') === generation) this.remember(tokenHash, found, now);
    return found;
  }

  /** The session was touched (last_seen_at written): the memo's copy follows. */
  touched(tokenHash: string, lastSeenAt: number): void {
    const e = this.entries.get(tokenHash);
    if (e) e.found = { ...e.found, session: { ...e.found.session, last_seen_at: lastSeenAt } };
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(tokenHash: string, found: SessionWithMember, now: number): void {
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { found, at: now });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
