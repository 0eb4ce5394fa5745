import { DEFAULT_BACKEND_URL } from '../extension-config';
import { fail, ok, type Result } from '../errors';
import type { BackendClient } from '../backend-client';
import { deleteDraft, getDraft, putDraft } from './drafts';
import {
  acceptInvite,
  changePassword,
  createWorkspace,
  currentSession,
  type Me,
  inspectInvite,
  inviteMember,
  listMembers,
  resetMemberAccess,
  setMemberRole,
  setMemberStatus,
  signIn,
  signOut,
  requestEmailCode,
  verifyEmail,
  verifyWorkspace,
} from './accounts';
import { confirmInstall, createInstallTicket, disconnectInstall, installStatus, installTicket } from './install';
import { identityMe, identityMembers, linkMember, requestLinkProof, setMemberLevels, syncDirectory, unlinkMember, verifyLinkProof } from './identity';
import { contactPropertyDefinitions, createWrite, editableProperties, getWrite, listWrites, retryWrite, setEditableProperties, taskOptions } from './writes';
import { createBackgroundCore, type BackgroundCore, type CoreDeps } from './core';
import { checkWriteViewer, createSessionMembers } from './session-member';
import type { Handlers } from './router';
import { normaliseBackendUrl, originPattern } from './settings';

export interface BackgroundDeps extends CoreDeps {
  /** Whether the extension holds host permission for an origin pattern (granted on the options page). */
  hasOriginPermission(pattern: string): Promise<boolean>;
  openOptions(): Promise<void>;
  /** Opens an install ticket's start link in a tab the background watches (install-tabs.ts). */
  openInstallTab(ticket: { ticketId: string; startUrl: string; callbackUrl: string }): Promise<boolean>;
}

/**
 * The background's behaviour, one handler per action; entrypoints/background.ts only wires it.
 * `core` is shared with the background's tab listeners (the views started ahead of the panel).
 */
