/**
 * Which read denials were audited recently. A rep paging through records they may not see,
 * or a panel reloading one such record, would otherwise write (and fsync) one audit row per
 * request; each distinct denial (member, portal, contact, reason) is audited once per window.
 * Write-path denials are always audited and do not go through this.
 */
export class DenialLog {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs = 10 * 60_000,
    private readonly maxEntries = 50_000,
  ) {}

  /** True when this denial should be audited now (and records that it was). */
  shouldAudit(key: string, now: number): boolean {
    const last = this.seen.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    while (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return true;
  }
}
