import { z } from 'zod';
import { EditableProperty, type ContactPropertiesResponse, type EditablePropertiesResponse, type PropertyRefusal, type SetEditablePropertiesBody } from '../../../lib/contract/api/settings';
import type { CallOutcomesResponse, TaskOptionsResponse } from '../../../lib/contract/api/writes';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import type { Caller } from '../caller';
import { HubSpotPropertyDefinition, notAllowableReason, toEditable, toPickerEntry } from './property-definitions';
import type { Db } from '../../db/schema';

/**
 * The admin's allowlist of contact properties reps may edit. Each entry keeps the definition
 * HubSpot gave when the admin saved it, so accepting a write validates without a HubSpot call;
 * HubSpot validates again on delivery, and re-saving refreshes the definitions.
 */

export interface SettingsDeps {
  db: Db;
  /** The portal's contact property definitions, raw from HubSpot (validated here). */
  contactProperties(workspaceId: string): Promise<Result<unknown[]>>;
  /** The portal's task options for the panel's task form (services/writes/task-options.ts). */
  taskOptions(workspaceId: string): Promise<Result<TaskOptionsResponse>>;
  /** The portal's call outcomes for the panel's call form (services/write-kinds/call-outcomes.ts). */
  callOutcomes(workspaceId: string): Promise<Result<CallOutcomesResponse>>;
  now(): number;
}

export async function loadAllowlist(db: Db, workspaceId: string): Promise<EditablePropertiesResponse> {
  const rows = await db.selectFrom('editable_properties').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').execute();
  const properties = rows.flatMap((r) => {
    const parsed = EditableProperty.safeParse(JSON.parse(r.definition));
    return parsed.success ? [parsed.data] : [];
  });
  const updated = rows.reduce((m, r) => Math.max(m, Number(r.updated_at)), 0);
  return { properties, updatedAt: updated ? new Date(updated).toISOString() : null };
}

async function definitions(deps: SettingsDeps, workspaceId: string): Promise<Result<HubSpotPropertyDefinition[]>> {
  const raw = await deps.contactProperties(workspaceId);
  if (!raw.ok) return raw;
  const parsed = z.array(HubSpotPropertyDefinition).safeParse(raw.data);
  if (!parsed.success) return fail('hubspot_error', 'HubSpot described the contact properties in an unexpected shape.');
  return ok(parsed.data.filter((d) => !d.hidden));
}

/** Every contact property of the portal for the admin's picker, marked allowable or not. */
export async function listContactProperties(deps: SettingsDeps, caller: Caller): Promise<Result<ContactPropertiesResponse>> {
  const defs = await definitions(deps, caller.workspaceId);
  if (!defs.ok) return defs;
  const current = new Set((await loadAllowlist(deps.db, caller.workspaceId)).properties.map((p) => p.name));
  return ok({ properties: defs.data.map((d) => toPickerEntry(d, current.has(d.name))) });
}

/** Replaces the allowlist; refuses the whole change if any name cannot be allowed. */
export async function setEditableProperties(deps: SettingsDeps, caller: Caller, body: SetEditablePropertiesBody, correlationId: string | null): Promise<Result<EditablePropertiesResponse>> {
  const defs = await definitions(deps, caller.workspaceId);
  if (!defs.ok) return defs;
  const byName = new Map(defs.data.map((d) => [d.name, d]));
  const names = [...new Set(body.properties)];
  const refused: PropertyRefusal[] = [];
  for (const name of names) {
    const def = byName.get(name);
    const reason = def ? notAllowableReason(def) : 'unknown_property';
    if (reason) refused.push({ name, reason });
  }
  if (refused.length) {
    const list = refused.map((r) => `${r.name} (${r.reason.replace('_', ' ')})`).join(', ');
    return fail('bad_request', `These properties cannot be made editable: ${list}.`, { properties: refused });
  }
  const now = deps.now();
  const before = (await loadAllowlist(deps.db, caller.workspaceId)).properties.map((p) => p.name);
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('editable_properties').where('workspace_id', '=', caller.workspaceId).execute();
    if (names.length) {
      await trx
        .insertInto('editable_properties')
        .values(names.map((name, position) => ({ workspace_id: caller.workspaceId, name, position, definition: JSON.stringify(toEditable(byName.get(name)!)), updated_by: caller.memberId, updated_at: now })))
        .execute();
    }
    await writeAudit(trx, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      action: 'settings.editable_properties.set',
      targetType: 'workspace',
      targetId: caller.workspaceId,
      result: 'ok',
      details: { before, after: names },
      correlationId,
      at: now,
    });
  });
  return ok(await loadAllowlist(deps.db, caller.workspaceId));
}
