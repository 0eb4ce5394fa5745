import { z } from 'zod';
import { defineCommand, EXIT, line, switchFlag } from '../command';
import { iso, jsonLines, table } from '../output';

/** Every workspace with its member counts and admins, oldest first. */
export const workspaceListCommand = defineCommand({
  name: 'workspace list',
  summary: 'list workspaces with member counts and admins',
  usage: ['[--json]   one JSON object per line'],
  flags: z.strictObject({ json: switchFlag() }),
  async run(ctx, f) {
    const { db } = ctx.database();
    const workspaces = await db.selectFrom('workspaces').selectAll().orderBy('created_at').orderBy('id').execute();
    const members = await db.selectFrom('members').select(['workspace_id', 'email', 'role', 'status']).execute();
    const rows = workspaces.map((w) => {
      const mine = members.filter((m) => m.workspace_id === w.id);
      return {
        id: w.id,
        name: w.name,
        created: iso(w.created_at),
        members: mine.length,
        active: mine.filter((m) => m.status === 'active').length,
        admins: mine.filter((m) => m.role === 'admin' && m.status !== 'disabled').map((m) => m.email).join(', '),
      };
    });
    if (f.json) ctx.stdout.write(jsonLines(rows));
    else {
      ctx.stdout.write(table(rows, ['id', 'name', 'created', 'members', 'active', 'admins']));
      line(ctx.stdout, `${rows.length} workspace(s)`);
    }
    return EXIT.ok;
  },
});
