import type { RecordAccess } from '../../../lib/contract/api/records';
import { fail, ok, type Failure, type Result } from '../../../lib/contract/errors';
import { auditDenied } from './audit-denied';
import type { DirectoryIndex } from '../identity/directory';
import { accessIdentityOf } from '../identity/views';
import { decideAccess, type PermissionsAnswer, type RecordRead } from './decide';
import type { AccessDeps, ContactRecord } from './deps';
import { OWNERSHIP_PROPERTIES } from './ownership';
import type { Admission } from './member-share';
import type { LinkRow } from '../../db/schema';

/**
 * Gathers what one access decision needs and decides, from the record's current state:
 *
 * 1. the portal must be the one installed for the caller's workspace (else nothing is read
 *    from HubSpot at all), and the install usable;
 * 2. the member must be linked to a user of that portal;
 * 3. the contact (ownership properties, plus any the caller wants) and the permitted-users
 *    answer are read in parallel — one HubSpot round trip of latency when nothing is cached.
 *
 * Nothing from the client is trusted but the two ids, which the route has validated.
 */

export interface Requester {
  memberId: string;
  workspaceId: string;
}

export interface Gathered {
  link: LinkRow;
  access: RecordAccess;
  /** The contact as read now; null when it does not exist or was not read (inactive user). */
  contact: ContactRecord | null;
  directory: DirectoryIndex | null;
}

export interface GatherOptions {
  /** Skip cached permission answers (the write path). */
  fresh: boolean;
  /** Contact properties wanted besides the ownership ones. */
  properties?: readonly string[];
  /**
   * Asked right before HubSpot is called (after the local checks): the record view's member
   * share (services/access/member-share.ts). A refusal is the answer; `leave` runs after the reads.
   */
  admit?: () => Admission;
}

const RECONNECT = 'The HubSpot connection for this workspace needs to be reconnected by an admin.';

const UNAVAILABLE = 'HubSpot is not answering right now, so Portside cannot show or check this record. Try again in a moment.';

/**
 * HubSpot failures reach the client as one of the contract's codes, with HubSpot's guidance.
 * HubSpot being down, slow or throttling is said as such (503 hubspot_unavailable, retryable, with
 * when to retry): the panel shows "try again", never a verdict or data it could not get now.
 */
function hubspotFailure(f: Failure): Failure {
  if (f.error.code === 'needs_reconnect') return fail('needs_reconnect', RECONNECT);
  // Uninstalled between our install check and the call.
  if (f.error.code === 'portal_not_connected') return f;
  const d = f.error.details as { kind?: string; retryAfterSeconds?: number; httpStatus?: number | null } | undefined;
  if (d?.kind === 'unavailable' || d?.kind === 'rate_limited') {
    return fail('hubspot_unavailable', UNAVAILABLE, { kind: d.kind, httpStatus: d.httpStatus ?? null, retryable: true, retryAfterSeconds: d.retryAfterSeconds ?? 5 });
  }
  return fail('hubspot_error', f.error.message);
}

export async function gatherAccess(deps: AccessDeps, who: Requester, portalId: string, contactId: string, opts: GatherOptions): Promise<Result<Gathered>> {
  const install = await deps.installs.installedPortal(who.workspaceId);
  // Same answer for "no install" and "another portal": a caller learns nothing about portals
  // that are not theirs.
  if (!install || install.portalId !== portalId) return fail('portal_not_connected', `HubSpot portal ${portalId} is not connected to your Portside workspace. Ask your admin to connect it.`);
  if (install.status !== 'connected') return fail('needs_reconnect', RECONNECT);

  const [link, state] = await Promise.all([deps.directory.link(who.workspaceId, who.memberId, { fresh: opts.fresh }), deps.directory.get(who.workspaceId, portalId)]);
  if (!link || link.portal_id !== portalId) return fail('not_linked', 'Your Portside account is not linked to a HubSpot user in this portal yet. Ask your admin to link you.');
  maybeRefresh(deps, who.workspaceId, portalId, state.directory);
  const identity = accessIdentityOf(link);
  const base = { link, directory: state.directory };
  if (!identity.active) {
    // A deactivated user gets nothing, and costs nothing: no HubSpot call.
    return ok({ ...base, contact: null, access: decideAccess({ identity, record: { kind: 'not_found' }, permissions: { kind: 'not_found' } }) });
  }

  const notFound = () => ok({ ...base, contact: null, access: decideAccess({ identity, record: { kind: 'not_found' }, permissions: { kind: 'not_found' } }) });
  // A record view of an id HubSpot just said it does not have costs nothing; the write path reads fresh.
  if (!opts.fresh && deps.notFound?.has(who.workspaceId, contactId, deps.now())) return notFound();
  const admitted = opts.admit?.() ?? null;
  if (admitted && !admitted.ok) return admitted.failure;
  try {
    return await readAndDecide(deps, who, portalId, contactId, opts, { identity, state, base });
  } finally {
    if (admitted?.ok) admitted.leave();
  }
}

