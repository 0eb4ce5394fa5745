import { listOwners, listUsers } from '../../hubspot/directory-reads';
import { failureDetail, failureMeaning, kindOf, row, type CheckRow } from './row';
import type { CheckWiring } from './setup';

/**
 * The identity sync's two reads, as it makes them: owners (owner id ↔ user id; an owner
 * whose user was deactivated keeps its owner id but loses `userId`) and users (needs the
 * optional settings.users.read). Counts only.
 */
export async function directoryRows(w: CheckWiring, grantedScopes: readonly string[]): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  const owners = await listOwners(w.send);
  let ownerUserIds = new Set<string>();
  if (!owners.ok) rows.push(row('owners', 'fail', failureDetail(owners), failureMeaning(owners)));
  else {
    const withoutUser = owners.data.filter((o) => !o.userId).length;
    ownerUserIds = new Set(owners.data.flatMap((o) => (o.userId ? [o.userId] : [])));
    const detail = `${owners.data.length} owner(s), ${withoutUser} without an active user`;
    rows.push(row('owners', owners.data.length ? 'ok' : 'warn', detail, owners.data.length ? 'Members can be matched to HubSpot owners; owners without a user are inactive users and never matched.' : 'HubSpot lists no owners: no member can be linked.'));
  }
  const users = await listUsers(w.send);
  if (!users.ok) {
    const optional = !grantedScopes.includes('settings.users.read') || kindOf(users) === 'missing_scopes';
    rows.push(row('users', optional ? 'warn' : 'fail', failureDetail(users), optional ? 'No user list (settings.users.read not granted): members are linked through owners only, and super admins are not recognised.' : failureMeaning(users)));
    return rows;
  }
  const supers = users.data.filter((u) => u.superAdmin).length;
  const notOwners = users.data.filter((u) => !ownerUserIds.has(u.id)).length;
  rows.push(row('users', 'ok', `${users.data.length} user(s), ${supers} super admin(s), ${notOwners} not among active owners`, 'Super admins and team membership are known; a user who is not an active owner cannot own records.'));
  return rows;
}
