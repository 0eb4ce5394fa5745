import { z } from 'zod';
import { TASK_ENUM_PROPERTIES, type TaskEnumField } from '../../../lib/contract/api/task-options';
import type { TaskOptionsResponse, TaskWriteBody, WriteFieldIssue } from '../../../lib/contract/api/writes';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { WorkspaceCache } from './workspace-cache';
import { HubSpotPropertyDefinition } from '../settings/property-definitions';

/**
 * The portal's task type, priority and status options, from HubSpot's task property definitions
 * (`GET /crm/v3/properties/tasks`), cached per workspace: the panel offers them and acceptance
 * checks a task against them, so a value HubSpot would refuse is refused before it is queued.
 * Definitions change rarely (an admin edits them in HubSpot's settings); 10 minutes is how long a
 * new option may wait to show up. A failed read is not cached, so the next form tries again.
 */

export const TASK_OPTIONS_TTL_MS = 10 * 60_000;
const FIELDS = Object.keys(TASK_ENUM_PROPERTIES) as TaskEnumField[];

export type ReadTaskProperties = (workspaceId: string) => Promise<Result<unknown[]>>;

function toOptions(raw: unknown[]): Result<TaskOptionsResponse> {
  const parsed = z.array(HubSpotPropertyDefinition).safeParse(raw);
  if (!parsed.success) return fail('hubspot_error', 'HubSpot described the task properties in an unexpected shape.');
  const byName = new Map(parsed.data.map((d) => [d.name, d]));
  const out = {} as TaskOptionsResponse;
  for (const field of FIELDS) {
    const def = byName.get(TASK_ENUM_PROPERTIES[field]);
    out[field] = (def?.options ?? []).filter((o) => !o.hidden).map((o) => ({ value: o.value, label: o.label || o.value }));
  }
  return ok(out);
}

export class TaskOptionsCache extends WorkspaceCache<unknown[], TaskOptionsResponse> {
  constructor(read: ReadTaskProperties, now: () => number = Date.now, ttlMs = TASK_OPTIONS_TTL_MS) {
    super(read, toOptions, now, ttlMs);
  }
}

/** Every task value the portal does not offer, one issue per field, naming what it does offer. */
export function checkTaskValues(options: TaskOptionsResponse, body: TaskWriteBody): WriteFieldIssue[] {
  const issues: WriteFieldIssue[] = [];
  for (const field of FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    const allowed = options[field];
    if (allowed.some((o) => o.value === value)) continue;
    const list = allowed.map((o) => o.label).join(', ') || 'none';
    issues.push({ field, message: `"${value}" is not a task ${field} in this HubSpot account. It offers: ${list}.` });
  }
  return issues;
}
