import { DEFAULT_BACKEND_URL } from '../extension-config';
import { fail, ok, type Result } from '../../contract/errors';
import type { BackendClient } from '../backend-client';
import { deleteDraft, getDraft, putDraft } from './drafts';
import { acceptInvite, currentSession, type Me, signIn, signOut, verifyWorkspace } from './accounts';
import { createInstallTicket } from './install';
import { createWrite } from './writes';
import { httpHandlers } from './http-action';
import type { HttpActionName } from '../messages';
import { createBackgroundCore, type BackgroundCore, type CoreDeps } from './core';
import { checkWriteViewer, createSessionMembers } from './session-member';
import type { Handlers } from './router';
import { normaliseBackendUrl, originPattern } from '../backend-url';

export interface BackgroundDeps extends CoreDeps {
  /** Whether the extension holds host permission for an origin pattern (granted on the options page). */
  hasOriginPermission(pattern: string): Promise<boolean>;
  openOptions(): Promise<void>;
  /** Opens an install ticket's start link in a tab the background watches (install-tabs.ts). */
  openInstallTab(ticket: { ticketId: string; startUrl: string; callbackUrl: string }): Promise<boolean>;
}

/**
 * The background's behaviour, one handler per action; entrypoints/background.ts only wires it.
 * Actions declared with a backend route in lib/extension/messages.ts are forwarded by http-action.ts; the
 * ones here do more (keep a token, check the viewer, open a tab, touch local storage).
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

  const handwritten: Omit<Handlers, HttpActionName> = {
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
    'session.verifyWorkspace': async (body) => {
      const c = await client();
      return signingIn(c, await verifyWorkspace(c, tokens, body));
    },
    'session.acceptInvite': async (body) => {
      const c = await client();
      return signingIn(c, await acceptInvite(c, tokens, body));
    },
    'session.signOut': async () => signOut(await client(), tokens),
    'install.begin': async ({ reconnect }) => {
      const t = await createInstallTicket(await client(), reconnect);
      if (!t.ok) return t;
      if (!(await deps.openInstallTab(t.data))) return fail('internal', 'The HubSpot tab could not be opened. Try again.');
      return ok({ ticketId: t.data.ticketId, expiresAt: t.data.expiresAt });
    },
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
  return { ...httpHandlers(client), ...handwritten };
}
