import { z } from 'zod';
import { ContactPropertiesResponse, EditablePropertiesResponse, SetEditablePropertiesBody } from '../../contract/api/settings';
import { LinkProofBody, MeAnswer, MemberEntry, MemberIdParam, MembersAnswer, PermissionLevels, SyncAnswer } from '../../contract/api/identity';
import { LevelObjectType, ObjectLevels } from '../../contract/api/identity';
import { PipelineAccessBody, PipelineAccessParams, PipelineAccessResponse, PipelineObjectParam } from '../../contract/api/settings';
import { ObjectPropertiesParams, ObjectPropertiesResponse } from '../../contract/api/settings';
import { IdParam, ObjectTypeParam } from '../../contract/api/records';
import { CreateTicketResponse, DisconnectResponse, InstallStatusResponse, TicketId, TicketView } from '../../contract/api/install';
import { CodeSentResponse } from '../../contract/api/accounts';
import { route, type ActionSpec } from './route';

/** Admin actions of the options page: the HubSpot install, people and their levels, editable properties, pipeline access, the audit export. */
export const adminActions = {
  'install.status': route({
    from: ['page'],
    request: z.object({}).strict(),
    response: InstallStatusResponse,
    http: { method: 'GET', path: () => '/api/v1/install' },
  }),
  // The background makes the ticket and opens (and watches) the install tab itself: only the tab
  // it opened can finish the install, with its session (lib/extension/background/install-tabs.ts).
  'install.begin': {
    from: ['page'],
    request: z.object({ reconnect: z.boolean() }).strict(),
    response: CreateTicketResponse.pick({ ticketId: true, expiresAt: true }),
  },
  'install.ticket': route({
    from: ['page'],
    request: z.object({ ticketId: TicketId }).strict(),
    response: TicketView,
    http: { method: 'GET', path: ({ ticketId }) => `/api/v1/install/tickets/${ticketId}` },
  }),
  'install.confirm': route({
    from: ['page'],
    request: z.object({ ticketId: TicketId, replace: z.boolean() }).strict(),
    response: TicketView,
    http: { method: 'POST', path: ({ ticketId }) => `/api/v1/install/tickets/${ticketId}/confirm`, body: ({ replace }) => ({ replace }) },
  }),
  'install.disconnect': route({
    from: ['page'],
    request: z.object({ force: z.boolean() }).strict(),
    response: DisconnectResponse,
    http: { method: 'POST', path: () => '/api/v1/install/disconnect', body: ({ force }) => ({ force }) },
  }),
  'identity.members': route({
    from: ['page'],
    request: z.object({}).strict(),
    response: MembersAnswer,
    http: { method: 'GET', path: () => '/api/v1/identity/members' },
  }),
  'identity.link': route({
    from: ['page'],
    request: z.object({ memberId: MemberIdParam, hubspotUserId: IdParam }).strict(),
    response: MemberEntry,
    http: { method: 'PUT', path: ({ memberId }) => `/api/v1/identity/members/${memberId}/link`, body: ({ hubspotUserId }) => ({ hubspotUserId }) },
  }),
  'identity.unlink': route({
    from: ['page'],
    request: z.object({ memberId: MemberIdParam }).strict(),
    response: MemberEntry,
    http: { method: 'DELETE', path: ({ memberId }) => `/api/v1/identity/members/${memberId}/link` },
  }),
  'identity.setLevels': route({
    from: ['page'],
    request: z.object({ memberId: MemberIdParam, levels: PermissionLevels.nullable() }).strict(),
    response: MemberEntry,
    http: { method: 'PUT', path: ({ memberId }) => `/api/v1/identity/members/${memberId}/permissions`, body: ({ levels }) => ({ levels }) },
  }),
  'identity.sync': route({
    from: ['page'],
    request: z.object({}).strict(),
    response: SyncAnswer,
    http: { method: 'POST', path: () => '/api/v1/identity/sync', body: () => ({}) },
  }),
  'properties.definitions': route({
    from: ['page'],
    request: z.object({}).strict(),
    response: ContactPropertiesResponse,
    http: { method: 'GET', path: () => '/api/v1/settings/contact-properties' },
  }),
  'properties.setEditable': route({
    from: ['page'],
    request: SetEditablePropertiesBody,
    response: EditablePropertiesResponse,
    http: { method: 'PUT', path: () => '/api/v1/settings/editable-properties', body: ({ properties }) => ({ properties }) },
  }),
  'audit.export': {
    from: ['page'],
    request: z.object({ format: z.enum(['jsonl', 'csv']), from: z.iso.date().optional(), to: z.iso.date().optional() }).strict(),
    response: z.object({ filename: z.string(), content: z.string() }),
  },
  'identity.me': route({
    from: ['page'],
    request: z.object({}).strict(),
    response: MeAnswer,
    // The member's own link, and its proof by a code mailed to the linked HubSpot user.
    http: { method: 'GET', path: () => '/api/v1/identity/me' },
  }),
  'identity.requestLinkProof': route({
    from: ['page'],
    request: z.object({}).strict(),
    response: CodeSentResponse,
    http: { method: 'POST', path: () => '/api/v1/identity/me/link-proof', body: () => ({}) },
  }),
  'identity.verifyLinkProof': route({
    from: ['page'],
    request: LinkProofBody,
    response: MeAnswer,
    http: { method: 'POST', path: () => '/api/v1/identity/me/link-proof/verify', body: ({ code }) => ({ code }) },
  }),
  // A member's mirrored levels on companies, deals or tickets; "not set" is a DELETE.
  'identity.setObjectLevels': route({
    from: ['page'],
    request: z.object({ memberId: MemberIdParam, objectType: LevelObjectType, levels: ObjectLevels }).strict(),
    response: MemberEntry,
    http: { method: 'PUT', path: ({ memberId, objectType }) => `/api/v1/identity/members/${memberId}/permissions/${objectType}`, body: ({ levels }) => levels },
  }),
  'identity.clearObjectLevels': route({
    from: ['page'],
    request: z.object({ memberId: MemberIdParam, objectType: LevelObjectType }).strict(),
    response: MemberEntry,
    http: { method: 'DELETE', path: ({ memberId, objectType }) => `/api/v1/identity/members/${memberId}/permissions/${objectType}` },
  }),
  'pipelines.access': route({
    from: ['page'],
    request: PipelineAccessParams,
    response: PipelineAccessResponse,
    http: { method: 'GET', path: ({ objectType }) => `/api/v1/settings/pipeline-access/${objectType}` },
  }),
  'pipelines.setAccess': route({
    from: ['page'],
    request: z.object({ objectType: PipelineObjectParam, access: PipelineAccessBody }).strict(),
    response: PipelineAccessResponse,
    http: { method: 'PUT', path: ({ objectType }) => `/api/v1/settings/pipeline-access/${objectType}`, body: ({ access }) => access },
  }),
  // The allowlist per object for the options card (contacts included: `0-1`).
  'properties.objectDefinitions': route({
    from: ['page'],
    request: ObjectPropertiesParams,
    response: ObjectPropertiesResponse,
    http: { method: 'GET', path: ({ objectType }) => `/api/v1/settings/object-properties/${objectType}` },
  }),
  'properties.setObjectEditable': route({
    from: ['page'],
    request: z.object({ objectType: ObjectTypeParam, properties: SetEditablePropertiesBody.shape.properties }).strict(),
    response: EditablePropertiesResponse,
    http: { method: 'PUT', path: ({ objectType }) => `/api/v1/settings/editable-properties?objectType=${objectType}`, body: ({ properties }) => ({ properties }) },
  }),
} as const satisfies Record<string, ActionSpec>;
