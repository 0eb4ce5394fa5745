import { COMPANY_PROPERTIES, DEAL_PROPERTIES, OBJECT_ALWAYS_PROPERTIES, OBJECT_DEFAULT_PROPERTIES, TICKET_PROPERTIES } from './object-defs.js';

/**
 * Property definitions of the objects the sandbox serves, in HubSpot's v3 property shape.
 * Dynamic enumerations (owners, users, teams) get their options from the portal at read time.
 */

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
export type ObjectKind = 'contacts' | 'notes' | 'tasks' | 'calls'
  | 'companies' | 'deals' | 'tickets';
/** The activity objects the sandbox serves, associated with contacts and the other CRM objects. */
export type EngagementKind = 'notes' | 'tasks' | 'calls';
export const ENGAGEMENT_KINDS: readonly EngagementKind[] = ['notes', 'tasks', 'calls'];

export interface OptionDef {
  label: string;
  value: string;
}

export interface PropertyDef {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description?: string;
  options?: OptionDef[];
  /** Options come from the portal: owners (by owner id), users (by user id) or teams. */
  dynamicOptions?: 'owners' | 'users' | 'teams'
    | 'currencies' | 'deals-pipelines' | 'deals-stages' | 'tickets-pipelines' | 'tickets-stages' | 'call-outcomes';
  readOnly?: boolean;
  calculated?: boolean;
  hubspotDefined?: boolean;
  hasUniqueValue?: boolean;
  referencedObjectType?: string;
}

const opts = (...pairs: [string, string][]): OptionDef[] => pairs.map(([value, label]) => ({ value, label }));

const text = (name: string, label: string, groupName: string, extra: Partial<PropertyDef> = {}): PropertyDef => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  groupName,
  ...extra,
});

const OWNER: PropertyDef = {
  name: 'hubspot_owner_id',
  label: 'Contact owner',
  type: 'enumeration',
  fieldType: 'select',
  groupName: 'sales_properties',
  dynamicOptions: 'owners',
  referencedObjectType: 'OWNER',
};

