import { z } from 'zod';
import type { SandboxContext } from './context.js';
import { applyValues, store } from './crm.js';
import type { FaultInput, FaultRule, LatencyInput, LatencyRule } from './faults.js';
import { isFailure, runGrant, type TokenAnswer } from './oauth-grants.js';
import type { PermissionSet } from './permissions.js';
import type { RateLimitConfig } from './rate-limit.js';
import { SANDBOX_APP, type SeedKind } from './seed.js';
import { emptyCounters, type Counters, type CrmRecord, type PortalState, type PortalUser, type RequestLogEntry } from './state.js';
import { createAuthCode, expireAccessToken, revokeAccessToken, revokeGrant, uninstallApp } from './tokens.js';
import type { EngagementKind } from './property-defs.js';

/**
 * Test controls, callable in-process (`sandbox.control`) and over HTTP under `/_sandbox/*`.
 * Control failures (unknown portal, record or user) throw ControlError, which the HTTP layer
 * turns into a 404.
 */

export class ControlError extends Error {
  constructor(message: string, readonly statusCode = 404) {
    super(message);
  }
}

const objectSet = z
  .object({ view: z.enum(['everything', 'team', 'owned']), edit: z.enum(['everything', 'team', 'owned', 'none']), viewUnassigned: z.boolean(), editUnassigned: z.boolean() })
  .nullable();

export const permissionPatchSchema = z
  .object({
    view: z.enum(['everything', 'team', 'owned']),
    edit: z.enum(['everything', 'team', 'owned', 'none']),
    viewUnassigned: z.boolean(),
    editUnassigned: z.boolean(),
    superAdmin: z.boolean(),
    appMarketplaceAccess: z.boolean(),
    primaryTeamId: z.number().int().nullable(),
    secondaryTeamIds: z.array(z.number().int()),
    /** Per-object sets merged over the user's (object-permissions.ts); `null` switches the object off. */
    objectPermissions: z.object({ companies: objectSet, deals: objectSet, tickets: objectSet }).partial(),
  })
  .partial();
export type PermissionPatch = z.infer<typeof permissionPatchSchema>;

export interface ContactView {
  contact: CrmRecord;
  notes: CrmRecord[];
  tasks: CrmRecord[];
  calls: CrmRecord[];
}

export interface SandboxControl {
  reset(seed?: SeedKind): void;
  setGlobalLatency(ms: number): void;
  addLatency(rule: LatencyInput): LatencyRule;
  addFault(rule: FaultInput): FaultRule;
  removeRule(id: number): boolean;
  clearFaults(): void;
  faults(): ReturnType<SandboxContext['faults']['list']>;
  /** Installs the sandbox app without the consent screen and returns the token answer. */
  install(portalId: number, userId: number, scopes?: string[]): TokenAnswer;
  expireToken(accessToken: string): boolean;
  /** Revokes a refresh token (and its access tokens) or a single access token. */
  revokeToken(token: string): boolean;
  uninstall(portalId: number, appId?: number): boolean;
  setOwner(portalId: number, contactId: string, ownerId: number | null): CrmRecord;
  setContactProperties(portalId: number, contactId: string, properties: Record<string, string>): CrmRecord;
  setUserPermissions(portalId: number, userId: number, patch: PermissionPatch): PortalUser;
  setUserActive(portalId: number, userId: number, active: boolean): PortalUser;
  /** Adds a user (and owner) to a portal with another user's permissions and teams: many reps for load tests. */
  addUserLike(portalId: number, templateUserId: number, user: { userId: number; ownerId: number; email: string; firstName: string; lastName: string }): PortalUser;
  /** Puts a portal in another data centre (`eu1`, `na2` …), or back here with null. */
  setHublet(portalId: number, hublet: string | null): PortalState;
  setRateLimit(config: RateLimitConfig): void;
  requestLog(): RequestLogEntry[];
  counters(): Counters;
  resetCounters(): void;
  contact(portalId: number, contactId: string): ContactView;
  notes(portalId: number, contactId?: string): CrmRecord[];
  tasks(portalId: number, contactId?: string): CrmRecord[];
  calls(portalId: number, contactId?: string): CrmRecord[];
}

