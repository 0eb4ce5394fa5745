import { z } from 'zod';

/**
 * Describes a `/resource-permissions/v3/permitted-users` answer without interpreting it: the
 * endpoint is BETA and missing from HubSpot's OpenAPI collection, so the action keys
 * (`crm-object:VIEW`, `crm-object:EDIT`, …) and the `errors` shape are only known from
 * measurements. A live check reports what a portal actually answered, so a change shows up as
 * "keys seen" before it shows up as wrong verdicts. Only key names and counts leave here.
 */

const Answer = z.object({
  resources: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  errors: z.array(z.unknown()).optional(),
});

export interface PermittedUsersShape {
  /** False when the body is not an object with `resources` (a shape Portside cannot read). */
  readable: boolean;
  resources: number;
  /** Action keys seen across all resources, sorted (e.g. crm-object:EDIT, crm-object:VIEW). */
  actionKeys: string[];
  /** Per action key, how many user ids it listed in total. */
  userCounts: Record<string, number>;
  errors: number;
}

/** Whether a request path was the permitted-users call (to find its answer among recorded ones). */
export const isPermittedUsersPath = (path: string) => path.startsWith('/resource-permissions/v3/permitted-users');

export const VIEW_KEY = 'crm-object:VIEW';
export const EDIT_KEY = 'crm-object:EDIT';

export function describePermittedUsersAnswer(body: unknown): PermittedUsersShape {
  const parsed = Answer.safeParse(body);
  if (!parsed.success || !parsed.data.resources) return { readable: false, resources: 0, actionKeys: [], userCounts: {}, errors: 0 };
  const counts: Record<string, number> = {};
  for (const actions of Object.values(parsed.data.resources)) {
    for (const [key, value] of Object.entries(actions)) {
      const users = (value as { permittedUsers?: unknown } | null)?.permittedUsers;
      counts[key] = (counts[key] ?? 0) + (Array.isArray(users) ? users.length : 0);
    }
  }
  return {
    readable: true,
    resources: Object.keys(parsed.data.resources).length,
    actionKeys: Object.keys(counts).sort(),
    userCounts: counts,
    errors: parsed.data.errors?.length ?? 0,
  };
}
