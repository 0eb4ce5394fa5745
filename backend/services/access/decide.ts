import type { AccessVerdict, RecordAccess } from '../../../lib/contract/api/records';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { evaluateOwnership, type Decision } from './evaluate';
import { fixedVerdict, nounOf, renderVerdict, type TeamNames } from './messages';
import { checkPipeline } from './pipeline-rule';
import type { PipelineRules } from './pipeline-rules-store';
import { readOwnership, relate, type RecordProperties, type Relation, type TeamTree } from './ownership';
import type { AccessIdentity } from '../identity/views';

/**
 * The combiner: one verdict for (HubSpot user, record) from whatever is known right now.
 *
 *   not linked / inactive          → deny (nothing else matters)
 *   record gone                    → deny, record_not_found
 *   super admin                    → allow everything
 *   permitted-users answer         → HubSpot's own answer (source 1)
 *   API unavailable → source 2, the object's levels as the admin mirrored them:
 *     not set                      → deny, unknown, saying what is missing
 *     'none'                       → deny, object_not_permitted
 *     deals/tickets                → the admin's pipeline rule (pipeline-rule.ts), then
 *     the ownership model
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
  /** Default contacts (`0-1`). */
  objectType?: CrmObjectTypeId;
  /**
   * Deals and tickets: the record's pipeline id (null when unset) and its label when known;
   * `rules` are the admin's pipeline rules, read on the fallback only (absent: none set).
   */
  pipeline?: { id: string | null; label: string | null; rules?: PipelineRules };
}

const NO_RULES: PipelineRules = { allUnrestricted: false, rules: new Map() };

const both = (v: AccessVerdict, source: RecordAccess['source']): RecordAccess => ({ canView: v, canEdit: v, source });

export function decideAccess(input: DecideInput): RecordAccess {
  const { identity, record, permissions } = input;
  const type = input.objectType ?? '0-1';
  const n = nounOf(type);
  const tree = input.tree ?? new Map();
  const names = input.teamNames ?? (() => null);
  if (!identity) return both(fixedVerdict('not_linked'), 'none');
  if (!identity.active) return both(fixedVerdict('user_inactive'), 'none');
  if (record.kind === 'not_found' || permissions.kind === 'not_found') return both(fixedVerdict('record_not_found', undefined, type), 'none');
  if (identity.superAdmin) return both(fixedVerdict('super_admin'), 'none');

  const relation: Relation | null = record.kind === 'found' ? relate(identity, readOwnership(record.properties, tree), tree) : null;

  if (permissions.kind === 'answer') {
    const view: Decision = permissions.view.has(identity.userId)
      ? { allowed: true, code: 'permitted_by_hubspot' }
      : { allowed: false, code: 'not_permitted_by_hubspot' };
    // HubSpot never lets a user edit what they cannot see; enforce it even if an answer says so.
    const edit: Decision = view.allowed && permissions.edit.has(identity.userId) ? view : { allowed: false, code: 'not_permitted_by_hubspot' };
    if (!relation) {
      const say = (d: Decision, what: string) => ({ ...d, message: d.allowed ? `HubSpot lets you ${what} this ${n.one}` : `HubSpot doesn't let you ${what} this ${n.one}` });
      return { canView: say(view, 'view'), canEdit: say(edit, 'edit'), source: 'permissions_api' };
    }
    if (!view.allowed && input.pipeline?.id && closeEnough(identity, type, relation)) {
      // Owned or team records HubSpot still hides are most likely in a restricted pipeline.
      const hidden = { ...view, message: `HubSpot doesn't let you view this ${n.one} — its pipeline may be restricted` };
      return { canView: hidden, canEdit: hidden, source: 'permissions_api' };
    }
    return {
      canView: renderVerdict(view, 'view', relation, names, view.allowed, type),
      canEdit: renderVerdict(edit, 'edit', relation, names, view.allowed, type),
      source: 'permissions_api',
    };
  }

  if (!relation) {
    return both(fixedVerdict('unknown', `Couldn't read this ${n.one}'s owner from HubSpot, so access can't be checked — try again`), 'none');
  }
  // Said plainly when HubSpot refuses the API to this app (missing scope, not offered): never a bare denial.
  const notAvailable = permissions.kind === 'unavailable' && !permissions.transient;
  const levels = identity.levels[type];
  if (!levels) {
    const which = type === '0-1' ? 'HubSpot permission levels' : `${n.one} permissions`;
    return both(
      fixedVerdict(
        'unknown',
        notAvailable
          ? `HubSpot's record permission API isn't available to this app and your admin hasn't set your ${which} in Portside`
          : `HubSpot's permission check isn't available to this install and your admin hasn't set your ${which} in Portside`,
      ),
      'none',
    );
  }
  if (levels.access === 'none') return both(fixedVerdict('object_not_permitted', `You have no access to ${n.many} in HubSpot (as set by your admin)`), 'ownership');
  if (input.pipeline) {
    const p = checkPipeline(identity, input.pipeline.id, input.pipeline.rules ?? NO_RULES);
    if (!p.pass) return both(fixedVerdict(p.code, pipelineMessage(p.code, type, input.pipeline.label ?? input.pipeline.id ?? '')), 'ownership');
  }
  const d = evaluateOwnership(levels, relation);
  return {
    canView: renderVerdict(d.view, 'view', relation, names, d.view.allowed, type),
    canEdit: renderVerdict(d.edit, 'edit', relation, names, d.view.allowed, type),
    source: 'ownership',
    ...(notAvailable ? { sourceNote: "Record permission API not available to this app: decided from the record's owner and team and the permission levels your admin set in Portside" } : {}),
  };
}

/** Whether the record would be visible by ownership alone: the mirrored levels say so, or, unset, the rep owns it or it is their team's. */
function closeEnough(identity: AccessIdentity, type: CrmObjectTypeId, relation: Relation): boolean {
  const levels = identity.levels[type];
  if (levels?.access === 'levels') return evaluateOwnership(levels, relation).view.allowed;
  if (levels?.access === 'none') return false;
  return relation.kind !== 'other' && relation.kind !== 'unassigned';
}

function pipelineMessage(code: 'pipeline_not_permitted' | 'pipeline_unknown', type: CrmObjectTypeId, pipeline: string): string {
  const n = nounOf(type);
  const title = n.many.charAt(0).toUpperCase() + n.many.slice(1);
  return code === 'pipeline_not_permitted'
    ? `${title} in pipeline '${pipeline}' are restricted to other teams`
    : `Portside can't tell who may see pipeline '${pipeline}': HubSpot doesn't share pipeline permissions with apps; ask your admin to set them in Portside`;
}
