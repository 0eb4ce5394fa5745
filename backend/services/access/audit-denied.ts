import { recordDenial } from '../audit/record-denial';
import type { Requester } from './check';
import type { AccessDeps } from './deps';

/**
 * Audits a refused read or write: who, which record, and the reason code (never record data).
 * Through the member's denial cap (services/audit/record-denial.ts): once per distinct denial
 * per window, and a bounded number of rows per member however many ids they try.
 */
export async function auditDenied(
  deps: AccessDeps,
  who: Requester,
  action: string,
  portalId: string,
  contactId: string,
  details: { code: string; source?: string; hubspotUserId?: string | null },
  correlationId: string | null,
): Promise<void> {
  const key = `${action}|${portalId}|${contactId}|${details.code}`;
  await recordDenial(deps.db, {
    workspaceId: who.workspaceId,
    actorMemberId: who.memberId,
    actorHubspotUserId: details.hubspotUserId ?? null,
    action,
    targetType: 'contact',
    targetId: contactId,
    result: 'denied',
    details: { portalId, code: details.code, ...(details.source ? { source: details.source } : {}) },
    correlationId,
    at: deps.now(),
  }, key);
}
