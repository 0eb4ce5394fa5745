import { CodeSentResponse } from '../api/accounts';
import { MeAnswer, MemberEntry, MembersAnswer, SyncAnswer, type PermissionLevels } from '../api/identity';
import type { BackendClient } from '../backend-client';

/** Identity admin calls; member ids were validated by the router before they reach a path. */
export const identityMembers = (c: BackendClient) => c.request('/api/v1/identity/members', { schema: MembersAnswer });

export const linkMember = (c: BackendClient, memberId: string, hubspotUserId: string) =>
  c.request(`/api/v1/identity/members/${memberId}/link`, { method: 'PUT', body: { hubspotUserId }, schema: MemberEntry });

export const unlinkMember = (c: BackendClient, memberId: string) =>
  c.request(`/api/v1/identity/members/${memberId}/link`, { method: 'DELETE', schema: MemberEntry });

export const setMemberLevels = (c: BackendClient, memberId: string, levels: PermissionLevels | null) =>
  c.request(`/api/v1/identity/members/${memberId}/permissions`, { method: 'PUT', body: { levels }, schema: MemberEntry });

export const syncDirectory = (c: BackendClient) => c.request('/api/v1/identity/sync', { method: 'POST', body: {}, schema: SyncAnswer });

/** The member's own link, and its proof by a code mailed to the linked HubSpot user. */
export const identityMe = (c: BackendClient) => c.request('/api/v1/identity/me', { schema: MeAnswer });

export const requestLinkProof = (c: BackendClient) => c.request('/api/v1/identity/me/link-proof', { method: 'POST', body: {}, schema: CodeSentResponse });

export const verifyLinkProof = (c: BackendClient, code: string) =>
  c.request('/api/v1/identity/me/link-proof/verify', { method: 'POST', body: { code }, schema: MeAnswer });
