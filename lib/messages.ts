import { z } from 'zod';
import { ErrorCode } from './errors';
import { PanelData } from './panel-data';
import { DraftFields, DraftKey } from './background/drafts';
import { CreateWriteBody, IdempotencyKey, TaskOptionsResponse, WriteList, WriteView } from './api/writes';
import { ContactPropertiesResponse, EditablePropertiesResponse, SetEditablePropertiesBody } from './api/settings';
import { LinkProofBody, MeAnswer, MemberEntry, MemberIdParam, MembersAnswer, PermissionLevels, SyncAnswer } from './api/identity';
import { IdParam } from './api/records';
import { CreateTicketResponse, DisconnectResponse, InstallStatusResponse, TicketId, TicketView } from './api/install';
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
} from './api/accounts';

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
  host: z.string().regex(/^app(?:-[a-z]{2}\d{1,2})?\.hubspot\.com$/),
  portalId: z.string().regex(/^[1-9]\d{0,17}$/),
  objectTypeId: z.literal('0-1'),
  recordId: z.string().regex(/^[1-9]\d{0,17}$/),
});
export type RecordRef = z.infer<typeof RecordRef>;

/** Who the panel showed as signed in when the rep saved (RecordView.viewer). */
const WriteViewer = z.object({ memberId: z.string().min(1).max(100), email: z.string().min(1).max(320) }).strict();

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
  'writes.get': {
    from: ['content', 'page'],
    request: z.object({ writeId: z.uuid() }).strict(),
    response: WriteView,
  },
  'writes.retry': {
    from: ['content', 'page'],
    request: z.object({ writeId: z.uuid() }).strict(),
    response: WriteView,
  },
  'writes.list': {
    from: ['content', 'page'],
    request: z.object({ record: RecordRef }).strict(),
    response: WriteList,
  },
  'properties.editable': {
    from: ['content', 'page'],
    request: z.object({}).strict(),
    response: EditablePropertiesResponse,
  },
  'tasks.options': {
    from: ['content', 'page'],
    request: z.object({}).strict(),
    response: TaskOptionsResponse,
  },
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
  'session.createWorkspace': {
    from: ['page'],
    request: CreateWorkspaceRequest,
    response: CodeSentResponse,
  },
  'session.inspectInvite': {
    from: ['page'],
    request: InspectInviteRequest,
    response: InviteInfoResponse,
  },
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
  'session.changePassword': {
    from: ['page'],
    request: ChangePasswordRequest,
    response: ChangePasswordResponse,
  },
  'members.list': {
    from: ['page'],
    request: z.object({}).strict(),
    response: MemberListResponse,
  },
  'members.invite': {
    from: ['page'],
    request: InviteMemberRequest,
    response: InviteCreatedResponse,
  },
  'members.setRole': {
    from: ['page'],
    request: z.object({ memberId: z.uuid(), role: Role }).strict(),
    response: MemberResponse,
  },
  'members.setStatus': {
    from: ['page'],
    request: z.object({ memberId: z.uuid(), action: z.enum(['disable', 'enable']) }).strict(),
    response: MemberResponse,
  },
  'members.resetAccess': {
    from: ['page'],
    request: z.object({ memberId: z.uuid() }).strict(),
    response: InviteCreatedResponse,
  },
  'install.status': {
    from: ['page'],
    request: z.object({}).strict(),
    response: InstallStatusResponse,
  },
  // The background makes the ticket and opens (and watches) the install tab itself: only the tab
  // it opened can finish the install, with its session (lib/background/install-tabs.ts).
  'install.begin': {
    from: ['page'],
    request: z.object({ reconnect: z.boolean() }).strict(),
    response: CreateTicketResponse.pick({ ticketId: true, expiresAt: true }),
  },
  'install.ticket': {
    from: ['page'],
    request: z.object({ ticketId: TicketId }).strict(),
    response: TicketView,
  },
  'install.confirm': {
    from: ['page'],
    request: z.object({ ticketId: TicketId, replace: z.boolean() }).strict(),
    response: TicketView,
  },
  'install.disconnect': {
    from: ['page'],
    request: z.object({ force: z.boolean() }).strict(),
    response: DisconnectResponse,
  },
  'identity.members': {
    from: ['page'],
    request: z.object({}).strict(),
    response: MembersAnswer,
  },
  'identity.link': {
    from: ['page'],
    request: z.object({ memberId: MemberIdParam, hubspotUserId: IdParam }).strict(),
    response: MemberEntry,
  },
  'identity.unlink': {
    from: ['page'],
    request: z.object({ memberId: MemberIdParam }).strict(),
    response: MemberEntry,
  },
  'identity.setLevels': {
    from: ['page'],
    request: z.object({ memberId: MemberIdParam, levels: PermissionLevels.nullable() }).strict(),
    response: MemberEntry,
  },
  'identity.sync': {
    from: ['page'],
    request: z.object({}).strict(),
    response: SyncAnswer,
  },
  'properties.definitions': {
    from: ['page'],
    request: z.object({}).strict(),
    response: ContactPropertiesResponse,
  },
  'properties.setEditable': {
    from: ['page'],
    request: SetEditablePropertiesBody,
    response: EditablePropertiesResponse,
  },
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
  'session.requestEmailCode': {
    from: ['page'],
    request: z.object({}).strict(),
    response: CodeSentResponse,
  },
  'session.verifyEmail': {
    from: ['page'],
    request: VerifyCodeRequest,
    response: MeResponse,
  },
  'identity.me': {
    from: ['page'],
    request: z.object({}).strict(),
    response: MeAnswer,
  },
  'identity.requestLinkProof': {
    from: ['page'],
    request: z.object({}).strict(),
    response: CodeSentResponse,
  },
  'identity.verifyLinkProof': {
    from: ['page'],
    request: LinkProofBody,
    response: MeAnswer,
  },
} as const satisfies Record<string, { from: readonly SenderKind[]; request: z.ZodType; response: z.ZodType }>;

export type ActionName = keyof typeof actions;
export type ActionRequest<A extends ActionName> = z.infer<(typeof actions)[A]['request']>;
export type ActionResponse<A extends ActionName> = z.infer<(typeof actions)[A]['response']>;

export const ACTION_NAMES = Object.keys(actions) as ActionName[];

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
