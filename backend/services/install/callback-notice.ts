import { hashToken, isTokenShaped } from '../../security/tokens';
import type { InstallDeps } from './deps';
import { findState, ticketCreator } from './ticket-store';

/**
 * `GET /install/callback` exchanges nothing (complete.ts does, for the admin's own extension); its
 * page only says whose extension is finishing. Read-only: looking up the state neither uses nor
 * burns it. `null` when the state is missing, malformed or unknown.
 */
export async function callbackNotice(deps: InstallDeps, state: string | undefined): Promise<{ adminName: string | null; adminEmail: string } | null> {
  if (!state || !isTokenShaped(state)) return null;
  const st = await findState(deps.db, hashToken(state));
  if (!st) return null;
  const creator = await ticketCreator(deps.db, st);
  return creator ? { adminName: creator.adminName, adminEmail: creator.adminEmail } : null;
}
