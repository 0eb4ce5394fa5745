import type { AccessReasonCode, AccessVerdict } from '../../../lib/contract/api/records';
import { CRM_OBJECTS, type CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import type { Decision } from './evaluate';
import type { Relation } from './ownership';

/**
 * The sentence the panel shows beside a verdict. Codes are for tests and audit; these are for
 * people, so they name the relation ("Owned by a teammate on West") rather than the rule.
 * The panel shows the edit verdict's message when the rep can view but not edit, so edit
 * denials of viewable records end in "view only". Each object's own noun: "this deal", "deals".
 */

/** "deal" and "deals", for the sentences below. */
export const nounOf = (t: CrmObjectTypeId) => ({ one: CRM_OBJECTS[t].singular, many: CRM_OBJECTS[t].plural.toLowerCase() });

export type TeamNames = (teamId: string) => string | null;

const team = (names: TeamNames, id: string | null, fallback: string) => (id ? (names(id) ?? fallback) : fallback);

/** What the record is to the rep, without any verdict. */
export function describeRelation(relation: Relation, names: TeamNames, objectType: CrmObjectTypeId = '0-1'): string {
  switch (relation.kind) {
    case 'owner':
      return `You own this ${nounOf(objectType).one}`;
    case 'shared_user':
      return 'Shared with you';
    case 'team':
      return `Owned by a teammate on ${team(names, relation.teamId, 'your team')}`;
    case 'child_team':
      return `Owned by someone on ${team(names, relation.childTeamId, 'a child team')}, a team under ${team(names, relation.teamId, 'yours')}`;
    case 'shared_team':
      return `Shared with your team ${team(names, relation.teamId, '')}`.trim();
    case 'unassigned':
      return 'Unassigned';
    case 'other':
      return relation.ownerTeamId ? 'Owned by another team' : 'Owned by someone else';
  }
}

const FIXED: Partial<Record<AccessReasonCode, (n: { one: string; many: string }) => string>> = {
  super_admin: () => "You're a super admin in HubSpot",
  not_linked: () => 'Not linked to a HubSpot user — ask your admin to link you',
  user_inactive: () => 'Your HubSpot user is deactivated or no longer in this portal',
  record_not_found: (n) => `This ${n.one} doesn't exist in HubSpot or was deleted`,
  edit_none: (n) => `View only — your HubSpot permissions don't include editing ${n.many}`,
};

/** Renders an ownership-model or permissions-API decision for one action. */
export function renderVerdict(
  decision: Decision,
  action: 'view' | 'edit',
  relation: Relation,
  names: TeamNames,
  viewAllowed: boolean,
  objectType: CrmObjectTypeId = '0-1',
): AccessVerdict {
  const { allowed, code } = decision;
  const n = nounOf(objectType);
  const fixed = FIXED[code];
  if (fixed) return { allowed, code, message: fixed(n) };
  const about = describeRelation(relation, names, objectType);
  // An edit refused on a record the rep can still see: say what they can do.
  const viewOnly = action === 'edit' && !allowed && viewAllowed;
  const message = (() => {
    switch (code) {
      case 'view_everything':
        return relation.kind === 'unassigned' ? `Unassigned — you can view every ${n.one}` : `You can view every ${n.one}`;
      case 'edit_everything':
        return relation.kind === 'unassigned' ? `Unassigned — you can edit every ${n.one}` : `You can edit every ${n.one}`;
      case 'unassigned_allowed':
        return 'Unassigned — your permissions include unassigned records';
      case 'unassigned_denied':
        return viewOnly
          ? "Unassigned — view only; your permissions don't include editing unassigned records"
          : "Unassigned — your permissions don't include unassigned records";
      case 'other_team':
        return viewOnly ? `${about} — view only` : `${about} — your permissions cover only your teams' ${n.many}`;
      case 'other_owner':
        return viewOnly ? `${about} — view only` : `${about} — your permissions cover only ${n.many} you own`;
      case 'not_permitted_by_hubspot':
        return viewOnly ? `${about} — view only` : `${about} — HubSpot doesn't let you see it`;
      default:
        // owner, shared_user, team, child_team, shared_team, permitted_by_hubspot
        return about;
    }
  })();
  return { allowed, code, message };
}

export function fixedVerdict(code: AccessReasonCode, message?: string, objectType: CrmObjectTypeId = '0-1'): AccessVerdict {
  return { allowed: code === 'super_admin', code, message: message ?? FIXED[code]?.(nounOf(objectType)) ?? 'Access could not be decided' };
}
