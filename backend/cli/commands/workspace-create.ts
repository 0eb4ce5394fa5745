import { z } from 'zod';
import { DisplayName, Email, WorkspaceName } from '../../../lib/contract/api/accounts';
import type { WorkspaceRow } from '../../db/schema';
import { newId } from '../../security/tokens';
import { createAdmin, printAdmin } from '../admin-member';
import { defineCommand, EXIT, line, switchFlag } from '../command';

/** A workspace and its first admin, for servers where sign-up is closed (WORKSPACE_SIGNUP=closed). */
export const workspaceCreateCommand = defineCommand({
  name: 'workspace create',
  summary: 'create a workspace and its first admin (invite code, or password from stdin)',
  usage: ['--name <text>          the workspace name', '--admin-email <email>  its first admin', '[--admin-name <text>]  display name', '[--password-stdin]     set the password from stdin instead of printing an invite code'],
  flags: z.strictObject({
    name: WorkspaceName,
    adminEmail: Email,
    adminName: DisplayName.optional(),
    passwordStdin: switchFlag(),
  }),
  async run(ctx, f) {
    const now = ctx.now();
    const workspace: WorkspaceRow = { id: newId(), name: f.name, created_at: now, updated_at: now };
    const outcome = await createAdmin(ctx, workspace, { email: f.adminEmail, displayName: f.adminName, passwordStdin: f.passwordStdin === true }, true);
    if (!outcome.ok) {
      line(ctx.stderr, `workspace create: ${outcome.message}`);
      return EXIT.failed;
    }
    line(ctx.stdout, `workspace: ${workspace.name} (${workspace.id})`);
    printAdmin(ctx, outcome, ctx.config.publicUrl);
    return EXIT.ok;
  },
});
