import { SEED } from '../../../backend/sandbox/seed';

/**
 * What the panel-latency script measures on each object: the row's name, the records it
 * navigates through (created untimed where the seed has too few), HubSpot's record page, the
 * backend view the extension calls, and the floor's HubSpot read. Contacts use the seed's 30;
 * deals are 60 new ones owned by Evan (owner 7002): he is owned-only on deals, so his own get
 * "can edit" and a summary, and HubSpot's permitted-users answer is consulted as for contacts.
 * They are created through the sandbox's own API (`POST /crm/v3/objects/deals`) with a token
 * from `POST /_sandbox/install`, so the backend's sealed install token is never touched.
 */
const ACME = SEED.portals.acme;
const EVAN = ACME.users.everything;

export interface PanelObject {
  row: string;
  typeId: '0-1' | '0-3';
  /** HubSpot's API name for the floor's GET. */
  apiName: 'contacts' | 'deals';
  floorProperties: string;
  /** Backend settings the row needs (deals are an optional scope: asked for explicitly). */
  env: Record<string, string>;
  /** Untimed set-up against the sandbox; the ids to navigate through. */
  records(sandboxUrl: string): Promise<string[]>;
}

async function post(url: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${new URL(url).pathname} → ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export const PANEL_OBJECTS: Record<string, PanelObject> = {
  '0-1': {
    row: 'panel-latency',
    typeId: '0-1',
    apiName: 'contacts',
    floorProperties: 'email,hubspot_owner_id',
    env: {},
    records: async () => Array.from({ length: 30 }, (_, i) => String(101 + i)),
  },
  '0-3': {
    row: 'panel-latency-deal',
    typeId: '0-3',
    apiName: 'deals',
    floorProperties: 'dealname,hubspot_owner_id',
    env: { HUBSPOT_OPTIONAL_SCOPES: 'settings.users.read crm.objects.deals.read crm.objects.deals.write' },
    async records(sandboxUrl) {
      const token = (await post(`${sandboxUrl}/_sandbox/install`, { portalId: ACME.portalId, userId: ACME.users.superAdmin.userId })).access_token as string;
      const ids: string[] = [];
      for (let i = 0; i < 60; i++) {
        // Half name their currency, half are in the portal's company currency: both label paths.
        const currency = i % 2 ? { deal_currency_code: 'EUR' } : {};
        const properties = { dealname: `Bench deal ${i + 1}`, pipeline: 'default', dealstage: 'qualifiedtobuy', amount: String(1000 + i * 25), hubspot_owner_id: String(EVAN.ownerId), ...currency };
        ids.push((await post(`${sandboxUrl}/crm/v3/objects/deals`, { properties }, token)).id as string);
      }
      return ids;
    },
  },
};

export const pagePath = (o: PanelObject, id: string) => `/contacts/${ACME.portalId}/record/${o.typeId}/${id}`;
export const viewPath = (o: PanelObject, id: string) => `/api/v1/portals/${ACME.portalId}/objects/${o.typeId}/${id}/view`;

/**
 * Deals: one untimed view through the backend loads the pipeline cache and the company currency,
 * so the row measures the steady path (labels cached; record and permitted-users uncached).
 * Contacts have no labels to load. Says whether it viewed (the record is then cached for a TTL).
 */
export async function warmLabels(o: PanelObject, backendUrl: string, token: string, id: string): Promise<boolean> {
  if (o.typeId === '0-1') return false;
  const res = await fetch(`${backendUrl}${viewPath(o, id)}`, { headers: { authorization: `Bearer ${token}` } });
  const view = (await res.json()) as { summary?: { stage?: { label?: string | null } } };
  if (!view.summary?.stage?.label) throw new Error(`warm-up view of ${id} has no stage label: ${JSON.stringify(view).slice(0, 300)}`);
  return true;
}
