import type { InstallerCheck } from '../../../lib/contract/api/install';
import { writeAudit } from '../../audit/write';
import type { InstallDeps } from './deps';

/**
 * Who approved on HubSpot's consent page versus the admin who started the install. A different
 * person is allowed (a Super Admin colleague may approve for the admin), so the install goes on,
 * but the admin is told and the audit log keeps both emails: a start link that reached someone it
 * should not have is then visible. Emails are compared case-insensitively; HubSpot giving no email
 * counts as "not the admin".
 */
export async function checkInstaller(
  deps: InstallDeps,
  input: { workspaceId: string; memberId: string; ticketId: string; portalId: string; hubspotEmail: string | null; hubspotUserId: string | null },
): Promise<InstallerCheck | null> {
  const admin = await deps.db.selectFrom('members').select('email').where('id', '=', input.memberId).executeTakeFirst();
  if (!admin) return null;
  const norm = (e: string) => e.trim().toLowerCase();
  const matches = input.hubspotEmail !== null && norm(input.hubspotEmail) === norm(admin.email);
  if (!matches) {
    await writeAudit(deps.db, {
      workspaceId: input.workspaceId,
      actorMemberId: input.memberId,
      actorHubspotUserId: input.hubspotUserId,
      action: 'install.installer_mismatch',
      targetType: 'install',
      targetId: null,
      result: 'ok',
      details: { ticketId: input.ticketId, portalId: input.portalId, hubspotEmail: input.hubspotEmail, hubspotUserId: input.hubspotUserId, adminEmail: admin.email },
      at: deps.now(),
    });
    deps.logger.warn({ ticketId: input.ticketId, workspaceId: input.workspaceId, portalId: input.portalId }, 'install.installer_mismatch');
  }
  return { matches, hubspotEmail: input.hubspotEmail, hubspotUserId: input.hubspotUserId, adminEmail: admin.email };
}
