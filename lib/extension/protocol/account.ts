import { z } from 'zod';
import { AcceptInviteRequest, ChangePasswordRequest, ChangePasswordResponse, CreateWorkspaceRequest, InspectInviteRequest, InviteCreatedResponse, InviteInfoResponse, InviteMemberRequest, MeResponse, MemberListResponse, MemberResponse, Role, SignInRequest, CodeSentResponse, VerifyCodeRequest, VerifyWorkspaceRequest } from '../../contract/api/accounts';
import { route, type ActionSpec } from './route';

/** Whether the background holds a live session; `expired` lets the UI say why it asks again. */
export const SessionState = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(false), reason: z.enum(['none', 'expired']) }),
  z.object({ signedIn: z.literal(true), me: MeResponse }),
]);

/** Session, account and member actions, and the backend address setting (extension pages only, save reading the session). */
export const accountActions = {
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
} as const satisfies Record<string, ActionSpec>;
