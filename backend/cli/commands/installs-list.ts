import { z } from 'zod';
import { compareScopes, normaliseScopes } from '../../hubspot/scopes';
import { parseKeySpec } from '../../vault/keys';
import { defineCommand, EXIT, line, type CliContext, switchFlag } from '../command';
import { age, iso, jsonLines, table } from '../output';
import type { InstallRow } from '../../db/schema';

/**
 * Every HubSpot install with a one-word health, worst first:
 *   needs_reconnect  HubSpot refused the refresh token (or an operator forced it): an admin must reconnect;
 *   missing_scopes   the install lacks a scope this server requires (reinstall with it);
 *   failing          the last HubSpot call for it failed after the last success;
 *   unknown_key      its tokens are sealed with a key not in ENCRYPTION_KEYS (they cannot be read);
 *   ok               none of the above.
 */
const RANK = ['needs_reconnect', 'unknown_key', 'missing_scopes', 'failing', 'ok'] as const;
type Health = (typeof RANK)[number];

function keyIds(ctx: CliContext): Set<string> | null {
  if (!ctx.config.ENCRYPTION_KEYS) return null; // development key file: not checked here
  const spec = parseKeySpec(ctx.config.ENCRYPTION_KEYS, ctx.config.ENCRYPTION_PRIMARY_KEY_ID);
  return spec.ok ? new Set(spec.keys.map((k) => k.id)) : null;
}

export function installHealth(row: InstallRow, required: string[], keys: Set<string> | null): { health: Health; missing: string[] } {
  const { missingRequired } = compareScopes(row.granted_scopes.split(' ').filter(Boolean), required, []);
  let health: Health = 'ok';
  if (row.status === 'needs_reconnect') health = 'needs_reconnect';
  else if (keys && (!keys.has(row.refresh_key_id) || !keys.has(row.access_key_id))) health = 'unknown_key';
  else if (missingRequired.length) health = 'missing_scopes';
  else if (row.last_error_at !== null && row.last_error_at > (row.last_success_at ?? 0)) health = 'failing';
  return { health, missing: missingRequired };
}

export const installsListCommand = defineCommand({
  name: 'installs list',
  summary: 'list HubSpot installs with their health',
  usage: ['[--json]   one JSON object per line (with scopes and the last error)'],
  flags: z.strictObject({ json: switchFlag() }),
  async run(ctx, f) {
    const db = ctx.database().db;
    const rows = await db
      .selectFrom('installs')
      .innerJoin('workspaces', 'workspaces.id', 'installs.workspace_id')
      .selectAll('installs')
      .select('workspaces.name as workspace_name')
      .execute();
    const required = normaliseScopes(ctx.config.HUBSPOT_SCOPES);
    const keys = keyIds(ctx);
    const now = ctx.now();
    const out = rows
      .map((r) => {
        const h = installHealth(r, required, keys);
        return {
          workspace: r.workspace_id,
          workspaceName: r.workspace_name,
          portal: r.portal_id,
          hubDomain: r.hub_domain,
          health: h.health,
          status: r.status,
          installer: r.installer_email,
          installedAt: iso(r.installed_at),
          accessExpires: r.access_expires_at > now ? `in ${age(r.access_expires_at - now)}` : `${age(now - r.access_expires_at)} ago`,
          lastRefreshAt: iso(r.last_refresh_at),
          lastSuccessAt: iso(r.last_success_at),
          lastError: r.last_error_code ? { at: iso(r.last_error_at), code: r.last_error_code, message: r.last_error_message, correlationId: r.last_error_correlation_id } : null,
          keyIds: [...new Set([r.refresh_key_id, r.access_key_id])].join(','),
          missingRequiredScopes: h.missing,
        };
      })
      .sort((a, b) => RANK.indexOf(a.health) - RANK.indexOf(b.health) || a.workspace.localeCompare(b.workspace));
    if (f.json) {
      ctx.stdout.write(jsonLines(out));
      return EXIT.ok;
    }
    const flat = out.map((o) => ({ ...o, lastError: o.lastError ? `${o.lastError.code} ${o.lastError.at}` : null, missingRequiredScopes: o.missingRequiredScopes.join(' ') || null }));
    ctx.stdout.write(table(flat, ['workspace', 'portal', 'hubDomain', 'health', 'installer', 'accessExpires', 'lastSuccessAt', 'lastError', 'keyIds']));
    line(ctx.stdout, `${out.length} install(s); ${out.filter((o) => o.health !== 'ok').length} need attention`);
    return EXIT.ok;
  },
});