const CONTACT_PROPERTIES: PropertyDef[] = [
  text('email', 'Email', 'contactinformation', { hasUniqueValue: false }),
  text('firstname', 'First Name', 'contactinformation'),
  text('lastname', 'Last Name', 'contactinformation'),
  text('phone', 'Phone Number', 'contactinformation', { fieldType: 'phonenumber' }),
  text('mobilephone', 'Mobile Phone Number', 'contactinformation', { fieldType: 'phonenumber' }),
  text('company', 'Company Name', 'contactinformation'),
  text('jobtitle', 'Job Title', 'contactinformation'),
  text('website', 'Website URL', 'contactinformation'),
  text('address', 'Street Address', 'contactinformation'),
  text('city', 'City', 'contactinformation'),
  text('state', 'State/Region', 'contactinformation'),
  text('zip', 'Postal Code', 'contactinformation'),
  text('country', 'Country/Region', 'contactinformation'),
  text('message', 'Message', 'contactinformation', { fieldType: 'textarea' }),
  {
    name: 'lifecyclestage',
    label: 'Lifecycle Stage',
    type: 'enumeration',
    fieldType: 'radio',
    groupName: 'contactinformation',
    options: opts(
      ['subscriber', 'Subscriber'],
      ['lead', 'Lead'],
      ['marketingqualifiedlead', 'Marketing Qualified Lead'],
      ['salesqualifiedlead', 'Sales Qualified Lead'],
      ['opportunity', 'Opportunity'],
      ['customer', 'Customer'],
      ['evangelist', 'Evangelist'],
      ['other', 'Other'],
    ),
  },
  {
    name: 'hs_lead_status',
    label: 'Lead Status',
    type: 'enumeration',
    fieldType: 'radio',
    groupName: 'sales_properties',
    options: opts(
      ['NEW', 'New'],
      ['OPEN', 'Open'],
      ['IN_PROGRESS', 'In Progress'],
      ['OPEN_DEAL', 'Open Deal'],
      ['UNQUALIFIED', 'Unqualified'],
      ['ATTEMPTED_TO_CONTACT', 'Attempted to Contact'],
      ['CONNECTED', 'Connected'],
      ['BAD_TIMING', 'Bad Timing'],
    ),
  },
  OWNER,
  { name: 'hubspot_team_id', label: 'HubSpot Team', type: 'enumeration', fieldType: 'select', groupName: 'sales_properties', dynamicOptions: 'teams', readOnly: true },
  { name: 'hs_all_owner_ids', label: 'All owner IDs', type: 'enumeration', fieldType: 'checkbox', groupName: 'sales_properties', dynamicOptions: 'owners', readOnly: true },
  { name: 'hs_all_team_ids', label: 'All team IDs', type: 'enumeration', fieldType: 'checkbox', groupName: 'sales_properties', dynamicOptions: 'teams', readOnly: true },
  { name: 'hs_all_accessible_team_ids', label: 'All accessible team IDs', type: 'enumeration', fieldType: 'checkbox', groupName: 'sales_properties', dynamicOptions: 'teams', readOnly: true },
  { name: 'hs_shared_user_ids', label: 'Shared users', type: 'enumeration', fieldType: 'checkbox', groupName: 'sales_properties', dynamicOptions: 'users' },
  { name: 'hs_shared_team_ids', label: 'Shared teams', type: 'enumeration', fieldType: 'checkbox', groupName: 'sales_properties', dynamicOptions: 'teams' },
  { name: 'num_notes', label: 'Number of Sales Activities', type: 'number', fieldType: 'number', groupName: 'sales_properties', readOnly: true, calculated: true },
  { name: 'seats', label: 'Seats', type: 'number', fieldType: 'number', groupName: 'contactinformation', hubspotDefined: false },
  { name: 'renewal_date', label: 'Renewal date', type: 'date', fieldType: 'date', groupName: 'contactinformation', hubspotDefined: false },
  { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', groupName: 'contactinformation', readOnly: true },
  { name: 'lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', groupName: 'contactinformation', readOnly: true },
  { name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', groupName: 'contactinformation', readOnly: true },
];

const ENGAGEMENT_COMMON: PropertyDef[] = [
  { name: 'hs_timestamp', label: 'Activity date', type: 'datetime', fieldType: 'date', groupName: 'engagement' },
  { ...OWNER, label: 'Activity assigned to', groupName: 'engagement' },
  { name: 'hs_createdate', label: 'Create date', type: 'datetime', fieldType: 'date', groupName: 'engagement', readOnly: true },
  { name: 'hs_lastmodifieddate', label: 'Last modified date', type: 'datetime', fieldType: 'date', groupName: 'engagement', readOnly: true },
  { name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', groupName: 'engagement', readOnly: true },
];

const NOTE_PROPERTIES: PropertyDef[] = [
  text('hs_note_body', 'Note body', 'engagement', { fieldType: 'html' }),
  text('hs_attachment_ids', 'Attached file IDs', 'engagement'),
  ...ENGAGEMENT_COMMON,
];

const TASK_PROPERTIES: PropertyDef[] = [
  text('hs_task_subject', 'Task Title', 'task'),
  text('hs_task_body', 'Notes', 'task', { fieldType: 'html' }),
  {
    name: 'hs_task_status',
    label: 'Task Status',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'task',
    // HubSpot's tasks guide documents NOT_STARTED and COMPLETED, and sends WAITING in its own
    // example; values real portals may also carry but no document names are left out, so the
    // sandbox is never more lenient than HubSpot.
    options: opts(['NOT_STARTED', 'Not Started'], ['WAITING', 'Waiting'], ['COMPLETED', 'Completed']),
  },
  {
    name: 'hs_task_priority',
    label: 'Priority',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'task',
    // Documented: LOW, MEDIUM, HIGH. There is no "none" value: an unprioritised task omits it.
    options: opts(['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High']),
  },
  {
    name: 'hs_task_type',
    label: 'Task Type',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'task',
    // Documented: EMAIL, CALL, TODO.
    options: opts(['TODO', 'To-do'], ['CALL', 'Call'], ['EMAIL', 'Email']),
  },
  ...ENGAGEMENT_COMMON,
];

/**
 * HubSpot's calls guide: hs_timestamp required; hs_call_direction INBOUND or OUTBOUND;
 * hs_call_disposition one of the portal's outcome GUIDs (call-outcomes.ts: HubSpot's defaults
 * plus any an admin added); hs_call_status among the documented statuses.
 */
const CALL_PROPERTIES: PropertyDef[] = [
  text('hs_call_title', 'Call title', 'call'),
  text('hs_call_body', 'Call notes', 'call', { fieldType: 'html' }),
  { name: 'hs_call_direction', label: 'Call direction', type: 'enumeration', fieldType: 'select', groupName: 'call', options: opts(['INBOUND', 'Inbound'], ['OUTBOUND', 'Outbound']) },
  {
    name: 'hs_call_disposition',
    label: 'Call outcome',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'call',
    dynamicOptions: 'call-outcomes',
  },
  {
    name: 'hs_call_status',
    label: 'Call status',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'call',
    options: opts(['BUSY', 'Busy'], ['CALLING_CRM_USER', 'Calling CRM user'], ['CANCELED', 'Canceled'], ['COMPLETED', 'Completed'], ['CONNECTING', 'Connecting'], ['FAILED', 'Failed'], ['IN_PROGRESS', 'In progress'], ['NO_ANSWER', 'No answer'], ['QUEUED', 'Queued'], ['RINGING', 'Ringing']),
  },
  { name: 'hs_call_duration', label: 'Call duration', type: 'number', fieldType: 'number', groupName: 'call' },
  ...ENGAGEMENT_COMMON,
];

export const PROPERTY_DEFS: Record<ObjectKind, ReadonlyMap<string, PropertyDef>> = {
  contacts: new Map(CONTACT_PROPERTIES.map((p) => [p.name, p])),
  notes: new Map(NOTE_PROPERTIES.map((p) => [p.name, p])),
  tasks: new Map(TASK_PROPERTIES.map((p) => [p.name, p])),
  companies: new Map(COMPANY_PROPERTIES.map((p) => [p.name, p])),
  deals: new Map(DEAL_PROPERTIES.map((p) => [p.name, p])),
  tickets: new Map(TICKET_PROPERTIES.map((p) => [p.name, p])),
  calls: new Map(CALL_PROPERTIES.map((p) => [p.name, p])),
};

/** Properties a GET or search returns when the caller names none (HubSpot's documented defaults). */
export const DEFAULT_PROPERTIES: Record<ObjectKind, readonly string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  ...OBJECT_DEFAULT_PROPERTIES,
  calls: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** Properties always returned alongside the requested ones. */
export const ALWAYS_PROPERTIES: Record<ObjectKind, readonly string[]> = {
  contacts: ['createdate', 'hs_object_id', 'lastmodifieddate'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  companies: OBJECT_ALWAYS_PROPERTIES,
  deals: OBJECT_ALWAYS_PROPERTIES,
  tickets: OBJECT_ALWAYS_PROPERTIES,
  calls: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};
