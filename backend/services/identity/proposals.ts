import type { LinkProposal } from '../../../lib/contract/api/identity';
import { normaliseEmail, type DirectoryIndex } from './directory';

/**
 * Link proposals: the HubSpot user whose email equals the member's email. A proposal is only a
 * suggestion for the admin; nothing links until an admin confirms. It says what confirming it
 * would prove: `verified_email` when the member proved the address with a mailed code, else
 * `unverified` (the link would be marked and audited as such; see evidence.ts).
 */

export interface ProposalMember {
  email: string;
  emailVerified: boolean;
}

export function proposalFor(member: ProposalMember, dir: DirectoryIndex | null, linkedUserIds: ReadonlySet<string>): LinkProposal | null {
  if (!dir) return null;
  const evidence = member.emailVerified ? 'verified_email' : 'unverified';
  const email = normaliseEmail(member.email);
  const user = dir.directory.users.find((u) => u.email === email);
  if (user) {
    if (linkedUserIds.has(user.userId)) return null;
    return { userId: user.userId, ownerId: user.ownerId, email: user.email, name: user.name, matchedBy: 'users', evidence };
  }
  // An owner with that email whose user is in the portal (the users API may list a different,
  // older email for the same person).
  const owner = dir.directory.owners.find((o) => o.email === email && o.userId && dir.usersById.has(o.userId));
  if (!owner?.userId || linkedUserIds.has(owner.userId)) return null;
  return { userId: owner.userId, ownerId: owner.ownerId, email, name: owner.name, matchedBy: 'owners', evidence };
}
