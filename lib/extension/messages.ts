import { z } from 'zod';
import { ErrorCode } from '../contract/errors';
import { HUBSPOT_APP_HOST, HUBSPOT_ID } from '../contract/hubspot-ids';
import { PanelData } from './panel-data';
import { DraftFields, DraftKey } from './background/drafts';
import { CallOutcomesResponse, CreateWriteBody, IdempotencyKey, TaskOptionsResponse, WriteList, WriteResponse, WriteView } from '../contract/api/writes';
import { ContactPropertiesResponse, EditablePropertiesResponse, SetEditablePropertiesBody } from '../contract/api/settings';
import { LinkProofBody, MeAnswer, MemberEntry, MemberIdParam, MembersAnswer, PermissionLevels, SyncAnswer } from '../contract/api/identity';
import { LevelObjectType, ObjectLevels } from '../contract/api/identity';
import { PipelineAccessBody, PipelineAccessParams, PipelineAccessResponse, PipelineObjectParam } from '../contract/api/settings';
import { ObjectPropertiesParams, ObjectPropertiesResponse } from '../contract/api/settings';
import { IdParam, ObjectTypeParam } from '../contract/api/records';
import { CreateTicketResponse, DisconnectResponse, InstallStatusResponse, TicketId, TicketView } from '../contract/api/install';
import {
  AcceptInviteRequest,
  ChangePasswordRequest,
  ChangePasswordResponse,
  CreateWorkspaceRequest,
  InspectInviteRequest,
  InviteCreatedResponse,
  InviteInfoResponse,
  InviteMemberRequest,
  MeResponse,
  MemberListResponse,
  MemberResponse,
  Role,
  SignInRequest,
  CodeSentResponse,
  VerifyCodeRequest,
  VerifyWorkspaceRequest,
} from '../contract/api/accounts';

/** Whether the background holds a live session; `expired` lets the UI say why it asks again. */
export const SessionState = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(false), reason: z.enum(['none', 'expired']) }),
  z.object({ signedIn: z.literal(true), me: MeResponse }),
]);

/**
 * The one message protocol between extension contexts. Every message is a named action with a
 * request and response schema, and says which senders may use it: content scripts run beside
 * HubSpot's page and are untrusted, so they get the few read-and-ask actions the panel needs;
 * extension pages (options) get the rest. The background parses every message against this
 * table and drops anything else.
 */
export type SenderKind = 'content' | 'page';

const RecordRef = z.object({
  host: z.string().regex(HUBSPOT_APP_HOST),
  portalId: z.string().regex(HUBSPOT_ID),
  objectTypeId: ObjectTypeParam,
  recordId: z.string().regex(HUBSPOT_ID),
});
export type RecordRef = z.infer<typeof RecordRef>;

/** Who the panel showed as signed in when the rep saved (RecordView.viewer). */
const WriteViewer = z.object({ memberId: z.string().min(1).max(100), email: z.string().min(1).max(320) }).strict();

/**
 * The backend route of an action the background only forwards: lib/extension/background/http-action.ts
 * builds its handler (the router's sender and payload checks, then the session's client, bound to
 * the server that issued the token). Paths are built from payload fields the router has already
 * parsed against the request schema, so no message can steer a request to another path. `answer`
 * is the backend's body when it is not the action's response itself; `pick` maps one to the other.
 */
export interface HttpRoute<Payload, Response, Answer extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path(payload: Payload): string;
  /** The JSON body; none when absent. */
  body?(payload: Payload): unknown;
  /** false for the calls made before there is a session (sign-up, invite lookup). */
  auth?: false;
  answer?: Answer;
  pick?(answer: z.infer<Answer>): Response;
}

/** An action with its backend route; a function only so `path`/`body` get the payload's type. */
function route<const F extends readonly SenderKind[], Q extends z.ZodType, S extends z.ZodType, A extends z.ZodType = S>(spec: {
  from: F;
  request: Q;
  response: S;
  http: HttpRoute<z.infer<Q>, z.infer<S>, A>;
}) {
  return spec;
}

