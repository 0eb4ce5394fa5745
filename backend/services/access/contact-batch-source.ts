import { fail, type Failure, type Result } from '../../../lib/contract/errors';
import type { ContactRecord } from './deps';
import { Gatherer, type GatherWindow } from './gather';

/**
 * The write path's fresh contact reads, gathered across concurrent requests into HubSpot's batch
 * read (≤100 contacts a call, per workspace; gather.ts says when a batch leaves). Never cached:
 * every read is one HubSpot answered after it was asked. Each caller gets the properties it
 * asked for; the call asks for the union of the batch's.
 */

/** One HubSpot call for ≤100 contacts: record per id, null when HubSpot has no such contact, absent when unknown. */
export type FetchContacts = (workspaceId: string, contactIds: readonly string[], properties: readonly string[]) => Promise<Result<ReadonlyMap<string, ContactRecord | null>>>;

export const MAX_CONTACTS_PER_CALL = 100;

interface Waiter {
  properties: readonly string[];
  resolve(r: Result<ContactRecord | null>): void;
}

const UNKNOWN: Failure = fail('hubspot_error', 'HubSpot gave no answer for this contact.', { kind: 'unavailable', httpStatus: null, retryable: true });

export class ContactBatchSource {
  private readonly gatherer: Gatherer<Waiter>;
  /** HubSpot calls made, for tests. */
  calls = 0;

  constructor(
    private readonly fetchBatch: FetchContacts,
    window: Partial<GatherWindow> = {},
  ) {
    this.gatherer = new Gatherer<Waiter>({ max: MAX_CONTACTS_PER_CALL, quietMs: window.quietMs ?? 15, maxWaitMs: window.maxWaitMs ?? 200 }, (ws, byId) => void this.send(ws, byId));
  }

  read(workspaceId: string, contactId: string, properties: readonly string[]): Promise<Result<ContactRecord | null>> {
    return new Promise((resolve) => this.gatherer.add(workspaceId, contactId, { properties, resolve }));
  }

  private async send(workspaceId: string, byId: Map<string, Waiter[]>): Promise<void> {
    this.calls++;
    const properties = [...new Set([...byId.values()].flatMap((ws) => ws.flatMap((w) => [...w.properties])))].sort();
    let result: Result<ReadonlyMap<string, ContactRecord | null>>;
    try {
      result = await this.fetchBatch(workspaceId, [...byId.keys()], properties);
    } catch (err) {
      // The adapter returns failures as values; a throw is a bug, but it must still answer, not hang.
      result = fail('internal', err instanceof Error ? err.message : 'contact read failed');
    }
    for (const [id, waiters] of byId) {
      for (const w of waiters) {
        if (!result.ok) {
          w.resolve(result);
          continue;
        }
        const rec = result.data.get(id);
        if (rec === undefined) w.resolve(UNKNOWN);
        else if (rec === null) w.resolve({ ok: true, data: null });
        else w.resolve({ ok: true, data: { ...rec, properties: Object.fromEntries(w.properties.map((p) => [p, rec.properties[p] ?? null])) } });
      }
    }
  }
}
