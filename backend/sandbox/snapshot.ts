import { z } from 'zod';
import { engagementsOf } from './ownership.js';
import type { CrmRecord, PortalUser, SandboxState } from './state.js';
import { installKey } from './tokens.js';
import { ENGAGEMENT_KINDS } from './property-defs.js';

/**
 * What of the sandbox's world outlives a restart, as plain JSON: the OAuth world (installs,
 * refresh tokens, live access tokens, unused codes), every note and task, every user (their
 * permissions, teams and active flag can be changed through the control API) and the contacts
 * that differ from the seed. Counters, the request log, faults and rate-limit windows are a
 * run's diagnostics and start empty. The seed rebuilds everything else, so a large seed's
 * hundred thousand untouched contacts are not written on every change.
 */

export const SNAPSHOT_VERSION = 1;
/** Expired access tokens are kept this long (a client presenting one hears "expired", as from HubSpot), then dropped. */
const EXPIRED_TOKEN_KEEP_MS = 24 * 3600_000;

const int = z.number().int();
const strings = z.array(z.string());
const recordSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['contacts', 'notes', 'tasks', 'calls', 'companies', 'deals', 'tickets']),
  properties: z.record(z.string(), z.string()),
  createdAt: int,
  updatedAt: int,
  archived: z.boolean(),
  contactIds: strings,
});
const permissionSetSchema = z.object({
  view: z.enum(['everything', 'team', 'owned']),
  edit: z.enum(['everything', 'team', 'owned', 'none']),
  viewUnassigned: z.boolean(),
  editUnassigned: z.boolean(),
});
const userSchema = z.object({
  userId: int,
  ownerId: int,
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  superAdmin: z.boolean(),
  appMarketplaceAccess: z.boolean(),
  primaryTeamId: int.nullable(),
  secondaryTeamIds: z.array(int),
  roleId: int.nullable(),
  permissions: z.object({
    view: z.enum(['everything', 'team', 'owned']),
    edit: z.enum(['everything', 'team', 'owned', 'none']),
    viewUnassigned: z.boolean(),
    editUnassigned: z.boolean(),
  }),
  active: z.boolean(),
  portalId: int,
  objectPermissions: z.object({ companies: permissionSetSchema.nullable().optional(), deals: permissionSetSchema.nullable().optional(), tickets: permissionSetSchema.nullable().optional() }).optional(),
});
/** Companies, deals, tickets and their associations (all kept: a few records); absent in older files. */
const objectsSnapshot = {
  companies: z.array(recordSchema).default([]),
  deals: z.array(recordSchema).default([]),
  tickets: z.array(recordSchema).default([]),
  links: z.array(z.tuple([z.string(), z.array(z.string())])).default([]),
};
const grant = { portalId: int, userId: int, appId: int, scopes: strings };

export const snapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  seed: z.enum(['default', 'large']),
  savedAt: int,
  nextEngagementId: int.positive(),
  portals: z.array(z.object({ portalId: int, users: z.array(userSchema), contacts: z.array(recordSchema), notes: z.array(recordSchema), tasks: z.array(recordSchema), calls: z.array(recordSchema).default([]), ...objectsSnapshot })),
  installs: z.array(z.object({ ...grant, installedAt: int })),
  refreshTokens: z.array(z.object({ ...grant, token: z.string().min(1), clientId: z.string(), revoked: z.boolean() })),
  accessTokens: z.array(z.object({ ...grant, token: z.string().min(1), issuedAt: int, expiresAt: int, refreshToken: z.string(), revoked: z.boolean() })),
  authCodes: z.array(z.object({ ...grant, code: z.string().min(1), clientId: z.string(), redirectUri: z.string(), expiresAt: int, used: z.boolean() })),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

const copyRecord = (r: CrmRecord): CrmRecord => ({ ...r, properties: { ...r.properties }, contactIds: [...r.contactIds] });

export function takeSnapshot(state: SandboxState, now: number): Snapshot {
  return {
    version: SNAPSHOT_VERSION,
    seed: state.seedKind,
    savedAt: now,
    nextEngagementId: state.peekEngagementId(),
    portals: [...state.portals.values()].map((p) => ({
      portalId: p.portalId,
      users: [...p.users.values()],
      // Changed since the seed, or counting notes (num_notes moves without updatedAt, as in HubSpot).
      contacts: [...p.contacts.values()].filter((c) => c.updatedAt !== c.createdAt || p.engagementsByContact.has(c.id)),
      notes: [...p.notes.values()],
      tasks: [...p.tasks.values()],
      companies: [...p.companies.values()],
      deals: [...p.deals.values()],
      tickets: [...p.tickets.values()],
      links: [...p.links].map(([k, ids]): [string, string[]] => [k, [...ids]]),
      calls: [...p.calls.values()],
    })),
    installs: [...state.installs.values()],
    refreshTokens: [...state.refreshTokens.values()],
    accessTokens: [...state.accessTokens.values()]
      .filter((t) => t.expiresAt > now - EXPIRED_TOKEN_KEEP_MS)
      .map(({ scopeSet: _derived, ...t }) => t),
    authCodes: [...state.authCodes.values()].filter((c) => !c.used && c.expiresAt > now),
  };
}

/**
 * Lays a snapshot over a freshly seeded state of the same seed kind. The indexes (owners by owner
 * id, contacts by email, engagements by contact) are rebuilt from the restored records.
 */
export function restoreSnapshot(state: SandboxState, snap: Snapshot): void {
  for (const saved of snap.portals) {
    const portal = state.portal(saved.portalId);
    if (!portal) continue;
    for (const u of saved.users) {
      const user: PortalUser = { ...u, secondaryTeamIds: [...u.secondaryTeamIds], permissions: { ...u.permissions } };
      portal.users.set(user.userId, user);
    }
    portal.owners.clear();
    for (const u of portal.users.values()) portal.owners.set(u.ownerId, u);
    for (const c of saved.contacts) {
      const before = portal.contacts.get(c.id)?.properties.email;
      if (before) portal.contactsByEmail.delete(before.toLowerCase());
      const record = copyRecord(c);
      portal.contacts.set(record.id, record);
      if (record.properties.email) portal.contactsByEmail.set(record.properties.email.toLowerCase(), record.id);
    }
    for (const kind of ['companies', 'deals', 'tickets'] as const) for (const r of saved[kind]) portal[kind].set(r.id, copyRecord(r));
    if (saved.links.length) portal.links = new Map(saved.links.map(([k, ids]) => [k, new Set(ids)]));
    for (const kind of ENGAGEMENT_KINDS) {
      for (const r of saved[kind]) {
        const record = copyRecord(r);
        portal[kind].set(record.id, record);
        for (const contactId of record.contactIds) engagementsOf(portal, contactId)[kind].add(record.id);
      }
    }
  }
  for (const i of snap.installs) state.installs.set(installKey(i.appId, i.portalId), { ...i, scopes: [...i.scopes] });
  for (const r of snap.refreshTokens) state.refreshTokens.set(r.token, { ...r, scopes: [...r.scopes] });
  for (const a of snap.accessTokens) state.accessTokens.set(a.token, { ...a, scopes: [...a.scopes], scopeSet: new Set(a.scopes) });
  for (const c of snap.authCodes) state.authCodes.set(c.code, { ...c, scopes: [...c.scopes] });
  state.advanceEngagementIdTo(snap.nextEngagementId);
}
