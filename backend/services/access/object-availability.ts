import { CRM_OBJECTS, type CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { fail, type Failure } from '../../../lib/contract/errors';
import { objectAvailability } from '../../hubspot/objects';

/**
 * The one refusal for a CRM object the install was not granted (companies, deals and tickets are
 * optional scopes: a portal's subscription may lack one, or the install predates it). It is the
 * install's state, which an admin's reconnect fixes, so it is answered from the granted scopes
 * before any HubSpot call that would fail with MISSING_SCOPES. Used by the record view and every
 * access check, the write acceptance (write scope) and the settings pages of an object.
 * Contacts' scopes are required at install (hubspot/scopes.ts): a connected install has them.
 */
export function objectUnavailable(grantedScopes: readonly string[], objectType: CrmObjectTypeId, need: 'read' | 'write'): Failure | null {
  if (objectType === '0-1') return null;
  const a = objectAvailability(grantedScopes, objectType);
  if (need === 'read' ? a.read : a.write) return null;
  const { plural } = CRM_OBJECTS[objectType];
  // A missing read names the read scope (the object's first); a missing write every scope it lacks.
  const missingScopes = need === 'read' ? a.missingScopes.slice(0, 1) : a.missingScopes;
  const scopes = missingScopes.join(', ');
  const message =
    need === 'read'
      ? `${plural} aren't connected: HubSpot didn't grant ${scopes} to this install. An admin can reconnect HubSpot in Portside options to add ${plural.toLowerCase()}.`
      : `${plural} can't be changed from Portside: HubSpot didn't grant ${scopes} to this install. An admin can reconnect HubSpot in Portside options to add it.`;
  return fail('object_not_available', message, { objectType, missingScopes, reconnect: true });
}
