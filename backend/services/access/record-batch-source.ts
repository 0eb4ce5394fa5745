import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { fail, type Failure, type Result } from '../../../lib/contract/errors';
import type { CrmRecord } from './deps';
import { Gatherer, type GatherWindow } from './gather';

/**
 * The write path's fresh record reads, gathered across concurrent requests into HubSpot's batch
 * read (≤100 records a call, per workspace and object type; gather.ts says when a batch leaves).
 * Never cached: every read is one HubSpot answered after it was asked. Each caller gets the
 * properties it asked for; the call asks for the union of the batch's.
 */

/** One HubSpot call for ≤100 records of one object: record per id, null when HubSpot has no such record, absent when unknown. */
export type FetchRecords = (
  workspaceId: string,
  objectType: CrmObjectTypeId,
  ids: readonly string[],
  properties: readonly string[],
) => Promise<Result<ReadonlyMap<string, CrmRecord | null>>>;

export const MAX_RECORDS_PER_CALL = 100;

interface Waiter {
  properties: readonly string[];
  resolve(r: Result<CrmRecord | null>): void;
}

const UNKNOWN: Failure = fail('hubspot_error', 'HubSpot gave no answer for this record.', { kind: 'unavailable', httpStatus: null, retryable: true });

export class RecordBatchSource {
  private readonly gatherer: Gatherer<Waiter>;
  private readonly groups = new Map<string, { workspaceId: string; objectType: CrmObjectTypeId }>();
  /** HubSpot calls made, for tests. */
  calls = 0;

  constructor(
    private readonly fetchBatch: FetchRecords,
    window: Partial<GatherWindow> = {},
  ) {
    this.gatherer = new Gatherer<Waiter>({ max: MAX_RECORDS_PER_CALL, quietMs: window.quietMs ?? 15, maxWaitMs: window.maxWaitMs ?? 200 }, (group, byId) => {
      const g = this.groups.get(group);
      if (g) void this.send(g.workspaceId, g.objectType, byId);
    });
  }

  read(workspaceId: string, objectType: CrmObjectTypeId, id: string, properties: readonly string[]): Promise<Result<CrmRecord | null>> {
    const group = `${workspaceId}|${objectType}`;
    this.groups.set(group, { workspaceId, objectType });
    return new Promise((resolve) => this.gatherer.add(group, id, { properties, resolve }));
  }

  private async send(workspaceId: string, objectType: CrmObjectTypeId, byId: Map<string, Waiter[]>): Promise<void> {
    this.calls++;
    const properties = [...new Set([...byId.values()].flatMap((ws) => ws.flatMap((w) => [...w.properties])))].sort();
    let result: Result<ReadonlyMap<string, CrmRecord | null>>;
    try {
      result = await this.fetchBatch(workspaceId, objectType, [...byId.keys()], properties);
    } catch (err) {
      // The adapter returns failures as values; a throw is a bug, but it must still answer, not hang.
      result = fail('internal', err instanceof Error ? err.message : 'record read failed');
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
