import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccountDetails } from '../../../backend/hubspot/account-details';
import { hubspotHttp } from '../../../backend/hubspot/http';
import { readPipelines, type PipelineObjectName } from '../../../backend/hubspot/pipelines';
import type { PortalSend } from '../../../backend/hubspot/portal-send';
import { readPropertyOptions } from '../../../backend/hubspot/property-options';
import type { StartedSandbox } from '../../../backend/sandbox/start';
import { HubSpotPipelineCache, MISSING_RELOAD_MS, PIPELINES_RETRY_MS, PIPELINES_TTL_MS } from '../../../backend/services/access/pipeline-cache';
import { ok } from '../../../lib/contract/errors';
import { RecordLabels } from '../../../backend/services/records/labels';
import { FakeClock, startSandboxUnlimited } from '../../support/backend';
import { ACME, FREE, sandboxHubSpotApp } from './harness';

/**
 * The labels a record summary shows, read from the sandbox as the installed app: pipelines and
 * stages (by pipeline, never by stage id alone), enumeration options, the company currency, and
 * the caches in front of them (one load for concurrent views, five minutes, one reload when a
 * record names an id the list lacks, a failure not retried per view).
 */

let sandbox: StartedSandbox;
const sends: Record<'acme' | 'free', PortalSend> = {} as never;
const calls: string[] = [];

beforeAll(async () => {
  sandbox = await startSandboxUnlimited();
  const app = sandboxHubSpotApp(sandbox.url);
  for (const [key, portal] of [['acme', ACME], ['free', FREE]] as const) {
    const installer = Object.values(portal.users).find((u) => u.superAdmin)!;
    const token = sandbox.sandbox.control.install(portal.portalId, installer.userId).access_token;
    sends[key] = (req) => (calls.push(`${key} ${req.path}`), hubspotHttp(app, { ...req, accessToken: token }));
  }
});
afterAll(async () => {
  await sandbox?.close();
});

const readFor = (ws: string, object: PipelineObjectName) => readPipelines(sends[ws as 'acme' | 'free'], object);
/** The workspaces the caches key by, each with its connected portal. */
const AT_ACME = { workspaceId: 'acme', portalId: String(ACME.portalId) };
const AT_FREE = { workspaceId: 'free', portalId: String(FREE.portalId) };
const countOf = (path: string) => calls.filter((c) => c.endsWith(path)).length;

describe('HubSpot adapters', () => {
  it('reads deal and ticket pipelines with their stages', async () => {
    const deals = await readPipelines(sends.acme, 'deals');
    expect(deals.ok && deals.data.map((p) => [p.id, p.label])).toEqual([
      ['default', 'Sales Pipeline'],
      ['811122', 'Enterprise deals'],
    ]);
    expect(deals.ok && deals.data[1]!.stages.find((s) => s.id === '811124')).toEqual({ id: '811124', label: 'Negotiation' });
    const tickets = await readPipelines(sends.acme, 'tickets');
    expect(tickets.ok && tickets.data[0]!.stages.map((s) => s.label)).toEqual(['New', 'Waiting on contact', 'Waiting on us', 'Closed']);
  });

  it('a portal without the object scope gets HubSpot’s refusal, not an empty list', async () => {
    const r = await readPipelines(sends.free, 'tickets');
    expect(r.ok).toBe(false);
    expect(!r.ok && (r.error.details as { kind?: string }).kind).toBe('missing_scopes');
  });

  it('reads one property’s options; a property the portal lacks has none', async () => {
    const industry = await readPropertyOptions(sends.acme, 'companies', 'industry');
    expect(industry.ok && industry.data.find((o) => o.value === 'HOSPITAL_HEALTH_CARE')?.label).toBe('Hospital & Health Care');
    const priority = await readPropertyOptions(sends.acme, 'tickets', 'hs_ticket_priority');
    expect(priority.ok && priority.data).toEqual([
      { value: 'LOW', label: 'Low' },
      { value: 'MEDIUM', label: 'Medium' },
      { value: 'HIGH', label: 'High' },
    ]);
    expect(await readPropertyOptions(sends.acme, 'tickets', 'no_such_property')).toEqual(ok([]));
  });

  it('the account details carry the company currency', async () => {
    expect(await readAccountDetails(sends.acme)).toMatchObject({ ok: true, data: { portalId: '1001', companyCurrency: 'USD' } });
    expect(await readAccountDetails(sends.free)).toMatchObject({ ok: true, data: { companyCurrency: 'EUR' } });
  });
});

