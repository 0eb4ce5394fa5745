/**
 * The CRM objects the panel works on, by HubSpot object type id, with the words the UI uses for
 * them. Ids and words only: HubSpot API names, properties and scopes stay in backend/hubspot/
 * (objects.ts), so this file is free of zod and safe for the content script.
 */
export const CRM_OBJECT_TYPE_IDS = ['0-1', '0-2', '0-3', '0-5'] as const;
export type CrmObjectTypeId = (typeof CRM_OBJECT_TYPE_IDS)[number];

export interface CrmObjectInfo {
  typeId: CrmObjectTypeId;
  /** Also the segment of HubSpot's legacy record URLs (`/contacts/{portal}/deal/{id}`). */
  singular: 'contact' | 'company' | 'deal' | 'ticket';
  /** "Deal", "Deals". */
  label: string;
  plural: string;
}

export const CRM_OBJECTS: Record<CrmObjectTypeId, CrmObjectInfo> = {
  '0-1': { typeId: '0-1', singular: 'contact', label: 'Contact', plural: 'Contacts' },
  '0-2': { typeId: '0-2', singular: 'company', label: 'Company', plural: 'Companies' },
  '0-3': { typeId: '0-3', singular: 'deal', label: 'Deal', plural: 'Deals' },
  '0-5': { typeId: '0-5', singular: 'ticket', label: 'Ticket', plural: 'Tickets' },
};

const IDS: ReadonlySet<string> = new Set(CRM_OBJECT_TYPE_IDS);

export const isCrmObjectTypeId = (s: string): s is CrmObjectTypeId => IDS.has(s);
