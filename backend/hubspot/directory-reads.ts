import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import { idString, unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * The portal's people, for linking members and mirroring teams: `/settings/v3/users/` (needs
 * `settings.users.read`; active users only) and `/crm/v3/owners/` (owner id ↔ user id, names,
 * teams with names). Both with the trailing slash, as HubSpot's SDK calls them: HubSpot
 * redirects the bare paths, and Portside follows no redirect (http.ts). Both are read to the end of their paging, bounded so a paging bug in an
 * answer cannot loop forever.
 */

const MAX_PAGES = 200;
const id = z.union([z.string(), z.number()]).transform(idString);
const Paging = z.object({ next: z.object({ after: z.string() }).optional() }).optional().catch(undefined);

const User = z.object({
  id,
  email: z.string(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  superAdmin: z.boolean().optional().default(false),
  primaryTeamId: id.nullish(),
  secondaryTeamIds: z.array(id).nullish(),
});
const UsersPage = z.object({ results: z.array(User), paging: Paging });

const Owner = z.object({
  id,
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  userId: id.nullish(),
  archived: z.boolean().optional(),
  teams: z.array(z.object({ id, name: z.string().nullish(), primary: z.boolean().optional() })).nullish(),
});
const OwnersPage = z.object({ results: z.array(Owner), paging: Paging });

export type HubSpotUser = z.infer<typeof User>;
export type HubSpotOwner = z.infer<typeof Owner>;

async function readAll<T>(send: PortalSend, path: string, limit: number, schema: z.ZodType<{ results: T[]; paging?: { next?: { after: string } | undefined } | undefined }>, what: string): Promise<SendResult<T[]>> {
  const out: T[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await send({ method: 'GET', path, query: { limit, after } });
    if (!res.ok) return res;
    const parsed = schema.safeParse(res.data.body);
    if (!parsed.success) return unreadableAnswer(what);
    out.push(...parsed.data.results);
    after = parsed.data.paging?.next?.after;
    if (!after) return ok(out);
  }
  return unreadableAnswer(`${what} (too many pages)`);
}

export function listUsers(send: PortalSend): Promise<SendResult<HubSpotUser[]>> {
  return readAll(send, '/settings/v3/users/', 100, UsersPage, 'the user list');
}

/** Active owners only: an archived owner is a deactivated user, who must not be matched. */
export function listOwners(send: PortalSend): Promise<SendResult<HubSpotOwner[]>> {
  return readAll(send, '/crm/v3/owners/', 500, OwnersPage, 'the owner list');
}