export function createControl(ctx: SandboxContext): SandboxControl {
  const { state } = ctx;
  const portalOf = (portalId: number): PortalState => {
    const portal = state.portal(portalId);
    if (!portal) throw new ControlError(`unknown portal ${portalId}`);
    return portal;
  };
  const contactOf = (portal: PortalState, id: string): CrmRecord => {
    const c = portal.contacts.get(id);
    if (!c) throw new ControlError(`unknown contact ${id} in portal ${portal.portalId}`);
    return c;
  };
  const userOf = (portal: PortalState, id: number): PortalUser => {
    const u = portal.users.get(id);
    if (!u) throw new ControlError(`unknown user ${id} in portal ${portal.portalId}`);
    return u;
  };
  const engagements = (portalId: number, kind: EngagementKind, contactId?: string): CrmRecord[] => {
    const portal = portalOf(portalId);
    const all = [...store(portal, kind).values()];
    return contactId ? all.filter((r) => r.contactIds.includes(contactId)) : all;
  };
  /** Re-derives ownership properties of records owned by a user whose teams changed. */
  const rederive = (portal: PortalState, user: PortalUser) => {
    for (const c of portal.contacts.values()) {
      if (c.properties.hubspot_owner_id === String(user.ownerId)) applyValues(portal, c, { hubspot_owner_id: String(user.ownerId) }, ctx.now());
    }
  };

  return {
    reset(seed) {
      state.reset(seed ?? ctx.options.seed);
      ctx.faults.clear();
      ctx.rateLimiter.reset(ctx.options.rateLimit);
    },
    setGlobalLatency(ms) {
      ctx.faults.globalLatencyMs = ms;
    },
    addLatency: (rule) => ctx.faults.addLatency(rule),
    addFault: (rule) => ctx.faults.addFault(rule),
    removeRule: (id) => ctx.faults.remove(id),
    clearFaults: () => ctx.faults.clear(),
    faults: () => ctx.faults.list(),
    install(portalId, userId, scopes) {
      const portal = portalOf(portalId);
      userOf(portal, userId);
      const redirectUri = 'http://127.0.0.1/sandbox-install';
      const code = createAuthCode(
        state,
        { portalId, userId, appId: SANDBOX_APP.appId, clientId: SANDBOX_APP.clientId, redirectUri, scopes: scopes ?? [...portal.scopes] },
        ctx.now(),
      );
      const result = runGrant(ctx, {
        grant_type: 'authorization_code',
        client_id: SANDBOX_APP.clientId,
        client_secret: SANDBOX_APP.clientSecret,
        redirect_uri: redirectUri,
        code: code.code,
      });
      if (isFailure(result)) throw new ControlError(result.message, 400);
      return result;
    },
    expireToken: (token) => expireAccessToken(state, token, ctx.now()),
    revokeToken: (token) => revokeGrant(state, token) || revokeAccessToken(state, token),
    uninstall: (portalId, appId = SANDBOX_APP.appId) => uninstallApp(state, appId, portalId),
    setOwner(portalId, contactId, ownerId) {
      const portal = portalOf(portalId);
      const contact = contactOf(portal, contactId);
      if (ownerId !== null && !portal.owners.has(ownerId)) throw new ControlError(`unknown owner ${ownerId}`);
      applyValues(portal, contact, { hubspot_owner_id: ownerId === null ? '' : String(ownerId) }, ctx.now());
      return contact;
    },
    setContactProperties(portalId, contactId, properties) {
      const portal = portalOf(portalId);
      const contact = contactOf(portal, contactId);
      applyValues(portal, contact, properties, ctx.now());
      return contact;
    },
    setUserPermissions(portalId, userId, patch) {
      const portal = portalOf(portalId);
      const user = userOf(portal, userId);
      const { superAdmin, appMarketplaceAccess, primaryTeamId, secondaryTeamIds, objectPermissions, ...perms } = patch;
      if (objectPermissions) user.objectPermissions = { ...user.objectPermissions, ...objectPermissions };
      user.permissions = { ...user.permissions, ...(perms as Partial<PermissionSet>) };
      if (superAdmin !== undefined) user.superAdmin = superAdmin;
      if (appMarketplaceAccess !== undefined) user.appMarketplaceAccess = appMarketplaceAccess;
      if (primaryTeamId !== undefined || secondaryTeamIds !== undefined) {
        for (const t of [primaryTeamId, ...(secondaryTeamIds ?? [])]) if (typeof t === 'number' && !portal.teams.has(t)) throw new ControlError(`unknown team ${t}`);
        if (primaryTeamId !== undefined) user.primaryTeamId = primaryTeamId;
        if (secondaryTeamIds !== undefined) user.secondaryTeamIds = [...secondaryTeamIds];
        rederive(portal, user);
      }
      return user;
    },
    setUserActive(portalId, userId, active) {
      const user = userOf(portalOf(portalId), userId);
      user.active = active;
      return user;
    },
    addUserLike(portalId, templateUserId, u) {
      const portal = portalOf(portalId);
      const t = userOf(portal, templateUserId);
      if (portal.users.has(u.userId) || portal.owners.has(u.ownerId)) throw new ControlError(`user ${u.userId} or owner ${u.ownerId} exists`);
      const copy: PortalUser = { ...t, ...u, secondaryTeamIds: [...t.secondaryTeamIds], permissions: { ...t.permissions }, active: true };
      if (t.objectPermissions) copy.objectPermissions = { ...t.objectPermissions };
      portal.users.set(copy.userId, copy);
      portal.owners.set(copy.ownerId, copy);
      return copy;
    },
    setHublet(portalId, hublet) {
      const portal = portalOf(portalId);
      portal.movedToHublet = hublet;
      return portal;
    },
    setRateLimit(config) {
      ctx.rateLimiter.reset(config);
    },
    requestLog: () => [...state.requestLog],
    counters: () => structuredClone(state.counters),
    resetCounters() {
      state.counters = emptyCounters();
      state.requestLog = [];
    },
    contact(portalId, contactId) {
      const portal = portalOf(portalId);
      const contact = contactOf(portal, contactId);
      return { contact, notes: engagements(portalId, 'notes', contactId), tasks: engagements(portalId, 'tasks', contactId), calls: engagements(portalId, 'calls', contactId) };
    },
    notes: (portalId, contactId) => engagements(portalId, 'notes', contactId),
    tasks: (portalId, contactId) => engagements(portalId, 'tasks', contactId),
    calls: (portalId, contactId) => engagements(portalId, 'calls', contactId),
  };
}
