import type { RecordView } from '../../../lib/contract/api/records';
import { ok, type Result } from '../../../lib/contract/errors';
import { auditDenied } from '../access/audit-denied';
import { gatherAccess, type Requester } from '../access/check';
import type { AccessDeps } from '../access/deps';
import type { Caller } from '../caller';
import { userSummaryOf } from '../identity/views';
import { SUMMARY_PROPERTIES, contactSummary } from './summary';

/**
 * The panel's one request: who the rep is in HubSpot, the verdict with its reason, and the
 * contact summary only when the rep may view the contact. The contact is read once, with the
 * summary and ownership properties together, in parallel with the permission lookup.
 * Refusals (portal not theirs, not linked, no view access) are audited.
 */
export async function viewRecord(
  deps: AccessDeps,
  caller: Caller<'role' | 'email'>,
  portalId: string,
  contactId: string,
  ctx: { correlationId: string | null },
): Promise<Result<RecordView>> {
  const audit = (code: string, extra: { source?: string; hubspotUserId?: string | null } = {}) =>
    auditReadDenial(deps, caller, portalId, contactId, { code, ...extra }, ctx.correlationId);
  // The allowlist is a local read; its properties ride on the same HubSpot contact read.
  const editable = (await deps.editableProperties?.(caller.workspaceId)) ?? [];
  const properties = [...new Set([...SUMMARY_PROPERTIES, ...editable])];
  // Past the member's share of the portal's read budget, only this member is told to slow down.
  const admit = deps.memberShare ? () => deps.memberShare!.enter(caller.workspaceId, caller.memberId, deps.now()) : undefined;
  const g = await gatherAccess(deps, caller, portalId, contactId, { fresh: false, properties, ...(admit ? { admit } : {}) });
  if (!g.ok) {
    if (g.error.code === 'portal_not_connected' || g.error.code === 'not_linked') {
      await audit(g.error.code);
    }
    return g;
  }
  const { access, contact, link, directory } = g.data;
  if (!access.canView.allowed) {
    await audit(access.canView.code, { source: access.source, hubspotUserId: link.hubspot_user_id });
  }
  return ok({
    portalId,
    contactId,
    viewer: { memberId: caller.memberId, email: caller.email, role: caller.role, hubspotUser: userSummaryOf(link) },
    access,
    contact: access.canView.allowed && contact ? contactSummary(contact, directory) : null,
    ...(access.canEdit.allowed && contact && editable.length > 0
      ? { editableValues: Object.fromEntries(editable.map((name) => [name, contact.properties[name] ?? null])) }
      : {}),
  });
}

/** Audits a refused read (within the member's denial cap, like every denial). */
function auditReadDenial(
  deps: AccessDeps,
  who: Requester,
  portalId: string,
  contactId: string,
  details: { code: string; source?: string; hubspotUserId?: string | null },
  correlationId: string | null,
): Promise<void> {
  return auditDenied(deps, who, 'record.view', portalId, contactId, details, correlationId);
}
