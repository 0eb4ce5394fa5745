import type { Kysely } from 'kysely';

import type { Database, MemberRow } from '../../../backend/db/schema';
import type { HubSpotApp } from '../../../backend/hubspot/app';
import { hubspotHttp } from '../../../backend/hubspot/http';
import type { PortalSend } from '../../../backend/hubspot/portal-send';
import { SANDBOX_APP, SEED } from '../../../backend/sandbox/seed';
import type { StartedSandbox } from '../../../backend/sandbox/start';
import { newId } from '../../../backend/security/tokens';
import type { Result } from '../../../lib/contract/errors';
import { checkAccessFresh, type FreshCheck, type Requester } from '../../../backend/services/access/check';
import { createAccess, type AccessWiring } from '../../../backend/services/access/create';
import { pipelineCacheFor } from '../../../backend/services/access/pipeline-cache';
import { createRecords, type RecordsDeps } from '../../../backend/services/records/create';
import type { AccessDeps } from '../../../backend/services/access/deps';
import { createIdentity, type IdentityWiring } from '../../../backend/services/identity/create';
import type { IdentityDeps } from '../../../backend/services/identity/deps';
import type { InstalledPortal, InstallLookup } from '../../../backend/services/identity/ports';
import { insertMember } from '../../../backend/services/accounts/members-store';
import { insertWorkspace } from '../../../backend/services/accounts/workspaces-store';
import { startSandboxUnlimited } from '../../support/backend';

/**
 * Record access over a started sandbox and a real database, without the HTTP layer: workspaces
 * and members are rows, each workspace's install is a sandbox token (control.install), and the
 * install lookup is an in-memory map the test can change (reconnect, other portal).
 */

/** Identity and access as backend/compose.ts builds them, over the test's install lookup and HubSpot call. */
export interface RecordAccess {
  access: AccessDeps;
  /** The record view's deps (access plus labels) over the same HubSpot call. */
  records: RecordsDeps;
  identity: IdentityDeps;
  checkAccessFresh(who: Requester, portalId: string, contactId: string): Promise<Result<FreshCheck>>;
}
export type RecordAccessOptions = Omit<IdentityWiring, 'db' | 'installs' | 'sendFor'> & Omit<AccessWiring, 'identity' | 'sendFor'>;

export function createRecordAccess(w: RecordAccessOptions & Pick<IdentityWiring, 'db' | 'installs' | 'sendFor'>): RecordAccess {
  const identity = createIdentity(w);
  const pipelines = pipelineCacheFor(w.sendFor, identity.now);
  const access = createAccess({ ...w, identity, pipelines });
  const records = createRecords({ access, pipelines, sendFor: w.sendFor, now: identity.now });
  return { access, records, identity, checkAccessFresh: (who, portalId, contactId) => checkAccessFresh(access, who, portalId, contactId) };
}

export const ACME = SEED.portals.acme;
export const FREE = SEED.portals.free;

export class TestInstalls implements InstallLookup {
  readonly byWorkspace = new Map<string, InstalledPortal & { token: string }>();
  async installedPortal(workspaceId: string) {
    return this.byWorkspace.get(workspaceId) ?? null;
  }
  async connectedInstalls() {
    return [...this.byWorkspace].filter(([, i]) => i.status === 'connected').map(([workspaceId, i]) => ({ workspaceId, portalId: i.portalId }));
  }
}

export interface Workspace {
  id: string;
  portalId: string;
  admin: MemberRow;
  /** Members keyed like the seed's users, with the users' emails (verified). */
  members: Record<string, MemberRow>;
}

export interface Harness {
  sandbox: StartedSandbox;
  hubspot: HubSpotApp;
  installs: TestInstalls;
  ra: RecordAccess;
  /** HubSpot calls made through `sendFor`, by path. */
  calls: string[];
  acme: Workspace;
  free: Workspace;
  /** Straight to the sandbox, as the installed app. */
  sandboxGet(ws: Workspace, path: string): Promise<any>;
  close(): Promise<void>;
}

export function sandboxHubSpotApp(url: string): HubSpotApp {
  return {
    mode: 'sandbox',
    clientId: SANDBOX_APP.clientId,
    clientSecret: SANDBOX_APP.clientSecret,
    appId: SANDBOX_APP.appId,
    redirectUri: 'http://127.0.0.1/cb',
    apiBase: url,
    authorizeBase: url,
    scopes: [],
    optionalScopes: [],
    timeoutMs: 5_000,
  };
}

async function addWorkspace(db: Kysely<Database>, sandbox: StartedSandbox, installs: TestInstalls, portal: typeof ACME | typeof FREE, now: number): Promise<Workspace> {
  const id = newId();
  await insertWorkspace(db, { id, name: portal.name, created_at: now, updated_at: now });
  const members: Record<string, MemberRow> = {};
  for (const [key, u] of Object.entries(portal.users)) {
    const row: MemberRow = {
      id: newId(),
      workspace_id: id,
      email: u.email,
      display_name: null,
      role: key === 'superAdmin' ? 'admin' : 'member',
      status: 'active',
      password_hash: null,
      email_verified_at: now,
      last_sign_in_at: null,
      created_at: now,
      updated_at: now,
    };
    await insertMember(db, row);
    members[key] = row;
  }
  const installer = Object.values(portal.users).find((u) => u.superAdmin)!;
  const token = sandbox.sandbox.control.install(portal.portalId, installer.userId);
  installs.byWorkspace.set(id, { portalId: String(portal.portalId), status: 'connected', scopes: token.scopes ?? [...portal.scopes], token: token.access_token });
  return { id, portalId: String(portal.portalId), admin: members.superAdmin!, members };
}

export async function startHarness(db: Kysely<Database>, opts: RecordAccessOptions = {}): Promise<Harness> {
  const sandbox = await startSandboxUnlimited();
  const hubspot = sandboxHubSpotApp(sandbox.url);
  const installs = new TestInstalls();
  const calls: string[] = [];
  const sendFor = (workspaceId: string): PortalSend => async (req) => {
    const install = installs.byWorkspace.get(workspaceId);
    if (!install) throw new Error(`no install for ${workspaceId}`);
    calls.push(req.path);
    return hubspotHttp(hubspot, { ...req, accessToken: install.token });
  };
  const now = Date.now();
  const acme = await addWorkspace(db, sandbox, installs, ACME, now);
  const free = await addWorkspace(db, sandbox, installs, FREE, now);
  const ra = createRecordAccess({ db, installs, sendFor, ...opts });
  return {
    sandbox,
    hubspot,
    installs,
    ra,
    calls,
    acme,
    free,
    async sandboxGet(ws, path) {
      const res = await hubspotHttp(hubspot, { method: 'GET', path, accessToken: installs.byWorkspace.get(ws.id)!.token });
      return res.ok ? res.data.body : res;
    },
    close: () => sandbox.close(),
  };
}

