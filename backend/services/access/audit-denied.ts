import { CRM_OBJECTS, type CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { recordDenial } from '../audit/record-denial';
import type { Requester } from './check';
import type { AccessDeps } from './deps';

/**
 * Audits a refused read or write: who, which record (its id is the target; the target type and
 * `details.objectType` say which object), and the reason code (never record data).
 * Through the member's denial cap (services/audit/record-denial.ts): once per distinct denial
 * per window, and a bounded number of rows per member however many ids they try.
 */
export async function auditDenied(
  deps: AccessDeps,
  who: Requester,
  action: string,
  portalId: string,
  recordId: string,
  details: { code: string; source?: string; hubspotUserId?: string | null; objectType?: CrmObjectTypeId },
  correlationId: string | null,
): Promise<void> {
  const objectType = details.objectType ?? '0-1';
  const key = `${action}|${portalId}|${objectType}:${recordId}|${details.code}`;
  await recordDenial(deps.db, {
    workspaceId: who.workspaceId,
    actorMemberId: who.memberId,
    actorHubspotUserId: details.hubspotUserId ?? null,
    action,
    targetType: CRM_OBJECTS[objectType].singular,
    targetId: recordId,
    result: 'denied',
    details: { portalId, objectType, code: details.code, ...(details.source ? { source: details.source } : {}) },
    correlationId,
    at: deps.now(),
  }, key);
}
