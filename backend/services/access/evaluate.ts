import type { AccessReasonCode } from '../../../lib/contract/api/records';
import type { EditLevel, PermissionLevels } from '../../../lib/contract/api/identity';
import type { Relation } from './ownership';

/**
 * HubSpot's ownership model applied to one relation: does the user's View / Edit level (with
 * "…and unassigned") cover how they relate to the record? Pure, and without messages — those are
 * rendered by messages.ts so the rules stay readable here.
 *
 * Edit never exceeds view: a record the user cannot view cannot be edited either, and the edit
 * verdict then repeats the view's reason.
 */

export interface Decision {
  allowed: boolean;
  code: AccessReasonCode;
}

export interface OwnershipDecision {
  view: Decision;
  edit: Decision;
}

/** Reason code when a level grants the relation: the relation itself, most specific first. */
const GRANTED: Record<Relation['kind'], AccessReasonCode> = {
  owner: 'owner',
  shared_user: 'shared_user',
  team: 'team',
  child_team: 'child_team',
  shared_team: 'shared_team',
  unassigned: 'unassigned_allowed',
  other: 'view_everything',
};

const isTeam = (r: Relation['kind']) => r === 'team' || r === 'child_team' || r === 'shared_team';
const isOwned = (r: Relation['kind'], unassigned: boolean) => r === 'owner' || r === 'shared_user' || (r === 'unassigned' && unassigned);

/** "Owned" covers the user's own and shared-with-them records; "team" adds team records. */
function covers(level: EditLevel, unassigned: boolean, relation: Relation['kind']): boolean {
  switch (level) {
    case 'everything':
      return true;
    case 'none':
      return false;
    case 'team':
      // A team level also covers everything an owned level does.
      return isTeam(relation) || isOwned(relation, unassigned);
    case 'owned':
      return isOwned(relation, unassigned);
  }
}

function decide(level: EditLevel, unassigned: boolean, relation: Relation['kind'], action: 'view' | 'edit'): Decision {
  if (covers(level, unassigned, relation)) {
    // Records reached only through "everything" say so; closer relations name themselves.
    const viaEverything = level === 'everything' && (relation === 'other' || relation === 'unassigned');
    if (viaEverything) return { allowed: true, code: action === 'view' ? 'view_everything' : 'edit_everything' };
    return { allowed: true, code: GRANTED[relation] };
  }
  if (level === 'none') return { allowed: false, code: 'edit_none' };
  if (relation === 'unassigned') return { allowed: false, code: 'unassigned_denied' };
  // A team-level user is refused only records of other teams; an owned-level user is refused
  // anything owned by someone else, teammates included.
  return { allowed: false, code: level === 'team' ? 'other_team' : 'other_owner' };
}

export function evaluateOwnership(levels: PermissionLevels, relation: Relation): OwnershipDecision {
  const view = decide(levels.view, levels.viewUnassigned, relation.kind, 'view');
  if (!view.allowed) return { view, edit: view };
  return { view, edit: decide(levels.edit, levels.editUnassigned, relation.kind, 'edit') };
}
