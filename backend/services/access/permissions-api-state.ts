import type { Kysely } from 'kysely';
import type { Failure, Result } from '../../../lib/contract/errors';
import type { Database } from '../../db/schema';
import { recordPermissionsApi } from '../install/store';

/**
 * Keeps the install's record of whether HubSpot lets this app use the record permission API
 * (BETA, not in HubSpot's spec collection; its scope is undocumented). A lasting refusal (403
 * missing scope or not offered to the app, 404) is written on the install, so install health
 * says "record permission API not available to this app" instead of leaving admins with
 * unexplained ownership-based verdicts; the first answer after that clears it. Transient
 * failures (5xx, throttling, network) say nothing about availability and are not recorded.
 */
export function trackPermissionsApi<T>(
  db: Kysely<Database>,
  isLasting: (f: Failure) => boolean,
  now: () => number,
  log?: { warn(obj: object, msg: string): void },
): (workspaceId: string, result: Result<T>) => Promise<Result<T>> {
  const refused = new Map<string, string>();
  // Workspaces whose install row this process has seen answer: a flag left by another process
  // (or before a restart) is cleared once, on the first answer here.
  const confirmed = new Set<string>();
  const write = (workspaceId: string, refusal: string | null) =>
    recordPermissionsApi(db, workspaceId, refusal, now()).catch((err: unknown) => log?.warn({ err: String(err) }, 'access.permissions_api_state_failed'));
  return async (workspaceId, result) => {
    if (result.ok) {
      if (refused.has(workspaceId) || !confirmed.has(workspaceId)) {
        refused.delete(workspaceId);
        confirmed.add(workspaceId);
        await write(workspaceId, null);
      }
      return result;
    }
    if (isLasting(result)) {
      const kind = (result.error.details as { kind?: string } | undefined)?.kind ?? result.error.code;
      if (refused.get(workspaceId) !== kind) {
        refused.set(workspaceId, kind);
        confirmed.delete(workspaceId);
        await write(workspaceId, kind);
      }
    }
    return result;
  };
}
