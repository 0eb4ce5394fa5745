import type { LinkEvidence } from '../../../lib/contract/api/records';
import type { Db, LinkRow, MemberRow } from '../../db/schema';
import { evidenceOf } from './views';

/**
 * What proves that a member is the HubSpot user they are linked to (issue 14 item 2):
 * - `verified_email`: the member proved their Portside address with a mailed code, and it equals
 *   the HubSpot user's address (case-insensitive);
 * - `code_proof`: a code mailed to the HubSpot user's address was entered by the member;
 * - `unverified`: an admin set the link without either. It still grants access: the admin is
 *   trusted inside their own workspace, and the install binding (issue 14 item 1) keeps strangers
 *   from connecting another company's portal to a workspace they made. It is shown as unverified
 *   to the admin and the rep, and audited as `identity.link_unverified`.
 */
export const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** `userEmails`: the user's address in HubSpot's users API and those of its owner records. */
export function evidenceForNewLink(member: MemberRow, userEmails: readonly string[], previous: LinkRow | undefined, sameUser: boolean): LinkEvidence {
  if (member.email_verified_at !== null && userEmails.some((e) => sameEmail(member.email, e))) return 'verified_email';
  // A code proof is about this HubSpot user's mailbox: re-linking the same user keeps it.
  if (previous && sameUser && evidenceOf(previous) === 'code_proof') return 'code_proof';
  return 'unverified';
}

/** After the member verified their email: an unverified link to a user with that address becomes proven. */
export async function upgradeLinkByVerifiedEmail(db: Db, workspaceId: string, memberId: string, memberEmail: string, now: number): Promise<LinkRow | null> {
  const link = await db.selectFrom('hubspot_links').selectAll().where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).executeTakeFirst();
  if (!link || evidenceOf(link) !== 'unverified' || !sameEmail(link.email, memberEmail)) return null;
  await setEvidence(db, workspaceId, memberId, link.hubspot_user_id, 'verified_email', now);
  return link;
}

/** Sets the evidence of the member's link, only if it is still the link to `hubspotUserId`. */
export async function setEvidence(db: Db, workspaceId: string, memberId: string, hubspotUserId: string, evidence: LinkEvidence, now: number): Promise<boolean> {
  const res = await db
    .updateTable('hubspot_links')
    .set({ link_evidence: evidence, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('hubspot_user_id', '=', hubspotUserId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
