import type { RecordAccess } from '../../../lib/contract/api/records';
import { ok, type Result } from '../../../lib/contract/errors';
import { auditDenied } from './audit-denied';
import { gatherAccess, type RecordKey, type Requester } from './check';
import type { AccessDeps, CrmRecord } from './deps';

export interface FreshCheck {
  access: RecordAccess;
  /** The acting HubSpot user (owner id attributes notes and tasks); null when not linked. */
  hubspotUser: { userId: string; ownerId: string | null } | null;
  /** The record as this check read it (ownership plus the asked-for properties); null when not read or absent. */
  record: CrmRecord | null;
  /** The same as `record`, for the contact callers not yet moved to `record` (removed with them). */
  contact: CrmRecord | null;
}

export interface FreshContext {
  correlationId?: string | null;
  action?: string;
  properties?: readonly string[];
}

/**
 * The write path's check, at acceptance or at delivery (services/delivery/access-reuse.ts says
 * when one serves both): no cached permission answer, the record's ownership read now.
 * Not-linked and inactive members get a denying verdict (not a failure) so the caller can record
 * why; only "cannot decide" is a failure. Denials are audited with the record's object type.
 */
export function checkAccessFresh(deps: AccessDeps, who: Requester, ref: RecordKey, ctx?: FreshContext): Promise<Result<FreshCheck>>;
/** Contacts by id: the callers from before objects (delivery) until they pass a RecordKey. */
export function checkAccessFresh(deps: AccessDeps, who: Requester, portalId: string, contactId: string, ctx?: FreshContext): Promise<Result<FreshCheck>>;
export function checkAccessFresh(deps: AccessDeps, who: Requester, a: RecordKey | string, b?: FreshContext | string, c?: FreshContext): Promise<Result<FreshCheck>> {
  if (typeof a === 'string') return checkContactAccessFresh(deps, who, a, b as string, c);
  return checkRecordFresh(deps, who, a, (b as FreshContext | undefined) ?? {});
}

export const checkContactAccessFresh = (deps: AccessDeps, who: Requester, portalId: string, contactId: string, ctx: FreshContext = {}) =>
  checkRecordFresh(deps, who, { portalId, objectType: '0-1', recordId: contactId }, ctx);

async function checkRecordFresh(deps: AccessDeps, who: Requester, ref: RecordKey, ctx: FreshContext): Promise<Result<FreshCheck>> {
  const { portalId, objectType, recordId } = ref;
  const g = await gatherAccess(deps, who, ref, { fresh: true, ...(ctx.properties ? { properties: ctx.properties } : {}) });
  const action = ctx.action ?? 'record.write.check';
  const audit = (details: { code: string; source?: string; hubspotUserId?: string | null }) =>
    auditDenied(deps, who, action, portalId, recordId, { ...details, objectType }, ctx.correlationId ?? null);
  if (!g.ok) {
    if (g.error.code !== 'not_linked') {
      if (g.error.code === 'portal_not_connected') await audit({ code: g.error.code });
      return g;
    }
    await audit({ code: 'not_linked' });
    const v = { allowed: false, code: 'not_linked' as const, message: 'Not linked to a HubSpot user — ask your admin to link you' };
    return ok({ access: { canView: v, canEdit: v, source: 'none' }, hubspotUser: null, record: null, contact: null });
  }
  const { access, link } = g.data;
  if (!access.canEdit.allowed) await audit({ code: access.canEdit.code, source: access.source, hubspotUserId: link.hubspot_user_id });
  return ok({ access, hubspotUser: { userId: link.hubspot_user_id, ownerId: link.owner_id }, record: g.data.record, contact: g.data.record });
}
