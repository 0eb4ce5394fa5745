import type { ObjectRecordView } from '../../../lib/contract/api/records';
import { ok, type Result } from '../../../lib/contract/errors';
import { auditDenied } from '../access/audit-denied';
import { gatherAccess, type RecordKey } from '../access/check';
import type { Admission } from '../access/member-share';
import type { Caller } from '../caller';
import { userSummaryOf } from '../identity/views';
import type { RecordsDeps } from './create';
import { recordSummary, SUMMARY_PROPERTIES } from './summaries';

/**
 * The panel's one request, for a record of any object: who the rep is in HubSpot, the verdict
 * with its reason, and the summary only when the rep may view the record. The record is read
 * once, with the summary and ownership properties together, in parallel with the permission
 * lookup — and with the labels the summary needs (pipelines, options, company currency), which
 * start loading at the same moment the HubSpot reads do, so a cold label cache never adds a
 * round trip after the record's. Refusals (portal not theirs, not linked, no view access) are
 * audited; an object the install was not granted is `object_not_available` (a state of the
 * install, nothing to audit against the member).
 */
export async function viewObjectRecord(deps: RecordsDeps, caller: Caller<'role' | 'email'>, ref: RecordKey, ctx: { correlationId: string | null }): Promise<Result<ObjectRecordView>> {
  const { access: a, labels } = deps;
  const { workspaceId } = caller;
  const at = { workspaceId, portalId: ref.portalId };
  const audit = (code: string, extra: { source?: string; hubspotUserId?: string | null } = {}) =>
    auditDenied(a, caller, 'record.view', ref.portalId, ref.recordId, { code, objectType: ref.objectType, ...extra }, ctx.correlationId);
  // The allowlist is a local read; its properties ride on the same HubSpot record read.
  const editable = (await a.editableProperties?.(workspaceId, ref.objectType)) ?? [];
  const properties = [...new Set([...SUMMARY_PROPERTIES[ref.objectType], ...editable])];
  let labelsLoaded: Promise<void> | null = null;
  // Asked by gatherAccess after its local checks, right before it calls HubSpot: past the member's
  // share of the portal's read budget only this member is told to slow down; admitted, the
  // labels start loading beside the record read (never for a refused or unavailable object).
  const admit = (): Admission => {
    const admission = a.memberShare ? a.memberShare.enter(workspaceId, caller.memberId, a.now()) : { ok: true as const, leave: () => {} };
    if (admission.ok) labelsLoaded = labels.prefetch(at, ref.objectType);
    return admission;
  };
  const g = await gatherAccess(a, caller, ref, { fresh: false, properties, admit });
  if (!g.ok) {
    if (g.error.code === 'portal_not_connected' || g.error.code === 'not_linked') await audit(g.error.code);
    return g;
  }
  const { access, record, link, directory } = g.data;
  if (!access.canView.allowed) await audit(access.canView.code, { source: access.source, hubspotUserId: link.hubspot_user_id });
  const shown = access.canView.allowed && record ? record : null;
  if (shown) await labelsLoaded;
  return ok({
    portalId: ref.portalId,
    objectType: ref.objectType,
    recordId: ref.recordId,
    viewer: { memberId: caller.memberId, email: caller.email, role: caller.role, hubspotUser: userSummaryOf(link) },
    access,
    summary: shown ? recordSummary(ref.objectType, shown, await labels.forRecord(at, ref.objectType, shown, directory)) : null,
    ...(access.canEdit.allowed && record && editable.length > 0 ? { editableValues: Object.fromEntries(editable.map((name) => [name, record.properties[name] ?? null])) } : {}),
  });
}
