import type { Kysely } from 'kysely';
import type { Result } from '../../../lib/contract/errors';
import type { CallOutcomesResponse, TaskOptionsResponse } from '../../../lib/contract/api/writes';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import type { Database } from '../../db/schema';
import { loadAllowlist, type SettingsDeps } from './editable-properties';

/**
 * The settings feature (the workspace's editable-property allowlists, one per CRM object): the
 * portal's property definitions per object, task options and call outcomes, both read through the app's gateway. Built once by
 * backend/compose.ts before access, whose record view reads the allowlist (`editableNames`).
 */
export interface SettingsWiring {
  db: Kysely<Database>;
  objectProperties(workspaceId: string, objectType: CrmObjectTypeId): Promise<Result<unknown[]>>;
  taskOptions(workspaceId: string): Promise<Result<TaskOptionsResponse>>;
  callOutcomes(workspaceId: string): Promise<Result<CallOutcomesResponse>>;
  installedPortal(workspaceId: string): Promise<{ scopes: readonly string[] } | null>;
  now?: () => number;
}

export interface Settings {
  deps: SettingsDeps;
  /** The names of the workspace's editable properties of an object, for the record view's read. */
  editableNames(workspaceId: string, objectType?: CrmObjectTypeId): Promise<string[]>;
}

export function createSettings(w: SettingsWiring): Settings {
  const deps: SettingsDeps = { db: w.db, now: w.now ?? Date.now, objectProperties: w.objectProperties, taskOptions: w.taskOptions, callOutcomes: w.callOutcomes, installedPortal: w.installedPortal };
  return { deps, editableNames: async (ws, objectType = '0-1') => (await loadAllowlist(deps.db, ws, objectType)).properties.map((p) => p.name) };
}
