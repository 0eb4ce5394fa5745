import { DEFAULT_DEAL_PIPELINE, DEFAULT_TICKET_PIPELINE, enterpriseDealPipeline, type Pipeline } from './pipelines.js';
import type { CallOutcome } from './call-outcomes.js';
import type { SeedContact, SeedTeam, SeedUser } from './seed.js';

/**
 * Companies, deals, tickets, pipelines, currencies and associations of the seed portals, with
 * the cases Portside must handle: a deal in a pipeline restricted to a team, a ticket with no
 * owner, a company shared with a team. Ids never change between runs.
 *
 *   acme companies 21001–21004, deals 22001–22005, tickets 23001–23003
 *   acme deal pipelines "default" (Sales Pipeline) and "811122" (Enterprise deals, team Sales only)
 *   acme custom call outcome c0ffee00-5eed-4c0a-9a11-ac0e00000001 "Booked a demo"
 *   free companies 21501, deals 22501 (the free portal has no tickets scope)
 */

export type Association = [fromKind: 'contacts' | 'companies' | 'deals' | 'tickets', fromId: number, toKind: 'contacts' | 'companies' | 'deals' | 'tickets', toId: number];

export interface SeedExchangeRate {
  fromCurrencyCode: string;
  conversionRate: number;
}

export interface SeedObjects {
  pipelines: { deals: Pipeline[]; tickets: Pipeline[] };
  /** Currencies besides the company currency, with their rate to it (Settings → Currencies). */
  exchangeRates: SeedExchangeRate[];
  /** Call outcomes an admin added besides HubSpot's defaults (Settings → Calling). */
  customCallOutcomes: CallOutcome[];
  companies: Record<string, SeedContact>;
  deals: Record<string, SeedContact>;
  tickets: Record<string, SeedContact>;
  associations: Association[];
}

const rec = (id: number, properties: Record<string, string>): SeedContact => ({ id, properties });
const owner = (u: SeedUser) => ({ hubspot_owner_id: String(u.ownerId) });

type AcmeUsers = Record<'superAdmin' | 'everything' | 'teamOnly' | 'ownedOnly' | 'viewOnly', SeedUser>;
type AcmeTeams = Record<'sales' | 'salesEast', SeedTeam>;

