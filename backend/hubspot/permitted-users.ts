import { z } from 'zod';
import type { CrmObjectTypeId } from '../../lib/contract/crm-objects';
import { ok } from '../../lib/contract/errors';
import { idString, unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * `GET /resource-permissions/v3/permitted-users?resource=hcrn:{portalId}:crm-object:{objectTypeId}:{id}`
 * (repeatable, at most 20): for each record, the users HubSpot lets view and edit it. Records
 * HubSpot reports under `errors` (not found) come back as null; a record in neither list is left
 * out, and the caller treats it as unknown.
 *
 * One object type per call: whether HubSpot answers a mixed call, and how it answers one whose
 * object scope the app lacks, is unverified (the sandbox refuses the whole call with 403
 * MISSING_SCOPES), so one missing scope must never fail the contacts asked alongside.
 */

export const PERMITTED_USERS_MAX = 20;
const VIEW = 'crm-object:VIEW';
const EDIT = 'crm-object:EDIT';

const Action = z.object({ permittedUsers: z.array(z.union([z.string(), z.number()]).transform(idString)) });
const Answer = z.object({
  resources: z.record(z.string(), z.record(z.string(), Action.optional().catch(undefined))),
  errors: z
    .array(
      z.object({
        category: z.string().optional().catch(undefined),
        message: z.string().optional().catch(undefined),
        context: z.record(z.string(), z.array(z.string())).optional().catch(undefined),
      }),
    )
    .optional()
    .catch(undefined),
});

export interface PermittedUsers {
  view: string[];
  edit: string[];
}

export const objectHcrn = (portalId: string, objectType: CrmObjectTypeId, id: string) => `hcrn:${portalId}:crm-object:${objectType}:${id}`;

export async function readPermittedUsers(
  send: PortalSend,
  portalId: string,
  objectType: CrmObjectTypeId,
  ids: readonly string[],
): Promise<SendResult<Map<string, PermittedUsers | null>>> {
  if (ids.length === 0) return ok(new Map());
  if (ids.length > PERMITTED_USERS_MAX) throw new Error(`at most ${PERMITTED_USERS_MAX} resources per call`);
  const byHcrn = new Map(ids.map((id) => [objectHcrn(portalId, objectType, id), id]));
  const res = await send({ method: 'GET', path: '/resource-permissions/v3/permitted-users', query: { resource: [...byHcrn.keys()] } });
  if (!res.ok) return res;
  const parsed = Answer.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer('the record permission check');
  const out = new Map<string, PermittedUsers | null>();
  for (const [hcrn, actions] of Object.entries(parsed.data.resources)) {
    const id = byHcrn.get(hcrn);
    // An hcrn we did not ask for (another portal's) is ignored, never attributed to ours.
    if (id === undefined) continue;
    out.set(id, { view: actions[VIEW]?.permittedUsers ?? [], edit: actions[EDIT]?.permittedUsers ?? [] });
  }
  for (const e of parsed.data.errors ?? []) {
    // Only "not found" means the record is gone; any other per-resource error stays unknown.
    if (e.category !== 'OBJECT_NOT_FOUND' && !/not found/i.test(e.message ?? '')) continue;
    for (const hcrn of e.context?.resources ?? []) {
      const id = byHcrn.get(hcrn);
      if (id !== undefined && !out.has(id)) out.set(id, null);
    }
  }
  return ok(out);
}
