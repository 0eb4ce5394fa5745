import { deriveOwnership } from './ownership.js';
import { loadObjects } from './objects-load.js';
import type { ObjectKind } from './property-defs.js';
import type { Pipeline, PipelineObject } from './pipelines.js';
import type { SeedExchangeRate } from './seed-objects.js';
import type { CallOutcome } from './call-outcomes.js';
import type { Scope, Tier } from './scopes.js';
import { SEED, largeSeedContacts, type SeedKind, type SeedPortal, type SeedRole, type SeedUser } from './seed.js';

/**
 * The sandbox's whole mutable world, in plain maps so hot paths are lookups. Everything here is
 * in memory; `reset()` rebuilds it from the fixed seed. With a state file (persist.ts) the part
 * that must outlive a restart is written to disk and laid back over the seed at start.
 */

export interface CrmRecord {
  id: string;
  kind: ObjectKind;
  /** Only set values; a cleared property is removed. */
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  /** Contacts a note or task is associated with (empty for contacts). */
  contactIds: string[];
}

export interface PortalUser extends SeedUser {
  portalId: number;
}

export interface Team {
  id: number;
  name: string;
  parentTeamId: number | null;
}

export interface PortalState {
  portalId: number;
  name: string;
  domain: string;
  tier: Tier;
  scopes: ReadonlySet<Scope>;
  uiDomain: string;
  dataHostingLocation: string;
  /**
   * Set when the portal lives in another HubSpot data centre ("hublet") than the one this
   * sandbox plays: every API call for it then answers HubSpot's wrong-hublet error.
   */
  movedToHublet: string | null;
  timeZone: string;
  companyCurrency: string;
  roles: SeedRole[];
  teams: Map<number, Team>;
  teamParents: Map<number, number>;
  users: Map<number, PortalUser>;
  owners: Map<number, PortalUser>;
  contacts: Map<string, CrmRecord>;
  contactsByEmail: Map<string, string>;
  notes: Map<string, CrmRecord>;
  tasks: Map<string, CrmRecord>;
  calls: Map<string, CrmRecord>;
  /** contact id → ids of the notes/tasks/calls associated with it. */
  engagementsByContact: Map<string, { notes: Set<string>; tasks: Set<string>; calls: Set<string> }>;
  companies: Map<string, CrmRecord>;
  deals: Map<string, CrmRecord>;
  tickets: Map<string, CrmRecord>;
  pipelines: Record<PipelineObject, Pipeline[]>;
  exchangeRates: SeedExchangeRate[];
  /** Call outcomes (dispositions): HubSpot's defaults plus the portal's own. */
  callOutcomes: CallOutcome[];
  /** Every association except contact↔note/task/call: `{kind}:{id}>{toKind}` → ids (associations.ts). */
  links: Map<string, Set<string>>;
}

export interface AccessToken {
  token: string;
  portalId: number;
  userId: number;
  appId: number;
  scopes: string[];
  scopeSet: ReadonlySet<string>;
  issuedAt: number;
  expiresAt: number;
  refreshToken: string;
  revoked: boolean;
}

export interface RefreshToken {
  token: string;
  portalId: number;
  userId: number;
  appId: number;
  clientId: string;
  scopes: string[];
  revoked: boolean;
}

export interface AuthCode {
  code: string;
  portalId: number;
  userId: number;
  appId: number;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface Install {
  appId: number;
  portalId: number;
  userId: number;
  scopes: string[];
  installedAt: number;
}

export interface Counters {
  requests: number;
  rateLimited: number;
  tokenExchanges: number;
  tokenRefreshes: number;
  faults: number;
  writes: { contactUpdates: number; notes: number; tasks: number; calls: number };
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  portalId: number | null;
  time: string;
  durationMs: number;
}

export const REQUEST_LOG_LIMIT = 10_000;

export function emptyCounters(): Counters {
  return { requests: 0, rateLimited: 0, tokenExchanges: 0, tokenRefreshes: 0, faults: 0, writes: { contactUpdates: 0, notes: 0, tasks: 0, calls: 0 } };
}

const instantCache = new Map<number, string>();

/**
 * Java `Instant.toString()` style, which HubSpot uses: no fraction when the milliseconds are zero.
 * Every serialized record formats two timestamps, mostly the same few, so they are memoised.
 */
export function hubspotInstant(ms: number): string {
  const cached = instantCache.get(ms);
  if (cached !== undefined) return cached;
  const iso = new Date(ms).toISOString();
  const out = iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  if (instantCache.size >= 4096) instantCache.clear();
  instantCache.set(ms, out);
  return out;
}

const SEED_EPOCH = Date.parse('2024-01-15T10:00:00.000Z');

export class SandboxState {
  portals = new Map<number, PortalState>();
  accessTokens = new Map<string, AccessToken>();
  refreshTokens = new Map<string, RefreshToken>();
  authCodes = new Map<string, AuthCode>();
  installs = new Map<string, Install>();
  counters = emptyCounters();
  requestLog: RequestLogEntry[] = [];
  seedKind: SeedKind = 'default';
  private nextEngagementId = 90_000_000_001;

