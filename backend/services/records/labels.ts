import { ok, type Result } from '../../../lib/contract/errors';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { OBJECT_API, type CrmObjectName } from '../../hubspot/objects';
import type { PropertyOption } from '../../hubspot/property-options';
import type { PortalScope } from '../access/deps';
import type { HubSpotPipelineCache } from '../access/pipeline-cache';
import { ReadThroughCache } from '../access/read-through-cache';
import type { DirectoryIndex } from '../identity/directory';
import { OPTION_PROPERTIES, type CrmRecord, type SummaryLabels } from './summaries';

/**
 * What a summary shows beside the record's own values: pipeline and stage labels, enumeration
 * labels (industry, ticket priority) and the portal's company currency, each from a cache of the
 * portal's settings. The view starts `prefetch` together with the record read, so a cold cache
 * costs a parallel call, never a serial one; `forRecord` then only reads what is loaded (save one
 * pipeline reload when the record names a pipeline or stage the cached list lacks).
 * Nothing here fails a view: a label that cannot be read is null and the panel shows the id.
 * Keyed by portal as well as workspace: options and currency are the portal's own settings.
 */
export const OPTIONS_TTL_MS = 10 * 60_000;
export const CURRENCY_TTL_MS = 60 * 60_000;
const RETRY_MS = 60_000;

export interface RecordLabelsWiring {
  pipelines: HubSpotPipelineCache;
  /** `GET /crm/v3/properties/{object}/{property}`'s options (backend/hubspot/property-options.ts). */
  readOptions(workspaceId: string, object: CrmObjectName, property: string): Promise<Result<PropertyOption[]>>;
  /** The portal's company currency (`GET /account-info/v3/details`); null when HubSpot does not say. */
  readCompanyCurrency(workspaceId: string): Promise<Result<string | null>>;
  now: () => number;
}

export class RecordLabels {
  private readonly options: ReadThroughCache<ReadonlyMap<string, string>>;
  private readonly currency: ReadThroughCache<string | null>;

  constructor(private readonly w: RecordLabelsWiring) {
    this.options = new ReadThroughCache({ ttlMs: OPTIONS_TTL_MS, retryAfterMs: RETRY_MS, now: w.now });
    this.currency = new ReadThroughCache({ ttlMs: CURRENCY_TTL_MS, retryAfterMs: RETRY_MS, now: w.now });
  }

  /** Loads (or finds cached) everything a summary of this object may need. Never rejects. */
  async prefetch(at: PortalScope, type: CrmObjectTypeId): Promise<void> {
    const loads: Promise<unknown>[] = OPTION_PROPERTIES[type].map((p) => this.optionsOf(at, type, p));
    if (type === '0-3' || type === '0-5') loads.push(this.w.pipelines.pipelines(at, type));
    if (type === '0-3') loads.push(this.companyCurrency(at));
    await Promise.allSettled(loads);
  }

  async forRecord(at: PortalScope, type: CrmObjectTypeId, record: CrmRecord, directory: DirectoryIndex | null): Promise<SummaryLabels> {
    const api = OBJECT_API[type];
    const value = (name: string | null) => (name ? record.properties[name]?.trim() || null : null);
    const stages =
      type === '0-3' || type === '0-5'
        ? await this.w.pipelines.stageLabels(at, type, value(api.pipelineProperty), value(api.stageProperty))
        : { pipeline: null, stage: null };
    const options = new Map<string, ReadonlyMap<string, string> | null>();
    for (const p of OPTION_PROPERTIES[type]) options.set(p, await this.optionsOf(at, type, p));
    return {
      ownerName: (id) => directory?.ownersById.get(id)?.name ?? null,
      pipeline: stages.pipeline,
      stage: stages.stage,
      option: (property, v) => options.get(property)?.get(v) ?? null,
      companyCurrency: type === '0-3' ? await this.companyCurrency(at) : null,
    };
  }

  private async optionsOf(at: PortalScope, type: CrmObjectTypeId, property: string): Promise<ReadonlyMap<string, string> | null> {
    const object = OBJECT_API[type].name;
    const r = await this.options.get(`${at.workspaceId}|${at.portalId}|${object}|${property}`, async () => {
      const read = await this.w.readOptions(at.workspaceId, object, property);
      return read.ok ? ok(new Map(read.data.map((o) => [o.value, o.label]))) : read;
    });
    return r.ok ? r.data : null;
  }

  private async companyCurrency(at: PortalScope): Promise<string | null> {
    const r = await this.currency.get(`${at.workspaceId}|${at.portalId}`, () => this.w.readCompanyCurrency(at.workspaceId));
    return r.ok ? r.data : null;
  }
}
