/**
 * Contacts HubSpot just said it does not have, per workspace (one portal each), for a short
 * while: a panel or a script asking again for the same made-up id within `ttlMs` is answered
 * "no such record" without a HubSpot call. Only the record view uses it; the write path reads
 * fresh, so a contact created meanwhile can still be written. In memory, per process, capped.
 */
export class NotFoundCache {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 20_000,
  ) {}

  has(workspaceId: string, contactId: string, now: number): boolean {
    const key = `${workspaceId}|${contactId}`;
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(key);
    return false;
  }

  remember(workspaceId: string, contactId: string, now: number): void {
    const key = `${workspaceId}|${contactId}`;
    this.until.delete(key);
    this.until.set(key, now + this.ttlMs);
    while (this.until.size > this.maxEntries) {
      const oldest = this.until.keys().next().value;
      if (oldest === undefined) break;
      this.until.delete(oldest);
    }
  }

  /** A contact that exists after all (created since): forget the negative answer. */
  forget(workspaceId: string, contactId: string): void {
    this.until.delete(`${workspaceId}|${contactId}`);
  }
}
