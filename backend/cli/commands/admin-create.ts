import { z } from 'zod';
import { DisplayName, Email } from '../../../lib/contract/api/accounts';
import { createAdmin, printAdmin } from '../admin-member';
import { defineCommand, EXIT, line, switchFlag } from '../command';
import { workspaceOrReport } from '../lookups';

/** Another admin in an existing workspace: the way back in when every admin lost access. */
export const adminCreateCommand = defineCommand({
  name: 'admin create',
  summary: 'add an admin to a workspace (invite code, or password from stdin)',
  usage: ['--workspace <id>     the workspace (see workspace list)', '--email <email>      the new admin', '[--name <text>]      display name', '[--password-stdin]   set the password from stdin instead of printing an invite code'],
  flags: z.strictObject({
    workspace: z.string().min(1).max(64),
    email: Email,
    name: DisplayName.optional(),
    passwordStdin: switchFlag(),
  }),
  async run(ctx, f) {
    const ws = await workspaceOrReport(ctx, ctx.database().db, f.workspace);
    if (!ws) return EXIT.failed;
    const outcome = await createAdmin(ctx, ws, { email: f.email, displayName: f.name, passwordStdin: f.passwordStdin === true }, false);
    if (!outcome.ok) {
      line(ctx.stderr, `admin create: ${outcome.message}`);
      return EXIT.failed;
    }
    printAdmin(ctx, outcome, ctx.config.publicUrl);
    return EXIT.ok;
  },
});