async function readAndDecide(
  deps: AccessDeps,
  who: Requester,
  portalId: string,
  contactId: string,
  opts: GatherOptions,
  g: { identity: ReturnType<typeof accessIdentityOf>; state: Awaited<ReturnType<AccessDeps['directory']['get']>>; base: { link: LinkRow; directory: DirectoryIndex | null } },
): Promise<Result<Gathered>> {
  const { identity, state, base } = g;
  const properties = [...new Set([...OWNERSHIP_PROPERTIES, ...(opts.properties ?? [])])];
  const [contact, permissions] = await Promise.all([
    deps.readContact(who.workspaceId, contactId, properties, { fresh: opts.fresh }),
    // Super admins may do everything; their verdict needs no permission lookup.
    identity.superAdmin
      ? Promise.resolve<PermissionsAnswer>({ kind: 'unavailable', why: 'not needed' })
      : deps.permitted.lookup({ workspaceId: who.workspaceId, portalId }, contactId, { fresh: opts.fresh }),
  ]);
  if (!contact.ok) return hubspotFailure(contact);
  if (contact.data === null) deps.notFound?.remember(who.workspaceId, contactId, deps.now());
  else deps.notFound?.forget(who.workspaceId, contactId);
  if (permissions.kind === 'unavailable' && permissions.transient) {
    // The permission API failed for now, not for good: the ownership fallback would present a
    // guess (often a denial, which would fail a queued write for good) as HubSpot's verdict.
    // An install that lost its token on this very call says so; anything else is "try again".
    const now = await deps.installs.installedPortal(who.workspaceId);
    if (now?.status === 'needs_reconnect') return fail('needs_reconnect', RECONNECT);
    return fail('hubspot_unavailable', UNAVAILABLE, { kind: 'unavailable', httpStatus: null, retryable: true, retryAfterSeconds: 5 });
  }
  const record: RecordRead = contact.data ? { kind: 'found', properties: contact.data.properties } : { kind: 'not_found' };
  const names = state.directory?.teamNames;
  const access = decideAccess({ identity, record, permissions, tree: state.tree, teamNames: (id) => names?.get(id) ?? null });
  return ok({ ...base, contact: contact.data, access });
}

function maybeRefresh(deps: AccessDeps, workspaceId: string, portalId: string, dir: DirectoryIndex | null): void {
  if (!deps.refreshDirectory) return;
  const staleMs = deps.directoryStaleMs ?? 15 * 60_000;
  if (!dir || deps.now() - dir.syncedAt > staleMs) deps.refreshDirectory(workspaceId, portalId);
}

export interface FreshCheck {
  access: RecordAccess;
  /** The acting HubSpot user (owner id attributes notes and tasks); null when not linked. */
  hubspotUser: { userId: string; ownerId: string | null } | null;
  /** The contact as this check read it (ownership plus the asked-for properties); null when not read or absent. */
  contact: ContactRecord | null;
}

/**
 * The write path's check, at acceptance or at delivery (services/delivery/access-reuse.ts says
 * when one serves both): no cached permission answer,
 * the contact's ownership read now. Not-linked and inactive members get a denying verdict
 * (not a failure) so the caller can record why; only "cannot decide" is a failure.
 */
export async function checkAccessFresh(
  deps: AccessDeps,
  who: Requester,
  portalId: string,
  contactId: string,
  ctx: { correlationId?: string | null; action?: string; properties?: readonly string[] } = {},
): Promise<Result<FreshCheck>> {
  const g = await gatherAccess(deps, who, portalId, contactId, { fresh: true, ...(ctx.properties ? { properties: ctx.properties } : {}) });
  const action = ctx.action ?? 'record.write.check';
  if (!g.ok) {
    if (g.error.code !== 'not_linked') {
      if (g.error.code === 'portal_not_connected') await auditDenied(deps, who, action, portalId, contactId, { code: g.error.code }, ctx.correlationId ?? null);
      return g;
    }
    await auditDenied(deps, who, action, portalId, contactId, { code: 'not_linked' }, ctx.correlationId ?? null);
    const v = { allowed: false, code: 'not_linked' as const, message: 'Not linked to a HubSpot user — ask your admin to link you' };
    return ok({ access: { canView: v, canEdit: v, source: 'none' }, hubspotUser: null, contact: null });
  }
  const { access, link } = g.data;
  if (!access.canEdit.allowed) {
    await auditDenied(deps, who, action, portalId, contactId, { code: access.canEdit.code, source: access.source, hubspotUserId: link.hubspot_user_id }, ctx.correlationId ?? null);
  }
  return ok({ access, hubspotUser: { userId: link.hubspot_user_id, ownerId: link.owner_id }, contact: g.data.contact });
}