export function createHandlers(deps: BackgroundDeps, core: BackgroundCore = createBackgroundCore(deps)): Handlers {
  const { client, tokens, session, views } = core;
  const members = createSessionMembers();
  // Answers that name the signed-in member also tell which member the current token belongs to.
  const remember = async (c: BackendClient, member: { id: string; email: string }) => members.remember(await tokens.get(c.baseUrl), member);
  const signingIn = async (c: BackendClient, r: Result<Me>) => {
    if (r.ok) await remember(c, r.data.member);
    return r;
  };

  return {
    'panel.load': async ({ record }, ctx) => ok(await views.load(ctx.tabId, record)),
    'options.open': async () => {
      await deps.openOptions();
      return ok({ opened: true });
    },
    'writes.create': async ({ record, idempotencyKey, body, viewer }) => {
      const c = await client();
      const allowed = await checkWriteViewer(c, members, await tokens.get(c.baseUrl), viewer);
      if (!allowed.ok) return allowed;
      return createWrite(c, record, idempotencyKey, body);
    },
    'writes.get': async ({ writeId }) => getWrite(await client(), writeId),
    'writes.retry': async ({ writeId }) => retryWrite(await client(), writeId),
    'writes.list': async ({ record }) => listWrites(await client(), record),
    'properties.editable': async () => editableProperties(await client()),
    'tasks.options': async () => taskOptions(await client()),
    'drafts.get': async ({ key }) => ok({ fields: await getDraft(deps.local, key) }),
    'drafts.put': async ({ key, fields }) => {
      await putDraft(deps.local, key, fields);
      return ok({ saved: true });
    },
    'drafts.delete': async ({ key }) => {
      await deleteDraft(deps.local, key);
      return ok({ deleted: true });
    },
    'session.get': async () => {
      const c = await client();
      const r = await currentSession(c, tokens);
      if (r.ok && r.data.signedIn) await remember(c, r.data.me.member);
      return r;
    },
    'session.signIn': async (body) => {
      const c = await client();
      return signingIn(c, await signIn(c, tokens, body));
    },
    'session.createWorkspace': async (body) => createWorkspace(await client(), body),
    'session.verifyWorkspace': async (body) => {
      const c = await client();
      return signingIn(c, await verifyWorkspace(c, tokens, body));
    },
    'session.requestEmailCode': async () => requestEmailCode(await client()),
    'session.verifyEmail': async ({ code }) => verifyEmail(await client(), code),
    'session.inspectInvite': async ({ code }) => inspectInvite(await client(), code),
    'session.acceptInvite': async (body) => {
      const c = await client();
      return signingIn(c, await acceptInvite(c, tokens, body));
    },
    'session.signOut': async () => signOut(await client(), tokens),
    'session.changePassword': async (body) => changePassword(await client(), body),
    'members.list': async () => listMembers(await client()),
    'members.invite': async (body) => inviteMember(await client(), body),
    'members.setRole': async ({ memberId, role }) => setMemberRole(await client(), memberId, role),
    'members.setStatus': async ({ memberId, action }) => setMemberStatus(await client(), memberId, action),
    'members.resetAccess': async ({ memberId }) => resetMemberAccess(await client(), memberId),
    'install.status': async () => installStatus(await client()),
    'install.begin': async ({ reconnect }) => {
      const t = await createInstallTicket(await client(), reconnect);
      if (!t.ok) return t;
      if (!(await deps.openInstallTab(t.data))) return fail('internal', 'The HubSpot tab could not be opened. Try again.');
      return ok({ ticketId: t.data.ticketId, expiresAt: t.data.expiresAt });
    },
    'install.ticket': async ({ ticketId }) => installTicket(await client(), ticketId),
    'install.confirm': async ({ ticketId, replace }) => confirmInstall(await client(), ticketId, replace),
    'install.disconnect': async ({ force }) => disconnectInstall(await client(), force),
    'identity.members': async () => identityMembers(await client()),
    'identity.link': async ({ memberId, hubspotUserId }) => linkMember(await client(), memberId, hubspotUserId),
    'identity.unlink': async ({ memberId }) => unlinkMember(await client(), memberId),
    'identity.setLevels': async ({ memberId, levels }) => setMemberLevels(await client(), memberId, levels),
    'identity.sync': async () => syncDirectory(await client()),
    'identity.me': async () => identityMe(await client()),
    'identity.requestLinkProof': async () => requestLinkProof(await client()),
    'identity.verifyLinkProof': async ({ code }) => verifyLinkProof(await client(), code),
    'properties.definitions': async () => contactPropertyDefinitions(await client()),
    'properties.setEditable': async ({ properties }) => setEditableProperties(await client(), properties),
    'audit.export': async ({ format, from, to }) => {
      const q = new URLSearchParams({ format, ...(from ? { from } : {}), ...(to ? { to } : {}) });
      return (await client()).download(`/api/v1/audit/export?${q.toString()}`);
    },
    'settings.get': async () => ok({ backendUrl: await session.backendUrl(), defaultBackendUrl: DEFAULT_BACKEND_URL }),
    'settings.setBackendUrl': async ({ backendUrl }) => {
      const n = normaliseBackendUrl(backendUrl);
      if (!n.ok) return n;
      const isDefault = originPattern(n.data) === originPattern(DEFAULT_BACKEND_URL);
      if (!isDefault && !(await deps.hasOriginPermission(originPattern(n.data)))) {
        return fail('permission_required', `Allow Portside to reach ${new URL(n.data).origin} first.`);
      }
      if (n.data !== (await session.backendUrl())) {
        // A session belongs to the server that issued it. Moving to another address (a typo, a
        // lookalike host someone asked the rep to type) must not carry the token there: cancel
        // what is still running against the old server, then forget the session everywhere. Open
        // panels and options pages follow the stored address and show "signed out".
        core.abortInFlight();
        await tokens.clear();
      }
      await session.setBackendUrl(n.data);
      return ok({ backendUrl: n.data });
    },
  };
}
