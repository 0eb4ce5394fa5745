import type { Result } from '../../../lib/contract/errors';
import type { HubSpotOwnerInput, HubSpotUserInput } from './directory';

/**
 * What the identity and record services need from the rest of the backend, as narrow ports:
 * the workspace's install (install service) and a few HubSpot reads (the HubSpot adapter, which
 * alone knows URLs and error formats). backend/compose.ts wires them; tests may wire fakes or the sandbox.
 */

export interface InstalledPortal {
  portalId: string;
  status: 'connected' | 'needs_reconnect';
  /** Scopes HubSpot granted the install. */
  scopes: readonly string[];
}

export interface InstallLookup {
  /** The portal installed for the workspace, or null when none is. */
  installedPortal(workspaceId: string): Promise<InstalledPortal | null>;
  /** Every (workspace, portal) with a connected install, for the periodic sync. */
  connectedInstalls(): Promise<{ workspaceId: string; portalId: string }[]>;
}

export interface DirectoryApi {
  /** `/settings/v3/users`, all pages. */
  listUsers(workspaceId: string): Promise<Result<HubSpotUserInput[]>>;
  /** `/crm/v3/owners`, all pages, active owners. */
  listOwners(workspaceId: string): Promise<Result<HubSpotOwnerInput[]>>;
}


export interface RequestContext {
  correlationId: string | null;
}
