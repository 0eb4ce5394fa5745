import { z } from 'zod';
import { writeAudit } from '../../audit/write';
import { findInstallByWorkspace, recordInstallError } from '../../services/install/store';
import { defineCommand, EXIT, line } from '../command';

/**
 * Puts a workspace's install into `needs_reconnect`: Portside stops using its tokens (writes
 * wait, reads say "reconnect"), and the admin sees the reconnect prompt. For an install the
 * operator believes compromised or wrong (the portal changed hands), before HubSpot says so.
 * Tokens are left sealed in place; the admin's reconnect replaces them.
 */
export const installForceReconnectCommand = defineCommand({
  name: 'install force-reconnect',
  summary: "mark a workspace's HubSpot install as needing an admin to reconnect",
  usage: ['--workspace <id>      the workspace (see installs list)', '[--reason <text>]     shown to admins with the reconnect prompt'],
  flags: z.strictObject({
    workspace: z.string().min(1).max(64),
    reason: z.string().trim().min(1).max(300).optional(),
  }),
  async run(ctx, f) {
    const db = ctx.database().db;
    const row = await findInstallByWorkspace(db, f.workspace);
    if (!row) {
      line(ctx.stderr, `install force-reconnect: workspace ${f.workspace} has no HubSpot install (see installs list).`);
      return EXIT.failed;
    }
    if (row.status === 'needs_reconnect') {
      line(ctx.stdout, `install force-reconnect: portal ${row.portal_id} already needs a reconnect; nothing changed.`);
      return EXIT.ok;
    }
    const now = ctx.now();
    const message = `The server operator asked for HubSpot to be reconnected${f.reason ? `: ${f.reason}` : '.'}`;
    await db.transaction().execute(async (trx) => {
      await recordInstallError(trx, row.id, { code: 'operator_forced', message, correlationId: null }, now, 'needs_reconnect');
      await writeAudit(trx, {
        workspaceId: row.workspace_id,
        action: 'install.needs_reconnect',
        targetType: 'install',
        targetId: row.id,
        result: 'ok',
        details: { portalId: row.portal_id, by: 'operator_cli', reason: f.reason ?? null },
        at: now,
      });
    });
    line(ctx.stdout, `install force-reconnect: portal ${row.portal_id} of workspace ${row.workspace_id} now needs an admin to reconnect HubSpot.`);
    return EXIT.ok;
  },
});
