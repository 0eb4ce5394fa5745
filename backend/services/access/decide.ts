import type { AccessVerdict, RecordAccess } from '../../../lib/contract/api/records';
import { evaluateOwnership, type Decision } from './evaluate';
import { fixedVerdict, renderVerdict, type TeamNames } from './messages';
import { readOwnership, relate, type RecordProperties, type Relation, type TeamTree } from './ownership';
import type { AccessIdentity } from '../identity/views';

/**
 * The combiner: one verdict for (HubSpot user, record) from whatever is known right now.
 *
 *   not linked / inactive          → deny (nothing else matters)
 *   record gone                    → deny, record_not_found
 *   super admin                    → allow everything
 *   permitted-users answer         → HubSpot's own answer (source 1)
 *   API unavailable + levels set   → the ownership model (source 2)
 *   anything else                  → deny, unknown, saying what is missing
 *
 * Pure: the records and access services gather the inputs (in parallel) and call this.
 */

/** Source 1's answer for one record. */
export type PermissionsAnswer =
  | { kind: 'answer'; view: ReadonlySet<string>; edit: ReadonlySet<string> }
  | { kind: 'not_found' }
  /** `transient`: the lookup failed for now (HubSpot down, throttled, install lost) — not "the API is not available to this install". */
  | { kind: 'unavailable'; why: string; transient?: boolean };

/** The record's current ownership properties, as read from HubSpot. */
export type RecordRead = { kind: 'found'; properties: RecordProperties } | { kind: 'not_found' } | { kind: 'failed'; why: string };

export interface DecideInput {
  identity: AccessIdentity | null;
  record: RecordRead;
  permissions: PermissionsAnswer;
  tree?: TeamTree;
  teamNames?: TeamNames;
}

const both = (v: AccessVerdict, source: RecordAccess['source']): RecordAccess => ({ canView: v, canEdit: v, source });

export function decideAccess(input: DecideInput): RecordAccess {
  const { identity, record, permissions } = input;
  const tree = input.tree ?? new Map();
  const names = input.teamNames ?? (() => null);
  if (!identity) return both(fixedVerdict('not_linked'), 'none');
  if (!identity.active) return both(fixedVerdict('user_inactive'), 'none');
  if (record.kind === 'not_found' || permissions.kind === 'not_found') return both(fixedVerdict('record_not_found'), 'none');
  if (identity.superAdmin) return both(fixedVerdict('super_admin'), 'none');

  const relation: Relation | null = record.kind === 'found' ? relate(identity, readOwnership(record.properties, tree), tree) : null;

  if (permissions.kind === 'answer') {
    const view: Decision = permissions.view.has(identity.userId)
      ? { allowed: true, code: 'permitted_by_hubspot' }
      : { allowed: false, code: 'not_permitted_by_hubspot' };
    // HubSpot never lets a user edit what they cannot see; enforce it even if an answer says so.
    const edit: Decision = view.allowed && permissions.edit.has(identity.userId) ? view : { allowed: false, code: 'not_permitted_by_hubspot' };
    if (!relation) {
      const say = (d: Decision, what: string) => ({ ...d, message: d.allowed ? `HubSpot lets you ${what} this contact` : `HubSpot doesn't let you ${what} this contact` });
      return { canView: say(view, 'view'), canEdit: say(edit, 'edit'), source: 'permissions_api' };
    }
    return {
      canView: renderVerdict(view, 'view', relation, names, view.allowed),
      canEdit: renderVerdict(edit, 'edit', relation, names, view.allowed),
      source: 'permissions_api',
    };
  }

  if (!relation) {
    return both(fixedVerdict('unknown', "Couldn't read this contact's owner from HubSpot, so access can't be checked — try again"), 'none');
  }
  // Said plainly when HubSpot refuses the API to this app (missing scope, not offered): never a bare denial.
  const notAvailable = permissions.kind === 'unavailable' && !permissions.transient;
  if (!identity.levels) {
    return both(
      fixedVerdict(
        'unknown',
        notAvailable
          ? "HubSpot's record permission API isn't available to this app and your admin hasn't set your HubSpot permission levels in Portside"
          : "HubSpot's permission check isn't available to this install and your admin hasn't set your HubSpot permission levels in Portside",
      ),
      'none',
    );
  }
  const d = evaluateOwnership(identity.levels, relation);
  return {
    canView: renderVerdict(d.view, 'view', relation, names, d.view.allowed),
    canEdit: renderVerdict(d.edit, 'edit', relation, names, d.view.allowed),
    source: 'ownership',
    ...(notAvailable ? { sourceNote: "Record permission API not available to this app: decided from the record's owner and team and the permission levels your admin set in Portside" } : {}),
  };
}
