import type { HubSpotApp } from '../../hubspot/app';
import type { InstallLogger } from '../../services/install/deps';
import { line, type CliContext } from '../command';
import { accountRow, contactRows } from './probe-crm';
import { directoryRows } from './probe-directory';
import { rateLimitRow } from './probe-rate';
import { tokenRows } from './probe-token';
import { writeRows } from './probe-write';
import { row, type CheckRow } from './row';
import { buildWiring } from './setup';
import type { InstallRow } from '../../db/schema';

/**
 * Runs the probes in the order a support engineer reads them: the install as stored, its token,
 * the portal, one record, the directory, the optional write, and last the rate-limit headers
 * every answer carried. A failed token stops the rest (each later row says it was skipped).
 */

export interface CheckReport {
  workspaceId: string;
  portalId: string;
  /** `hubspot` with real app credentials, `sandbox` against the dev server's embedded sandbox. */
  mode: 'hubspot' | 'sandbox';
  apiBase: string;
  at: string;
  rows: CheckRow[];
}

const LATER = ['account info', 'contact read', 'permitted users', 'associations v4', 'owners', 'users'];

/** Install-service log lines carry ids and codes only; the check shows warnings' messages on stderr. */
function stderrLogger(ctx: CliContext): InstallLogger {
  const say = (msg: string) => line(ctx.stderr, `hubspot check: ${msg}`);
  return { info: () => {}, warn: (_o, msg) => say(msg), error: (_o, msg) => say(msg) };
}

export async function runChecks(ctx: CliContext, app: HubSpotApp, install: InstallRow, opts: { writeTest: boolean }): Promise<CheckReport> {
  const w = buildWiring(app, ctx.config, ctx.database(), install.workspace_id, stderrLogger(ctx));
  const portalId = install.portal_id;
  const rows: CheckRow[] = [];
  rows.push(
    install.status === 'connected'
      ? row('install', 'ok', `portal ${portalId}, connected`, 'Portside holds tokens for this portal.')
      : row('install', 'fail', `portal ${portalId}, ${install.status}${install.last_error_code ? `, last error ${install.last_error_code}` : ''}`, 'An admin must reconnect HubSpot from the options page.'),
  );
  const token = await tokenRows(w, install.workspace_id, portalId);
  rows.push(...token.rows);
  if (!token.usable) {
    for (const name of LATER) rows.push(row(name, 'skip', '-', 'No usable token.'));
  } else {
    rows.push(await accountRow(w, portalId));
    const contact = await contactRows(w, portalId);
    rows.push(...contact.rows);
    rows.push(...(await directoryRows(w, token.granted)));
    if (opts.writeTest) rows.push(...(await writeRows(w, contact.contactId, ctx.now())));
  }
  rows.push(rateLimitRow(w.answers));
  return { workspaceId: install.workspace_id, portalId, mode: w.app.mode, apiBase: w.app.apiBase, at: new Date(ctx.now()).toISOString(), rows };
}