  constructor(seed: SeedKind = 'default') {
    this.reset(seed);
  }

  reset(seed: SeedKind = this.seedKind): void {
    this.seedKind = seed;
    this.portals.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.authCodes.clear();
    this.installs.clear();
    this.counters = emptyCounters();
    this.requestLog = [];
    this.nextEngagementId = 90_000_000_001;
    for (const p of Object.values(SEED.portals) as SeedPortal[]) this.loadPortal(p);
    if (seed === 'large') {
      const acme = this.portal(SEED.portals.acme.portalId);
      if (acme) for (const c of largeSeedContacts()) this.insertContact(acme, String(c.id), c.properties, SEED_EPOCH);
    }
  }

  portal(portalId: number): PortalState | undefined {
    return this.portals.get(portalId);
  }

  newEngagementId(): string {
    return String(this.nextEngagementId++);
  }

  /** The id the next note or task gets; saved so restored records and new ones never share an id. */
  peekEngagementId(): number {
    return this.nextEngagementId;
  }

  advanceEngagementIdTo(next: number): void {
    this.nextEngagementId = Math.max(this.nextEngagementId, next);
  }

  logRequest(entry: RequestLogEntry): void {
    this.requestLog.push(entry);
    // Drop the oldest half at once so the log costs O(1) amortised per request.
    if (this.requestLog.length > REQUEST_LOG_LIMIT) this.requestLog = this.requestLog.slice(REQUEST_LOG_LIMIT / 2);
  }

  private loadPortal(seed: SeedPortal): void {
    const portal: PortalState = {
      portalId: seed.portalId,
      name: seed.name,
      domain: seed.domain,
      tier: seed.tier,
      scopes: new Set(seed.scopes),
      uiDomain: seed.uiDomain,
      dataHostingLocation: seed.dataHostingLocation,
      movedToHublet: null,
      timeZone: seed.timeZone,
      companyCurrency: seed.companyCurrency,
      roles: seed.roles.map((r) => ({ ...r })),
      teams: new Map(),
      teamParents: new Map(),
      users: new Map(),
      owners: new Map(),
      contacts: new Map(),
      contactsByEmail: new Map(),
      notes: new Map(),
      tasks: new Map(),
      calls: new Map(),
      engagementsByContact: new Map(),
      companies: new Map(),
      deals: new Map(),
      tickets: new Map(),
      pipelines: { deals: [], tickets: [] },
      exchangeRates: [],
      callOutcomes: [],
      links: new Map(),
    };
    for (const t of Object.values(seed.teams)) {
      portal.teams.set(t.id, { ...t });
      if (t.parentTeamId !== null) portal.teamParents.set(t.id, t.parentTeamId);
    }
    for (const u of Object.values(seed.users)) {
      const copy: PortalUser = { ...u, secondaryTeamIds: [...u.secondaryTeamIds], permissions: { ...u.permissions }, portalId: seed.portalId };
      if (u.objectPermissions) copy.objectPermissions = { ...u.objectPermissions };
      portal.users.set(copy.userId, copy);
      portal.owners.set(copy.ownerId, copy);
    }
    let minute = 0;
    for (const c of Object.values(seed.contacts)) {
      this.insertContact(portal, String(c.id), c.properties, SEED_EPOCH + minute++ * 60_000);
    }
    if (seed.objects) loadObjects(portal, seed.objects, SEED_EPOCH, hubspotInstant);
    this.portals.set(portal.portalId, portal);
  }

  insertContact(portal: PortalState, id: string, props: Record<string, string>, at: number): CrmRecord {
    const record: CrmRecord = {
      id,
      kind: 'contacts',
      properties: { ...props, hs_object_id: id, createdate: hubspotInstant(at), lastmodifieddate: hubspotInstant(at) },
      createdAt: at,
      updatedAt: at,
      archived: false,
      contactIds: [],
    };
    deriveOwnership(portal, record.properties);
    portal.contacts.set(id, record);
    const email = record.properties.email;
    if (email) portal.contactsByEmail.set(email.toLowerCase(), id);
    return record;
  }
}