export function acmeObjects(u: AcmeUsers, t: AcmeTeams): SeedObjects {
  const companies = {
    oakwood: rec(21001, { name: 'Oakwood Industries', domain: 'oakwood.example', industry: 'LOGISTICS_AND_SUPPLY_CHAIN', city: 'Boston', numberofemployees: '240', ...owner(u.ownedOnly) }),
    ember: rec(21002, { name: 'Ember Health', domain: 'ember.example', industry: 'HOSPITAL_HEALTH_CARE', city: 'Denver', ...owner(u.everything), hs_shared_team_ids: String(t.salesEast.id) }),
    tarmac: rec(21003, { name: 'Tarmac Retail', domain: 'tarmac.example', industry: 'RETAIL', city: 'Austin', ...owner(u.teamOnly) }),
    nowhere: rec(21004, { name: 'Nowhere Ltd', domain: 'nowhere.example', industry: 'COMPUTER_SOFTWARE' }),
  };
  const deals = {
    oakwoodRenewal: rec(22001, { dealname: 'Oakwood renewal', pipeline: 'default', dealstage: 'qualifiedtobuy', amount: '12000', deal_currency_code: 'USD', closedate: '2024-03-29T00:00:00Z', dealtype: 'existingbusiness', ...owner(u.ownedOnly) }),
    emberExpansion: rec(22002, { dealname: 'Ember expansion', pipeline: 'default', dealstage: 'contractsent', amount: '48000', deal_currency_code: 'EUR', closedate: '2024-02-15T00:00:00Z', dealtype: 'newbusiness', ...owner(u.everything) }),
    tarmacRollout: rec(22003, { dealname: 'Tarmac enterprise rollout', pipeline: '811122', dealstage: '811124', amount: '250000', deal_currency_code: 'USD', closedate: '2024-06-30T00:00:00Z', ...owner(u.teamOnly) }),
    apexPlatform: rec(22004, { dealname: 'Apex platform deal', pipeline: '811122', dealstage: '811123', amount: '90000', deal_currency_code: 'GBP', ...owner(u.superAdmin) }),
    inbound: rec(22005, { dealname: 'Unassigned inbound', pipeline: 'default', dealstage: 'appointmentscheduled', amount: '1500', deal_currency_code: 'USD' }),
  };
  const tickets = {
    loginFails: rec(23001, { subject: 'Login fails after SSO change', content: 'Users at Oakwood cannot sign in.', hs_pipeline: '0', hs_pipeline_stage: '1', hs_ticket_priority: 'HIGH', hs_ticket_category: 'PRODUCT_ISSUE', ...owner(u.viewOnly) }),
    invoiceQuestion: rec(23002, { subject: 'Invoice question', content: 'Why was VAT added?', hs_pipeline: '0', hs_pipeline_stage: '2', hs_ticket_priority: 'MEDIUM', hs_ticket_category: 'BILLING_ISSUE' }),
    exportsRequest: rec(23003, { subject: 'Feature request: exports', hs_pipeline: '0', hs_pipeline_stage: '4', hs_ticket_priority: 'LOW', hs_ticket_category: 'FEATURE_REQUEST', ...owner(u.everything) }),
  };
  const c = companies;
  const d = deals;
  const k = tickets;
  return {
    pipelines: { deals: [DEFAULT_DEAL_PIPELINE, enterpriseDealPipeline([t.sales.id])], tickets: [DEFAULT_TICKET_PIPELINE] },
    exchangeRates: [
      { fromCurrencyCode: 'EUR', conversionRate: 1.08 },
      { fromCurrencyCode: 'GBP', conversionRate: 1.27 },
    ],
    customCallOutcomes: [{ id: 'c0ffee00-5eed-4c0a-9a11-ac0e00000001', label: 'Booked a demo' }],
    companies,
    deals,
    tickets,
    associations: [
      ['contacts', 101, 'companies', c.oakwood.id],
      ['contacts', 105, 'companies', c.ember.id],
      ['contacts', 108, 'companies', c.ember.id],
      ['contacts', 103, 'companies', c.tarmac.id],
      ['contacts', 104, 'companies', c.tarmac.id],
      ['contacts', 106, 'companies', c.nowhere.id],
      ['deals', d.oakwoodRenewal.id, 'companies', c.oakwood.id],
      ['deals', d.oakwoodRenewal.id, 'contacts', 101],
      ['deals', d.emberExpansion.id, 'companies', c.ember.id],
      ['deals', d.emberExpansion.id, 'contacts', 105],
      ['deals', d.emberExpansion.id, 'contacts', 108],
      ['deals', d.tarmacRollout.id, 'companies', c.tarmac.id],
      ['deals', d.tarmacRollout.id, 'contacts', 103],
      ['deals', d.apexPlatform.id, 'companies', c.tarmac.id],
      ['deals', d.inbound.id, 'companies', c.nowhere.id],
      ['tickets', k.loginFails.id, 'companies', c.oakwood.id],
      ['tickets', k.loginFails.id, 'contacts', 101],
      ['tickets', k.loginFails.id, 'deals', d.oakwoodRenewal.id],
      ['tickets', k.invoiceQuestion.id, 'companies', c.ember.id],
      ['tickets', k.invoiceQuestion.id, 'contacts', 108],
      ['tickets', k.exportsRequest.id, 'companies', c.tarmac.id],
    ],
  };
}

export function freeObjects(member: SeedUser): SeedObjects {
  return {
    pipelines: { deals: [DEFAULT_DEAL_PIPELINE], tickets: [DEFAULT_TICKET_PIPELINE] },
    exchangeRates: [],
    customCallOutcomes: [],
    companies: { crumb: rec(21501, { name: 'Crumb & Co', domain: 'crumb.example', industry: 'FOOD_BEVERAGES', ...owner(member) }) },
    deals: { ovens: rec(22501, { dealname: 'New ovens', pipeline: 'default', dealstage: 'presentationscheduled', amount: '8000', deal_currency_code: 'EUR', ...owner(member) }) },
    tickets: {},
    associations: [
      ['contacts', 201, 'companies', 21501],
      ['deals', 22501, 'companies', 21501],
      ['deals', 22501, 'contacts', 201],
    ],
  };
}