describe('the pipeline cache', () => {
  it('concurrent views share one read; it lives five minutes; label() answers only from the cache', async () => {
    const clock = new FakeClock();
    const cache = new HubSpotPipelineCache(readFor, clock.now);
    expect(cache.label(AT_ACME, '0-3', '811122')).toBeNull();
    const before = countOf('/crm/v3/pipelines/deals');
    await Promise.all([cache.pipelines(AT_ACME, '0-3'), cache.pipelines(AT_ACME, '0-3'), cache.stageLabels(AT_ACME, '0-3', 'default', 'closedwon')]);
    expect(countOf('/crm/v3/pipelines/deals') - before).toBe(1);
    expect(cache.label(AT_ACME, '0-3', '811122')).toBe('Enterprise deals');
    // The other object, and the same workspace after it connected another portal, are other keys:
    // pipeline ids are the portal's own.
    expect(cache.label(AT_ACME, '0-5', '811122')).toBeNull();
    expect(cache.label({ workspaceId: 'acme', portalId: '2002' }, '0-3', '811122')).toBeNull();
    clock.advance(PIPELINES_TTL_MS - 1);
    await cache.pipelines(AT_ACME, '0-3');
    expect(countOf('/crm/v3/pipelines/deals') - before).toBe(1);
    clock.advance(1);
    await cache.pipelines(AT_ACME, '0-3');
    expect(countOf('/crm/v3/pipelines/deals') - before).toBe(2);
  });

  it('looks a stage up within its pipeline, and reloads once for a pipeline it has not seen', async () => {
    const clock = new FakeClock();
    const cache = new HubSpotPipelineCache(readFor, clock.now);
    expect(await cache.stageLabels(AT_ACME, '0-5', '0', '1')).toEqual({ pipeline: 'Support Pipeline', stage: 'New' });
    // An admin adds a ticket pipeline whose first stage has the id "1" too.
    const pipelines = sandbox.sandbox.state.portal(ACME.portalId)!.pipelines.tickets;
    pipelines.push({ id: '9100', label: 'Onboarding', access: null, stages: [{ id: '1', label: 'Kick-off', metadata: { ticketState: 'OPEN' } }] });
    try {
      const before = countOf('/crm/v3/pipelines/tickets');
      // Within the reload interval of the last load, an unknown id costs nothing.
      expect(await cache.stageLabels(AT_ACME, '0-5', '9100', '1')).toEqual({ pipeline: null, stage: null });
      expect(countOf('/crm/v3/pipelines/tickets') - before).toBe(0);
      clock.advance(MISSING_RELOAD_MS);
      expect(await cache.stageLabels(AT_ACME, '0-5', '9100', '1')).toEqual({ pipeline: 'Onboarding', stage: 'Kick-off' });
      expect(await cache.stageLabels(AT_ACME, '0-5', '0', '1')).toEqual({ pipeline: 'Support Pipeline', stage: 'New' });
      expect(countOf('/crm/v3/pipelines/tickets') - before).toBe(1);
      // A stage HubSpot does not list: the pipeline's label, no stage label, one reload at most per interval.
      clock.advance(MISSING_RELOAD_MS);
      expect(await cache.stageLabels(AT_ACME, '0-5', '9100', '77')).toEqual({ pipeline: 'Onboarding', stage: null });
      expect(await cache.stageLabels(AT_ACME, '0-5', '9100', '77')).toEqual({ pipeline: 'Onboarding', stage: null });
      expect(countOf('/crm/v3/pipelines/tickets') - before).toBe(2);
    } finally {
      pipelines.pop();
    }
  });

  it('a failed read gives no labels and is not retried per view', async () => {
    const clock = new FakeClock();
    const cache = new HubSpotPipelineCache(readFor, clock.now);
    const before = countOf('/crm/v3/pipelines/tickets');
    expect(await cache.stageLabels(AT_FREE, '0-5', '0', '1')).toEqual({ pipeline: null, stage: null });
    expect(await cache.stageLabels(AT_FREE, '0-5', '0', '1')).toEqual({ pipeline: null, stage: null });
    expect((await cache.pipelines(AT_FREE, '0-5')).ok).toBe(false);
    expect(countOf('/crm/v3/pipelines/tickets') - before).toBe(1);
    clock.advance(PIPELINES_RETRY_MS);
    await cache.pipelines(AT_FREE, '0-5');
    expect(countOf('/crm/v3/pipelines/tickets') - before).toBe(2);
  });
});

describe('record labels', () => {
  function labelsFor(clock: FakeClock) {
    const pipelines = new HubSpotPipelineCache(readFor, clock.now);
    const ws = (w: string) => sends[w as 'acme' | 'free'];
    return new RecordLabels({
      pipelines,
      readOptions: (w, object, property) => readPropertyOptions(ws(w), object, property),
      readCompanyCurrency: async (w) => {
        const r = await readAccountDetails(ws(w));
        return r.ok ? ok(r.data.companyCurrency) : r;
      },
      now: clock.now,
    });
  }

  it('prefetch loads what a deal summary needs at once; forRecord then makes no call', async () => {
    const labels = labelsFor(new FakeClock());
    await labels.prefetch(AT_FREE, '0-3');
    const before = calls.length;
    const l = await labels.forRecord(AT_FREE, '0-3', { id: '22501', properties: { pipeline: 'default', dealstage: 'presentationscheduled', deal_currency_code: null }, updatedAt: null }, null);
    expect(calls.length).toBe(before);
    expect([l.pipeline, l.stage, l.companyCurrency]).toEqual(['Sales Pipeline', 'Presentation Scheduled', 'EUR']);
  });

  it('a ticket’s priority and a company’s industry are labelled from the portal’s definitions', async () => {
    const labels = labelsFor(new FakeClock());
    const t = await labels.forRecord(AT_ACME, '0-5', { id: '23001', properties: { hs_pipeline: '0', hs_pipeline_stage: '4', hs_ticket_priority: 'HIGH' }, updatedAt: null }, null);
    expect([t.pipeline, t.stage, t.option('hs_ticket_priority', 'HIGH'), t.option('hs_ticket_priority', 'URGENT'), t.companyCurrency]).toEqual(['Support Pipeline', 'Closed', 'High', null, null]);
    const c = await labels.forRecord(AT_ACME, '0-2', { id: '21001', properties: { industry: 'LOGISTICS_AND_SUPPLY_CHAIN' }, updatedAt: null }, null);
    expect(c.option('industry', 'LOGISTICS_AND_SUPPLY_CHAIN')).toBe('Logistics and Supply Chain');
  });
});
