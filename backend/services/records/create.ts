import { readAccountDetails } from '../../hubspot/account-details';
import type { PortalSend } from '../../hubspot/portal-send';
import { readPropertyOptions } from '../../hubspot/property-options';
import { ok } from '../../../lib/contract/errors';
import type { AccessDeps } from '../access/deps';
import type { HubSpotPipelineCache } from '../access/pipeline-cache';
import { RecordLabels } from './labels';

/**
 * The records feature (the panel's record view): access decides, records adds what the panel
 * shows. Built by backend/compose.ts after access, with the process's one pipeline cache (access
 * names pipelines in its messages from the same cache). `sendFor` is the read path's send: a
 * person waits on these calls.
 */
export interface RecordsWiring {
  access: AccessDeps;
  pipelines: HubSpotPipelineCache;
  sendFor(workspaceId: string): PortalSend;
  now: () => number;
}

export interface RecordsDeps {
  access: AccessDeps;
  labels: RecordLabels;
}

export function createRecords(w: RecordsWiring): RecordsDeps {
  const labels = new RecordLabels({
    pipelines: w.pipelines,
    readOptions: (ws, object, property) => readPropertyOptions(w.sendFor(ws), object, property),
    readCompanyCurrency: async (ws) => {
      const r = await readAccountDetails(w.sendFor(ws));
      return r.ok ? ok(r.data.companyCurrency) : r;
    },
    now: w.now,
  });
  return { access: w.access, labels };
}
