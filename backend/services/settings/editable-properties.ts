import { z } from 'zod';
import { EditableProperty, type EditablePropertiesResponse, type ObjectPropertiesResponse, type PropertyRefusal, type SetEditablePropertiesBody } from '../../../lib/contract/api/settings';
import type { CallOutcomesResponse, TaskOptionsResponse } from '../../../lib/contract/api/writes';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { CRM_OBJECTS, type CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { writeAudit } from '../../audit/write';
import { objectUnavailable } from '../access/object-availability';
import type { Caller } from '../caller';
import { HubSpotPropertyDefinition, notAllowableReason, toEditable, toPickerEntry } from './property-definitions';
import type { Db } from '../../db/schema';

/**
 * The admin's allowlists of properties reps may edit, one per CRM object (a deal's editable
 * properties are not a contact's). Each entry keeps the definition HubSpot gave when the admin
 * saved it, so accepting a write validates without a HubSpot call; HubSpot validates again on
 * delivery, and re-saving refreshes the definitions.
 */

export interface SettingsDeps {
  db: Db;
  /** The portal's property definitions of one CRM object, raw from HubSpot (validated here). */
  objectProperties(workspaceId: string, objectType: CrmObjectTypeId): Promise<Result<unknown[]>>;
  /** The portal's task options for the panel's task form (services/writes/task-options.ts). */
  taskOptions(workspaceId: string): Promise<Result<TaskOptionsResponse>>;
  /** The portal's call outcomes for the panel's call form (services/write-kinds/call-outcomes.ts). */
  callOutcomes(workspaceId: string): Promise<Result<CallOutcomesResponse>>;
  /** The workspace's install (its granted scopes decide whether an object's properties can be read). */
  installedPortal(workspaceId: string): Promise<{ scopes: readonly string[] } | null>;
  now(): number;
}

export async function loadAllowlist(db: Db, workspaceId: string, objectType: CrmObjectTypeId = '0-1'): Promise<EditablePropertiesResponse> {
  const rows = await db.selectFrom('editable_properties').selectAll().where('workspace_id', '=', workspaceId).where('object_type', '=', objectType).orderBy('position').execute();
  const properties = rows.flatMap((r) => {
    const parsed = EditableProperty.safeParse(JSON.parse(r.definition));
    return parsed.success ? [parsed.data] : [];
  });
  const updated = rows.reduce((m, r) => Math.max(m, Number(r.updated_at)), 0);
  return { properties, updatedAt: updated ? new Date(updated).toISOString() : null };
}

async function definitions(deps: SettingsDeps, workspaceId: string, objectType: CrmObjectTypeId): Promise<Result<HubSpotPropertyDefinition[]>> {
  // An object the install was not granted: say so (reconnect adds it) rather than pass on HubSpot's MISSING_SCOPES.
  const install = await deps.installedPortal(workspaceId);
  const unavailable = install ? objectUnavailable(install.scopes, objectType, 'read') : null;
  if (unavailable) return unavailable;
  const raw = await deps.objectProperties(workspaceId, objectType);
  if (!raw.ok) return raw;
  const parsed = z.array(HubSpotPropertyDefinition).safeParse(raw.data);
  if (!parsed.success) return fail('hubspot_error', `HubSpot described the ${CRM_OBJECTS[objectType].singular} properties in an unexpected shape.`);
  return ok(parsed.data.filter((d) => !d.hidden));
}

/** Every property of the object in the portal, for the admin's picker, marked allowable or not. */
export async function listObjectProperties(deps: SettingsDeps, caller: Caller, objectType: CrmObjectTypeId = '0-1'): Promise<Result<ObjectPropertiesResponse>> {
  const defs = await definitions(deps, caller.workspaceId, objectType);
  if (!defs.ok) return defs;
  const current = new Set((await loadAllowlist(deps.db, caller.workspaceId, objectType)).properties.map((p) => p.name));
  return ok({ properties: defs.data.map((d) => toPickerEntry(d, current.has(d.name), objectType)) });
}

/** Replaces the object's allowlist (the other objects' stay); refuses the whole change if any name cannot be allowed. */
export async function setEditableProperties(deps: SettingsDeps, caller: Caller, body: SetEditablePropertiesBody, correlationId: string | null, objectType: CrmObjectTypeId = '0-1'): Promise<Result<EditablePropertiesResponse>> {
  const defs = await definitions(deps, caller.workspaceId, objectType);
  if (!defs.ok) return defs;
  const byName = new Map(defs.data.map((d) => [d.name, d]));
  const names = [...new Set(body.properties)];
  const refused: PropertyRefusal[] = [];
  for (const name of names) {
    const def = byName.get(name);
    const reason = def ? notAllowableReason(def, objectType) : 'unknown_property';
    if (reason) refused.push({ name, reason });
  }
  if (refused.length) {
    const list = refused.map((r) => `${r.name} (${r.reason.replace('_', ' ')})`).join(', ');
    return fail('bad_request', `These properties cannot be made editable: ${list}.`, { properties: refused });
  }
  const now = deps.now();
  const before = (await loadAllowlist(deps.db, caller.workspaceId, objectType)).properties.map((p) => p.name);
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('editable_properties').where('workspace_id', '=', caller.workspaceId).where('object_type', '=', objectType).execute();
    if (names.length) {
      await trx
        .insertInto('editable_properties')
        .values(names.map((name, position) => ({ workspace_id: caller.workspaceId, object_type: objectType, name, position, definition: JSON.stringify(toEditable(byName.get(name)!)), updated_by: caller.memberId, updated_at: now })))
        .execute();
    }
    await writeAudit(trx, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      action: 'settings.editable_properties.set',
      targetType: 'workspace',
      targetId: caller.workspaceId,
      result: 'ok',
      details: { objectType, before, after: names },
      correlationId,
      at: now,
    });
  });
  return ok(await loadAllowlist(deps.db, caller.workspaceId, objectType));
}
