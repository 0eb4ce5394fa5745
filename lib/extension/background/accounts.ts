import { z } from 'zod';
import {
  MeResponse,
  SessionResponse,
  type AcceptInviteRequest,
  type SignInRequest,
  type VerifyWorkspaceRequest,
} from '../../contract/api/accounts';
import type { BackendClient } from '../backend-client';
import { ok, type Result } from '../../contract/errors';
import type { TokenStore } from './token-store';

/**
 * Session and member calls. The session token from a sign-in answer is kept by the background
 * and never handed to a page: callers get the member, workspace and session facts only.
 */
export type Me = MeResponse;

async function keep(c: BackendClient, tokens: TokenStore, r: Result<SessionResponse>, staySignedIn: boolean): Promise<Result<Me>> {
  if (!r.ok) return r;
  // Kept with the server that issued it: if the address changed while this sign-in was under way,
  // the token stays unusable for the new server.
  await tokens.set(r.data.token, staySignedIn, c.baseUrl);
  return ok({ member: r.data.member, workspace: r.data.workspace, session: r.data.session });
}

export const signIn = async (c: BackendClient, tokens: TokenStore, body: SignInRequest) =>
  keep(c, tokens, await c.request('/api/v1/auth/sign-in', { method: 'POST', body, schema: SessionResponse, auth: false }), body.staySignedIn ?? false);

/** Sign-up step 2: the mailed code creates the workspace and signs in. */
export const verifyWorkspace = async (c: BackendClient, tokens: TokenStore, body: VerifyWorkspaceRequest) =>
  keep(c, tokens, await c.request('/api/v1/workspaces/verify', { method: 'POST', body, schema: SessionResponse, auth: false }), body.staySignedIn ?? false);

export const acceptInvite = async (c: BackendClient, tokens: TokenStore, body: AcceptInviteRequest) =>
  keep(c, tokens, await c.request('/api/v1/invites/accept', { method: 'POST', body, schema: SessionResponse, auth: false }), body.staySignedIn ?? false);

/** Who is signed in; a dead or expired session is forgotten here so every context agrees. */
export async function currentSession(c: BackendClient, tokens: TokenStore): Promise<Result<{ signedIn: false; reason: 'none' | 'expired' } | { signedIn: true; me: Me }>> {
  if (!(await tokens.get(c.baseUrl))) return ok({ signedIn: false, reason: 'none' });
  const r = await c.request('/api/v1/me', { schema: MeResponse });
  if (r.ok) return ok({ signedIn: true, me: r.data });
  if (r.error.code === 'unauthenticated' || r.error.code === 'session_expired') {
    await tokens.clear();
    return ok({ signedIn: false, reason: 'expired' });
  }
  return r;
}

export async function signOut(c: BackendClient, tokens: TokenStore): Promise<Result<{ signedOut: true }>> {
  if (await tokens.get(c.baseUrl)) await c.request('/api/v1/auth/sign-out', { method: 'POST', schema: z.unknown() });
  // Forget the token even if the server could not be told: the browser must not keep it.
  await tokens.clear();
  return ok({ signedOut: true });
}

