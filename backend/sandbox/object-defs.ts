import type { OptionDef, PropertyDef } from './property-defs.js';

/**
 * Property definitions of companies (0-2), deals (0-3) and tickets (0-5), in the same shape as
 * property-defs.ts. Pipelines, stages and currencies are the portal's own (dynamic options);
 * fixed enumerations list only the options HubSpot documents, so the sandbox is never more
 * lenient than a real portal.
 */

const opts = (...pairs: [string, string][]): OptionDef[] => pairs.map(([value, label]) => ({ value, label }));
const text = (name: string, label: string, groupName: string, extra: Partial<PropertyDef> = {}): PropertyDef => ({ name, label, type: 'string', fieldType: 'text', groupName, ...extra });
const readOnly = (name: string, label: string, groupName: string, type: PropertyDef['type'], extra: Partial<PropertyDef> = {}): PropertyDef => ({
  name,
  label,
  type,
  fieldType: type === 'datetime' ? 'date' : type === 'number' ? 'number' : 'text',
  groupName,
  readOnly: true,
  ...extra,
});

/** Owner and the ownership properties HubSpot derives from it (shared by the three objects). */
function ownership(ownerLabel: string, groupName: string): PropertyDef[] {
  return [
    { name: 'hubspot_owner_id', label: ownerLabel, type: 'enumeration', fieldType: 'select', groupName, dynamicOptions: 'owners', referencedObjectType: 'OWNER' },
    { name: 'hubspot_team_id', label: 'HubSpot Team', type: 'enumeration', fieldType: 'select', groupName, dynamicOptions: 'teams', readOnly: true },
    { name: 'hs_all_owner_ids', label: 'All owner IDs', type: 'enumeration', fieldType: 'checkbox', groupName, dynamicOptions: 'owners', readOnly: true },
    { name: 'hs_all_team_ids', label: 'All team IDs', type: 'enumeration', fieldType: 'checkbox', groupName, dynamicOptions: 'teams', readOnly: true },
    { name: 'hs_all_accessible_team_ids', label: 'All accessible team IDs', type: 'enumeration', fieldType: 'checkbox', groupName, dynamicOptions: 'teams', readOnly: true },
    { name: 'hs_shared_user_ids', label: 'Shared users', type: 'enumeration', fieldType: 'checkbox', groupName, dynamicOptions: 'users' },
    { name: 'hs_shared_team_ids', label: 'Shared teams', type: 'enumeration', fieldType: 'checkbox', groupName, dynamicOptions: 'teams' },
  ];
}

function system(groupName: string): PropertyDef[] {
  return [
    readOnly('createdate', 'Create Date', groupName, 'datetime'),
    readOnly('hs_lastmodifieddate', 'Last Modified Date', groupName, 'datetime'),
    readOnly('hs_object_id', 'Record ID', groupName, 'number'),
  ];
}

export const COMPANY_PROPERTIES: PropertyDef[] = [
  text('name', 'Company name', 'companyinformation'),
  text('domain', 'Company Domain Name', 'companyinformation'),
  {
    name: 'industry',
    label: 'Industry',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'companyinformation',
    // A subset of HubSpot's long default list: a value outside it is refused, as a portal would.
    options: opts(['COMPUTER_SOFTWARE', 'Computer Software'], ['FINANCIAL_SERVICES', 'Financial Services'], ['HOSPITAL_HEALTH_CARE', 'Hospital & Health Care'], ['LOGISTICS_AND_SUPPLY_CHAIN', 'Logistics and Supply Chain'], ['RETAIL', 'Retail'], ['FOOD_BEVERAGES', 'Food & Beverages']),
  },
  text('phone', 'Phone Number', 'companyinformation', { fieldType: 'phonenumber' }),
  text('city', 'City', 'companyinformation'),
  text('country', 'Country/Region', 'companyinformation'),
  { name: 'numberofemployees', label: 'Number of Employees', type: 'number', fieldType: 'number', groupName: 'companyinformation' },
  { name: 'annualrevenue', label: 'Annual Revenue', type: 'number', fieldType: 'number', groupName: 'companyinformation' },
  text('description', 'Description', 'companyinformation', { fieldType: 'textarea' }),
  ...ownership('Company owner', 'companyinformation'),
  readOnly('num_associated_contacts', 'Number of Associated Contacts', 'companyinformation', 'number', { calculated: true }),
  ...system('companyinformation'),
];

export const DEAL_PROPERTIES: PropertyDef[] = [
  text('dealname', 'Deal Name', 'dealinformation'),
  { name: 'amount', label: 'Amount', type: 'number', fieldType: 'number', groupName: 'dealinformation' },
  { name: 'deal_currency_code', label: 'Currency', type: 'enumeration', fieldType: 'select', groupName: 'dealinformation', dynamicOptions: 'currencies' },
  { name: 'pipeline', label: 'Pipeline', type: 'enumeration', fieldType: 'select', groupName: 'dealinformation', dynamicOptions: 'deals-pipelines' },
  { name: 'dealstage', label: 'Deal Stage', type: 'enumeration', fieldType: 'radio', groupName: 'dealinformation', dynamicOptions: 'deals-stages' },
  { name: 'closedate', label: 'Close Date', type: 'datetime', fieldType: 'date', groupName: 'dealinformation' },
  { name: 'dealtype', label: 'Deal Type', type: 'enumeration', fieldType: 'radio', groupName: 'dealinformation', options: opts(['newbusiness', 'New Business'], ['existingbusiness', 'Existing Business']) },
  text('description', 'Deal Description', 'dealinformation', { fieldType: 'textarea' }),
  ...ownership('Deal owner', 'dealinformation'),
  readOnly('num_associated_contacts', 'Number of Associated Contacts', 'dealinformation', 'number', { calculated: true }),
  ...system('dealinformation'),
];

export const TICKET_PROPERTIES: PropertyDef[] = [
  text('subject', 'Ticket name', 'ticketinformation'),
  text('content', 'Ticket description', 'ticketinformation', { fieldType: 'textarea' }),
  { name: 'hs_pipeline', label: 'Pipeline', type: 'enumeration', fieldType: 'select', groupName: 'ticketinformation', dynamicOptions: 'tickets-pipelines' },
  { name: 'hs_pipeline_stage', label: 'Ticket status', type: 'enumeration', fieldType: 'select', groupName: 'ticketinformation', dynamicOptions: 'tickets-stages' },
  // HubSpot's tickets guide documents LOW, MEDIUM and HIGH.
  { name: 'hs_ticket_priority', label: 'Priority', type: 'enumeration', fieldType: 'select', groupName: 'ticketinformation', options: opts(['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High']) },
  {
    name: 'hs_ticket_category',
    label: 'Category',
    type: 'enumeration',
    fieldType: 'checkbox',
    groupName: 'ticketinformation',
    options: opts(['PRODUCT_ISSUE', 'Product issue'], ['BILLING_ISSUE', 'Billing issue'], ['FEATURE_REQUEST', 'Feature request'], ['GENERAL_INQUIRY', 'General inquiry']),
  },
  ...ownership('Ticket owner', 'ticketinformation'),
  ...system('ticketinformation'),
];

/** HubSpot's documented default properties of a GET or search without `properties`. */
export const OBJECT_DEFAULT_PROPERTIES = {
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  tickets: ['content', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_category', 'hs_ticket_priority', 'subject'],
} as const;

export const OBJECT_ALWAYS_PROPERTIES = ['createdate', 'hs_lastmodifieddate', 'hs_object_id'] as const;
