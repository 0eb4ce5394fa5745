import type { RecordAccess } from '../../../lib/contract/api/records';
import { CRM_OBJECTS, type CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { objectAvailability, OBJECT_API } from '../../hubspot/objects';
import type { DirectoryIndex } from '../identity/directory';
import { accessIdentityOf } from '../identity/views';
import { decideAccess, type DecideInput, type PermissionsAnswer, type RecordRead } from './decide';
import type { AccessDeps, CrmRecord } from './deps';
import { hubspotFailure, RECONNECT, UNAVAILABLE } from './failures';
import { OWNERSHIP_PROPERTIES } from './ownership';
import type { Admission } from './member-share';
import { readPipelineRules } from './pipeline-rules-store';
import type { LinkRow } from '../../db/schema';

/**
 * Gathers what one access decision needs and decides, from the record's current state:
 *
 * 1. the portal must be the one installed for the caller's workspace (else nothing is read
 *    from HubSpot at all), and the install usable;
 * 2. the install must have been granted the object's read scope (companies, deals and tickets
 *    are optional): else `object_not_available`, before any link lookup or HubSpot call;
 * 3. the member must be linked to a user of that portal;
 * 4. the record (ownership and pipeline properties, plus any the caller wants) and the
 *    permitted-users answer are read in parallel — one HubSpot round trip of latency when
 *    nothing is cached. Only when that answer is not available are the member's object levels
 *    and the admin's pipeline rules read (the fallback, decide.ts).
 *
 * Nothing from the client is trusted but the ids, which the route has validated.
 */

export interface Requester {
  memberId: string;
  workspaceId: string;
}

/** One record of one object in a portal: contact 5 and deal 5 are different records. */
export interface RecordKey {
  portalId: string;
  objectType: CrmObjectTypeId;
  recordId: string;
}

export interface Gathered {
  link: LinkRow;
  access: RecordAccess;
  /** The record as read now; null when it does not exist or was not read (inactive user). */
  record: CrmRecord | null;
  /** The same as `record`, for the contact callers not yet moved to `record` (removed with them). */
  contact: CrmRecord | null;
  directory: DirectoryIndex | null;
}

export interface GatherOptions {
  /** Skip cached permission answers (the write path). */
  fresh: boolean;
  /** Record properties wanted besides the ownership ones. */
  properties?: readonly string[];
  /**
   * Asked right before HubSpot is called (after the local checks): the record view's member
   * share (services/access/member-share.ts). A refusal is the answer; `leave` runs after the reads.
   */
  admit?: () => Admission;
}

export function gatherAccess(deps: AccessDeps, who: Requester, ref: RecordKey, opts: GatherOptions): Promise<Result<Gathered>>;
/** Contacts by id: the callers from before objects (records/view, delivery) until they pass a RecordKey. */
export function gatherAccess(deps: AccessDeps, who: Requester, portalId: string, contactId: string, opts: GatherOptions): Promise<Result<Gathered>>;
export function gatherAccess(deps: AccessDeps, who: Requester, a: RecordKey | string, b: GatherOptions | string, c?: GatherOptions): Promise<Result<Gathered>> {
  if (typeof a === 'string') return gatherContactAccess(deps, who, a, b as string, c!);
  return gatherRecordAccess(deps, who, a, b as GatherOptions);
}

export const gatherContactAccess = (deps: AccessDeps, who: Requester, portalId: string, contactId: string, opts: GatherOptions) =>
  gatherRecordAccess(deps, who, { portalId, objectType: '0-1', recordId: contactId }, opts);

async function gatherRecordAccess(deps: AccessDeps, who: Requester, ref: RecordKey, opts: GatherOptions): Promise<Result<Gathered>> {
  const { portalId, objectType } = ref;
  const install = await deps.installs.installedPortal(who.workspaceId);
  // Same answer for "no install" and "another portal": a caller learns nothing about portals
  // that are not theirs.
  if (!install || install.portalId !== portalId) return fail('portal_not_connected', `HubSpot portal ${portalId} is not connected to your Portside workspace. Ask your admin to connect it.`);
  if (install.status !== 'connected') return fail('needs_reconnect', RECONNECT);
  // Contacts' scope is required at install (hubspot/scopes.ts), so only the optional objects can be missing.
  const available = objectAvailability(install.scopes, objectType);
  if (objectType !== '0-1' && !available.read) {
    const { plural } = CRM_OBJECTS[objectType];
    return fail('object_not_available', `${plural} aren't connected: HubSpot didn't grant Portside access to ${plural.toLowerCase()}. An admin can reconnect HubSpot to add them.`, {
      objectType,
      missingScopes: OBJECT_API[objectType].readScopes.slice(0, 1),
      reconnect: true,
    });
  }

  const [link, state] = await Promise.all([deps.directory.link(who.workspaceId, who.memberId, { fresh: opts.fresh }), deps.directory.get(who.workspaceId, portalId)]);
  if (!link || link.portal_id !== portalId) return fail('not_linked', 'Your Portside account is not linked to a HubSpot user in this portal yet. Ask your admin to link you.');
  maybeRefresh(deps, who.workspaceId, portalId, state.directory);
  const identity = accessIdentityOf(link);
  const base = { link, directory: state.directory };
  const notFound = () => ok({ ...base, record: null, contact: null, access: decideAccess({ identity, objectType, record: { kind: 'not_found' }, permissions: { kind: 'not_found' } }) });
  // A deactivated user gets nothing, and costs nothing: no HubSpot call.
  if (!identity.active) return notFound();
  // A record view of an id HubSpot just said it does not have costs nothing; the write path reads fresh.
  if (!opts.fresh && deps.notFound?.has(who.workspaceId, ref, deps.now())) return notFound();
  const admitted = opts.admit?.() ?? null;
  if (admitted && !admitted.ok) return admitted.failure;
  try {
    return await readAndDecide(deps, who, ref, opts, { state, base });
  } finally {
    if (admitted?.ok) admitted.leave();
  }
}

async function readAndDecide(
  deps: AccessDeps,
  who: Requester,
  ref: RecordKey,
  opts: GatherOptions,
  g: { state: Awaited<ReturnType<AccessDeps['directory']['get']>>; base: { link: LinkRow; directory: DirectoryIndex | null } },
): Promise<Result<Gathered>> {
  const { state, base } = g;
  const { portalId, objectType, recordId } = ref;
  let identity = accessIdentityOf(base.link);
  const pipelineProperty = OBJECT_API[objectType].pipelineProperty;
  const properties = [...new Set([...OWNERSHIP_PROPERTIES, ...(pipelineProperty ? [pipelineProperty] : []), ...(opts.properties ?? [])])];
  const [read, permissions] = await Promise.all([
    deps.readRecord(who.workspaceId, objectType, recordId, properties, { fresh: opts.fresh }),
    // Super admins may do everything; their verdict needs no permission lookup.
    identity.superAdmin
      ? Promise.resolve<PermissionsAnswer>({ kind: 'unavailable', why: 'not needed' })
      : deps.permitted.lookup({ workspaceId: who.workspaceId, portalId }, objectType, recordId, { fresh: opts.fresh }),
  ]);
  if (!read.ok) return hubspotFailure(read);
  if (read.data === null) deps.notFound?.remember(who.workspaceId, ref, deps.now());
  else deps.notFound?.forget(who.workspaceId, ref);
  if (permissions.kind === 'unavailable' && permissions.transient) {
    // The permission API failed for now, not for good: the ownership fallback would present a
    // guess (often a denial, which would fail a queued write for good) as HubSpot's verdict.
    // An install that lost its token on this very call says so; anything else is "try again".
    const now = await deps.installs.installedPortal(who.workspaceId);
    if (now?.status === 'needs_reconnect') return fail('needs_reconnect', RECONNECT);
    return fail('hubspot_unavailable', UNAVAILABLE, { kind: 'unavailable', httpStatus: null, retryable: true, retryAfterSeconds: 5 });
  }
  const record: RecordRead = read.data ? { kind: 'found', properties: read.data.properties } : { kind: 'not_found' };
  const pipelineId = pipelineProperty ? (read.data?.properties[pipelineProperty] ?? null) : null;
  const pipelineType = objectType === '0-3' || objectType === '0-5' ? objectType : null;
  const input: DecideInput = { identity, objectType, record, permissions };
  if (pipelineType) input.pipeline = { id: pipelineId, label: pipelineId ? (deps.pipelines?.label({ workspaceId: who.workspaceId, portalId }, pipelineType, pipelineId) ?? null) : null };
  const fallback = permissions.kind === 'unavailable' && !identity.superAdmin && read.data !== null;
  if (fallback && objectType !== '0-1') {
    // The fallback alone reads the object levels and the pipeline rules: no cost while HubSpot answers.
    const [rows, rules] = await Promise.all([
      deps.directory.objectLevels(who.workspaceId, who.memberId, { fresh: opts.fresh }),
      pipelineType ? readPipelineRules(deps.db, who.workspaceId, portalId, pipelineType) : Promise.resolve(undefined),
    ]);
    identity = accessIdentityOf(base.link, rows);
    input.identity = identity;
    if (input.pipeline && rules) input.pipeline.rules = rules;
  }
  const names = state.directory?.teamNames;
  const access = decideAccess({ ...input, tree: state.tree, teamNames: (id) => names?.get(id) ?? null });
  return ok({ ...base, record: read.data, contact: read.data, access });
}

function maybeRefresh(deps: AccessDeps, workspaceId: string, portalId: string, dir: DirectoryIndex | null): void {
  if (!deps.refreshDirectory) return;
  const staleMs = deps.directoryStaleMs ?? 15 * 60_000;
  if (!dir || deps.now() - dir.syncedAt > staleMs) deps.refreshDirectory(workspaceId, portalId);
}

export { checkAccessFresh, checkContactAccessFresh, type FreshCheck } from './check-fresh';
