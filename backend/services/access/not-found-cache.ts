import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';

/**
 * Records HubSpot just said it does not have, per workspace (one portal each) and object type,
 * for a short while: a panel or a script asking again for the same made-up id within `ttlMs` is
 * answered "no such record" without a HubSpot call. Keyed `{type}:{id}` (contact 5 is not deal
 * 5). Only the record view uses it; the write path reads fresh, so a record created meanwhile
 * can still be written. In memory, per process, capped.
 */
export interface RecordId {
  objectType: CrmObjectTypeId;
  recordId: string;
}

const keyOf = (workspaceId: string, ref: RecordId) => `${workspaceId}|${ref.objectType}:${ref.recordId}`;

export class NotFoundCache {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 20_000,
  ) {}

  has(workspaceId: string, ref: RecordId, now: number): boolean {
    const key = keyOf(workspaceId, ref);
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(key);
    return false;
  }

  remember(workspaceId: string, ref: RecordId, now: number): void {
    const key = keyOf(workspaceId, ref);
    this.until.delete(key);
    this.until.set(key, now + this.ttlMs);
    while (this.until.size > this.maxEntries) {
      const oldest = this.until.keys().next().value;
      if (oldest === undefined) break;
      this.until.delete(oldest);
    }
  }

  /** A record that exists after all (created since): forget the negative answer. */
  forget(workspaceId: string, ref: RecordId): void {
    this.until.delete(keyOf(workspaceId, ref));
  }
}
