import { decideObjectAccess, permittedObjectUsers, type CrmObject, type ObjectAccessDecision, type ObjectAccessUser, type PipelineAccess } from './object-permissions.js';
import { toAccessUser } from './ownership.js';
import { isPipelineObject, PIPELINE_PROPERTIES, type Pipeline } from './pipelines.js';
import type { PermittedUsers } from './permissions.js';
import type { CrmRecord, PortalState, PortalUser } from './state.js';

/** Binds object-permissions.ts to the sandbox's state: users, pipelines and records. */

export const CRM_OBJECT_BY_TYPE_ID: Record<string, CrmObject> = { '0-1': 'contacts', '0-2': 'companies', '0-3': 'deals', '0-5': 'tickets' };

export function toObjectAccessUser(u: PortalUser): ObjectAccessUser {
  return { ...toAccessUser(u), objectPermissions: u.objectPermissions ?? {} };
}

export function recordPipeline(portal: PortalState, record: CrmRecord): Pipeline | undefined {
  if (!isPipelineObject(record.kind)) return undefined;
  const id = record.properties[PIPELINE_PROPERTIES[record.kind].pipeline];
  return portal.pipelines[record.kind].find((p) => p.id === id);
}

function pipelineAccess(portal: PortalState, record: CrmRecord): PipelineAccess | null {
  return recordPipeline(portal, record)?.access ?? null;
}

function objectOf(record: CrmRecord): CrmObject {
  if (record.kind === 'notes' || record.kind === 'tasks' || record.kind === 'calls') throw new Error(`no permission model for ${record.kind}`);
  return record.kind;
}

export function decideForUser(portal: PortalState, user: PortalUser, record: CrmRecord): ObjectAccessDecision {
  return decideObjectAccess(toObjectAccessUser(user), objectOf(record), record.properties, portal.teamParents, pipelineAccess(portal, record));
}

export function permittedUsersOf(portal: PortalState, record: CrmRecord): PermittedUsers {
  const users = [...portal.users.values()].filter((u) => u.active).map(toObjectAccessUser);
  return permittedObjectUsers(users, objectOf(record), record.properties, portal.teamParents, pipelineAccess(portal, record));
}