/** A record's backend path, whatever its object: `/api/v1/portals/{p}/objects/{type}/{id}`. */
export const recordPath = (r: RecordRef) => `/api/v1/portals/${r.portalId}/objects/${r.objectTypeId}/${r.recordId}`;

export const actions = {
  'panel.load': {
    from: ['content', 'page'],
    request: z.object({ record: RecordRef }).strict(),
    response: PanelData,
  },
  'options.open': {
    from: ['content', 'page'],
    request: z.object({}).strict(),
    response: z.object({ opened: z.boolean() }),
  },
  'writes.create': {
    from: ['content', 'page'],
    // `viewer`: the member the panel's view was drawn for; the background refuses the write when
    // the session now belongs to someone else. The email is only for saying so.
    request: z.object({ record: RecordRef, idempotencyKey: IdempotencyKey, body: CreateWriteBody, viewer: WriteViewer }).strict(),
    response: WriteView,
  },
  'writes.get': route({
    from: ['content', 'page'],
    request: z.object({ writeId: z.uuid() }).strict(),
    response: WriteView,
    http: { method: 'GET', path: ({ writeId }) => `/api/v1/writes/${writeId}`, answer: WriteResponse, pick: (a) => a.write },
  }),
  'writes.retry': route({
    from: ['content', 'page'],
    request: z.object({ writeId: z.uuid() }).strict(),
    response: WriteView,
    http: { method: 'POST', path: ({ writeId }) => `/api/v1/writes/${writeId}/retry`, body: () => ({}), answer: WriteResponse, pick: (a) => a.write },
  }),
  'writes.list': route({
    from: ['content', 'page'],
    request: z.object({ record: RecordRef }).strict(),
    response: WriteList,
    http: { method: 'GET', path: ({ record }) => `${recordPath(record)}/writes?limit=20` },
  }),
  'properties.editable': route({
    from: ['content', 'page'],
    // Absent: contacts (the options page's list until it picks an object).
    request: z.object({ objectType: ObjectTypeParam.optional() }).strict(),
    response: EditablePropertiesResponse,
    http: { method: 'GET', path: ({ objectType }) => `/api/v1/settings/editable-properties${objectType ? `?objectType=${objectType}` : ''}` },
  }),
  'tasks.options': route({
    from: ['content', 'page'],
    request: z.object({}).strict(),
    response: TaskOptionsResponse,
    http: { method: 'GET', path: () => '/api/v1/settings/task-options' },
  }),
  'calls.outcomes': route({
    from: ['content', 'page'],
    request: z.object({}).strict(),
    response: CallOutcomesResponse,
    http: { method: 'GET', path: () => '/api/v1/settings/call-outcomes' },
  }),
  'drafts.get': {
    from: ['content', 'page'],
    request: z.object({ key: DraftKey }).strict(),
    response: z.object({ fields: DraftFields.nullable() }),
  },
  'drafts.put': {
    from: ['content', 'page'],
    request: z.object({ key: DraftKey, fields: DraftFields }).strict(),
    response: z.object({ saved: z.boolean() }),
  },
  'drafts.delete': {
    from: ['content', 'page'],
    request: z.object({ key: DraftKey }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
  'session.get': {
    from: ['page'],
    request: z.object({}).strict(),
    response: SessionState,
  },
  'session.signIn': {
    from: ['page'],
    request: SignInRequest,
    response: MeResponse,
  },
  'session.createWorkspace': route({
    from: ['page'],
    request: CreateWorkspaceRequest,
    response: CodeSentResponse,
    // Sign-up step 1: the server mails a code (its answer is the same for every address).
    http: { method: 'POST', path: () => '/api/v1/workspaces', body: (p) => p, auth: false },
  }),
  'session.inspectInvite': route({
    from: ['page'],
    request: InspectInviteRequest,
    response: InviteInfoResponse,
    http: { method: 'POST', path: () => '/api/v1/invites/inspect', body: ({ code }) => ({ code }), auth: false },
  }),
  'session.acceptInvite': {
    from: ['page'],
    request: AcceptInviteRequest,
    response: MeResponse,
  },
  'session.signOut': {
    from: ['page'],
    request: z.object({}).strict(),
    response: z.object({ signedOut: z.literal(true) }),
  },
  'session.changePassword': route({
    from: ['page'],
    request: ChangePasswordRequest,
    response: ChangePasswordResponse,
    http: { method: 'POST', path: () => '/api/v1/me/password', body: (p) => p },
  }),
  'members.list': route({
    from: ['page'],
    request: z.object({}).strict(),
    response: MemberListResponse,
    http: { method: 'GET', path: () => '/api/v1/members' },
  }),
  'members.invite': route({
    from: ['page'],
    request: InviteMemberRequest,
    response: InviteCreatedResponse,
    http: { method: 'POST', path: () => '/api/v1/members', body: (p) => p },
  }),
  'members.setRole': route({
    from: ['page'],
    request: z.object({ memberId: z.uuid(), role: Role }).strict(),
    response: MemberResponse,
    http: { method: 'PUT', path: ({ memberId }) => `/api/v1/members/${memberId}/role`, body: ({ role }) => ({ role }) },
  }),
  'members.setStatus': route({
    from: ['page'],
    request: z.object({ memberId: z.uuid(), action: z.enum(['disable', 'enable']) }).strict(),
    response: MemberResponse,
    http: { method: 'POST', path: ({ memberId, action }) => `/api/v1/members/${memberId}/${action}` },
  }),
  'members.resetAccess': route({
    from: ['page'],
    request: z.object({ memberId: z.uuid() }).strict(),
    response: InviteCreatedResponse,
    http: { method: 'POST', path: ({ memberId }) => `/api/v1/members/${memberId}/reset-access` },
  }),
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
  'settings.get': {
    from: ['page'],
    request: z.object({}).strict(),
    response: z.object({ backendUrl: z.string(), defaultBackendUrl: z.string() }),
  },
  'settings.setBackendUrl': {
    from: ['page'],
    request: z.object({ backendUrl: z.string().max(2048) }).strict(),
    response: z.object({ backendUrl: z.string() }),
  },
  'session.verifyWorkspace': {
    from: ['page'],
    request: VerifyWorkspaceRequest,
    response: MeResponse,
  },
  'session.requestEmailCode': route({
    from: ['page'],
    request: z.object({}).strict(),
    response: CodeSentResponse,
    http: { method: 'POST', path: () => '/api/v1/me/email/code', body: () => ({}) },
  }),
  'session.verifyEmail': route({
    from: ['page'],
    request: VerifyCodeRequest,
    response: MeResponse,
    http: { method: 'POST', path: () => '/api/v1/me/email/verify', body: ({ code }) => ({ code }) },
  }),
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
} as const satisfies Record<
  string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry's route is typed by route(); here only its presence matters
  { from: readonly SenderKind[]; request: z.ZodType; response: z.ZodType; http?: HttpRoute<any, any, z.ZodType> }
>;

export type ActionName = keyof typeof actions;
export type ActionRequest<A extends ActionName> = z.infer<(typeof actions)[A]['request']>;
export type ActionResponse<A extends ActionName> = z.infer<(typeof actions)[A]['response']>;

export const ACTION_NAMES = Object.keys(actions) as ActionName[];

/** The actions the background only forwards to their backend route (lib/extension/background/http-action.ts). */
export type HttpActionName = { [A in ActionName]: (typeof actions)[A] extends { http: object } ? A : never }[ActionName];

/** The envelope on the wire. `v` lets a future protocol change be refused instead of misread. */
export const MessageEnvelope = z
  .object({
    portside: z.literal(1),
    action: z.enum(ACTION_NAMES as [ActionName, ...ActionName[]]),
    payload: z.unknown(),
  })
  .strict();
export type MessageEnvelope = z.infer<typeof MessageEnvelope>;

export const MessageFailure = z.object({
  ok: z.literal(false),
  error: z.object({ code: ErrorCode, message: z.string(), details: z.unknown().optional() }),
});

export type Reply<A extends ActionName> =
  | { ok: true; data: ActionResponse<A> }
  | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

export function envelope<A extends ActionName>(action: A, payload: ActionRequest<A>): MessageEnvelope {
  return { portside: 1, action, payload };
}
