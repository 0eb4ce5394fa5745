import type { SyncAnswer } from '../../../lib/contract/api/identity';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import type { DirectoryUser } from './directory';
import { buildDirectory, linkSnapshot } from './directory';
import { USERS_SCOPE, type IdentityDeps } from './deps';
import { listLinks, saveDirectory, updateLinkSnapshot } from './store';
import { teamIdsOf } from './views';
import type { LinkRow } from '../../db/schema';

/**
 * Re-reads the portal's users and owners from HubSpot, stores the directory snapshot and updates
 * every link of the workspace: owner id, teams and super-admin flag follow HubSpot; a user no
 * longer active in the portal gets `deactivated_at`, which denies all access at once.
 *
 * A failed or partial read changes nothing: deactivating everyone because HubSpot had a bad
 * minute would be worse than a few minutes' delay.
 */

// Per deps object (one per app), so apps built side by side in tests never share a sync.
const running = new WeakMap<IdentityDeps, Map<string, Promise<Result<SyncAnswer>>>>();

/** Coalesces concurrent syncs of one portal (scheduler, admin button, lazy refresh). */
export function syncPortal(deps: IdentityDeps, workspaceId: string, portalId: string, actorMemberId: string | null = null): Promise<Result<SyncAnswer>> {
  let inflight = running.get(deps);
  if (!inflight) running.set(deps, (inflight = new Map()));
  const key = `${workspaceId}|${portalId}`;
  const same = inflight.get(key);
  if (same) return same;
  const map = inflight;
  const p = runSync(deps, workspaceId, portalId, actorMemberId).finally(() => map.delete(key));
  map.set(key, p);
  return p;
}

async function runSync(deps: IdentityDeps, workspaceId: string, portalId: string, actorMemberId: string | null): Promise<Result<SyncAnswer>> {
  const install = await deps.installs.installedPortal(workspaceId);
  if (!install || install.portalId !== portalId) return fail('portal_not_connected', `Portal ${portalId} is not connected to this workspace.`);
  if (install.status === 'needs_reconnect') return fail('needs_reconnect', 'The HubSpot connection needs to be reconnected by an admin.');

  // Without settings.users.read the owners list stands in for users (see buildDirectory).
  const canReadUsers = install.scopes.includes(USERS_SCOPE);
  const [users, owners] = await Promise.all([canReadUsers ? deps.api.listUsers(workspaceId) : Promise.resolve(null), deps.api.listOwners(workspaceId)]);
  if (users && !users.ok) return users;
  if (!owners.ok) return owners;

  const now = deps.now();
  const directory = buildDirectory(users ? users.data : null, owners.data);
  const byId = new Map(directory.users.map((u) => [u.userId, u]));
  let linksUpdated = 0;
  let linksDeactivated = 0;
  await deps.db.transaction().execute(async (trx) => {
    await saveDirectory(trx, workspaceId, portalId, directory, now);
    for (const link of await listLinks(trx, workspaceId, portalId)) {
      const user = byId.get(link.hubspot_user_id);
      const change = snapshotChange(link, user, now);
      if (!change) continue;
      await updateLinkSnapshot(trx, workspaceId, link.member_id, change.snapshot, now);
      linksUpdated++;
      if (change.event) {
        if (change.event === 'deactivated') linksDeactivated++;
        await writeAudit(trx, {
          workspaceId,
          actorMemberId,
          action: `identity.link.${change.event}`,
          targetType: 'member',
          targetId: link.member_id,
          result: 'ok',
          details: { portalId, hubspotUserId: link.hubspot_user_id, by: 'sync' },
          at: now,
        });
      }
    }
  });
  deps.cache.invalidate(workspaceId, portalId);
  deps.logger?.info({ workspaceId, portalId, users: directory.users.length, linksUpdated, linksDeactivated }, 'identity.sync');
  return ok({ portalId, syncedAt: new Date(now).toISOString(), users: directory.users.length, linksUpdated, linksDeactivated });
}

function snapshotChange(link: LinkRow, user: DirectoryUser | undefined, now: number) {
  if (!user) {
    if (link.deactivated_at !== null) return null;
    return { snapshot: { ...keep(link), deactivated_at: now, synced_at: now }, event: 'deactivated' as const };
  }
  const snapshot = { ...linkSnapshot(user), synced_at: now };
  const same =
    link.owner_id === snapshot.owner_id &&
    link.email === snapshot.email &&
    link.name === snapshot.name &&
    link.super_admin === snapshot.super_admin &&
    JSON.stringify(teamIdsOf(link)) === snapshot.team_ids &&
    link.deactivated_at === null;
  // Unchanged links are left alone: a sync every few minutes should not rewrite every row.
  if (same) return null;
  return { snapshot, event: link.deactivated_at !== null ? ('reactivated' as const) : null };
}

const keep = (l: LinkRow) => ({ owner_id: l.owner_id, email: l.email, name: l.name, super_admin: l.super_admin, team_ids: l.team_ids });

/**
 * The periodic sync: every `syncIntervalMs`, each connected install in turn (one at a time, so a
 * server with many workspaces does not burst HubSpot). Returns a stop function.
 */
export function startIdentitySync(deps: IdentityDeps): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      for (const { workspaceId, portalId } of await deps.installs.connectedInstalls()) {
        if (stopped) return;
        const r = await syncPortal(deps, workspaceId, portalId);
        if (!r.ok) deps.logger?.warn({ workspaceId, portalId, code: r.error.code }, 'identity.sync.failed');
      }
    } catch (err) {
      deps.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'identity.sync.crashed');
    } finally {
      if (!stopped) timer = setTimeout(() => void tick(), deps.syncIntervalMs).unref();
    }
  };
  timer = setTimeout(() => void tick(), Math.min(1_000, deps.syncIntervalMs)).unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
