import { z } from 'zod';
import { VERSION } from '../../version';
import { defineCommand, EXIT, line, switchFlag, type CliContext } from '../command';
import { runChecks, type CheckReport } from '../hubspot-check/run';
import { checkApp } from '../hubspot-check/setup';
import { table } from '../output';
import type { InstallRow } from '../../db/schema';

/**
 * `hubspot check`: read-only probes of an installed portal through the backend's own HubSpot
 * code, printed as the support bundle an operator pastes into an issue (ids and counts only:
 * no token, secret, email or name). `--write-test` adds one note and deletes it again.
 * Exit code 1 when any row fails.
 */

async function pickInstall(ctx: CliContext, workspace: string | undefined): Promise<InstallRow | null> {
  const db = ctx.database().db;
  const rows = await (workspace ? db.selectFrom('installs').selectAll().where('workspace_id', '=', workspace) : db.selectFrom('installs').selectAll()).execute();
  if (rows.length === 1) return rows[0]!;
  if (rows.length === 0) {
    line(ctx.stderr, workspace ? `hubspot check: workspace ${workspace} has no HubSpot install (see installs list).` : 'hubspot check: no workspace has a HubSpot install yet: connect one from the options page first.');
    return null;
  }
  line(ctx.stderr, `hubspot check: ${rows.length} workspaces have installs; pick one with --workspace <id>:`);
  for (const r of rows) line(ctx.stderr, `    ${r.workspace_id}  portal ${r.portal_id}  ${r.status}`);
  return null;
}

function print(ctx: CliContext, r: CheckReport): void {
  const counts = (['ok', 'warn', 'fail', 'skip'] as const).map((s) => `${r.rows.filter((x) => x.status === s).length} ${s}`).join(', ');
  line(ctx.stdout, `Portside ${VERSION} hubspot check: portal ${r.portalId}, workspace ${r.workspaceId}`);
  line(ctx.stdout, `API ${r.apiBase} (${r.mode === 'sandbox' ? 'embedded sandbox: no app credentials configured' : 'HubSpot app from HUBSPOT_CLIENT_ID'}), ${r.at}`);
  line(ctx.stdout);
  ctx.stdout.write(table(r.rows as unknown as Record<string, string>[], ['check', 'status', 'detail', 'meaning']));
  line(ctx.stdout);
  line(ctx.stdout, `Result: ${counts}.`);
}

export const hubspotCheckCommand = defineCommand({
  name: 'hubspot check',
  summary: 'probe the installed HubSpot portal and print a support bundle',
  usage: [
    '[--workspace <id>]   the workspace whose portal to check (needed when several have installs)',
    '[--write-test]       also create one note on a contact and delete it again',
    '[--json]             one JSON object instead of the table',
  ],
  flags: z.strictObject({ workspace: z.string().min(1).max(64).optional(), writeTest: switchFlag(), json: switchFlag() }),
  async run(ctx, f) {
    const install = await pickInstall(ctx, f.workspace);
    if (!install) return EXIT.failed;
    const app = checkApp(ctx.config, ctx.sandboxApp);
    if (!app) {
      line(ctx.stderr, 'portside hubspot check: HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET are not set (npm run portside checks the dev sandbox without them)');
      return EXIT.config;
    }
    const report = await runChecks(ctx, app, install, { writeTest: f.writeTest === true });
    if (f.json) line(ctx.stdout, JSON.stringify({ version: VERSION, ...report }));
    else print(ctx, report);
    return report.rows.some((r) => r.status === 'fail') ? EXIT.failed : EXIT.ok;
  },
});
