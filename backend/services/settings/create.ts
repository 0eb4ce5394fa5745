import type { Kysely } from 'kysely';
import type { Result } from '../../../lib/contract/errors';
import type { CallOutcomesResponse, TaskOptionsResponse } from '../../../lib/contract/api/writes';
import type { Database } from '../../db/schema';
import { loadAllowlist, type SettingsDeps } from './editable-properties';

/**
 * The settings feature (the workspace's editable-property allowlist): the portal's contact
 * property definitions, task options and call outcomes, both read through the app's gateway. Built once by
 * backend/compose.ts before access, whose record view reads the allowlist (`editableNames`).
 */
export interface SettingsWiring {
  db: Kysely<Database>;
  contactProperties(workspaceId: string): Promise<Result<unknown[]>>;
  taskOptions(workspaceId: string): Promise<Result<TaskOptionsResponse>>;
  callOutcomes(workspaceId: string): Promise<Result<CallOutcomesResponse>>;
  now?: () => number;
}

export interface Settings {
  deps: SettingsDeps;
  /** The names of the workspace's editable properties, for the record view's contact read. */
  editableNames(workspaceId: string): Promise<string[]>;
}

export function createSettings(w: SettingsWiring): Settings {
  const deps: SettingsDeps = { db: w.db, now: w.now ?? Date.now, contactProperties: w.contactProperties, taskOptions: w.taskOptions, callOutcomes: w.callOutcomes };
  return { deps, editableNames: async (ws) => (await loadAllowlist(deps.db, ws)).properties.map((p) => p.name) };
}
