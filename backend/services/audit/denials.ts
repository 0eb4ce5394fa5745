import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { DenialLog } from './denial-log';
import { recordDenial } from './record-denial';

/**
 * The record of refused requests, for every route (backend/http/denial-audit.ts calls it from
 * one onSend hook, so a new route is covered without a line of its own):
 *
 * - A signed-in caller refused with 403 (not an admin, not linked) or 404 (an id that is not in
 *   their workspace: another tenant's member, write, ticket, portal or contact) gets an
 *   `access.denied` row in *their own* workspace's audit log: actor, method, route template and
 *   reason code. Never the token, the body, the path's values or anything else the caller sent:
 *   the template says what was tried, the actor says who. A 404 for an id that exists nowhere is
 *   recorded the same way, on purpose: telling "someone else's" from "nobody's" apart would be an
 *   existence oracle, and both are a caller naming something that is not theirs.
 * - Each distinct (workspace, actor, method, route, reason) is written once per window, and
 *   within the member's cap on denial rows shared with every other denial path
 *   (services/audit/record-denial.ts), so a script hammering routes it may not use costs a
 *   bounded number of rows, not one fsync per request.
 * - When the service behind the route already wrote its own, richer denial row for this request
 *   (record.view, crm.note.create … carry the contact and the verdict), no second row is added.
 *
 * 401s are not written here: see `unauthenticated`.
 */
export interface RefusalAuditDeps {
  db: Kysely<Database>;
  now: () => number;
  logger: { warn(obj: object, msg: string): void };
  /** Defaults: a 10-minute window; at most 600 unauthenticated log lines per minute per process. */
  windowMs?: number;
  unauthenticatedPerMinute?: number;
}

export interface Refusal {
  workspaceId: string;
  memberId: string;
  method: string;
  /** The route template (never the concrete path: ids and tricks in it are the caller's input). */
  route: string;
  status: number;
  /** The answer's error code (`forbidden`, `not_found`, `not_linked`, `portal_not_connected`). */
  reason: string;
  correlationId: string;
}

export interface UnauthenticatedAttempt {
  method: string;
  route: string;
  /** `unauthenticated` (no or unknown token) or `session_expired` (expired, revoked, disabled member). */
  reason: string;
  ip: string;
  correlationId: string;
}

export interface RefusalAudit {
  refused(r: Refusal): Promise<void>;
  unauthenticated(a: UnauthenticatedAttempt): void;
}

export function createRefusalAudit(deps: RefusalAuditDeps): RefusalAudit {
  const windowMs = deps.windowMs ?? 10 * 60_000;
  // Cheap first filter (no database read for a repeat); the member's cap applies on writing.
  const refusals = new DenialLog({ windowMs });
  const anonymous = new DenialLog({ windowMs });
  const perMinute = deps.unauthenticatedPerMinute ?? 600;
  let minute = { start: -Infinity, logged: 0, suppressed: 0 };

  return {
    async refused(r) {
      const key = `${r.workspaceId}|${r.memberId}|${r.method} ${r.route}|${r.reason}`;
      if (!refusals.shouldAudit(key, deps.now())) return;
      const own = await deps.db
        .selectFrom('audit_log')
        .select('id')
        .where('correlation_id', '=', r.correlationId)
        .where('workspace_id', '=', r.workspaceId)
        .where('result', '=', 'denied')
        .executeTakeFirst();
      if (own) return;
      await recordDenial(deps.db, {
        workspaceId: r.workspaceId,
        actorMemberId: r.memberId,
        action: 'access.denied',
        targetType: 'route',
        targetId: `${r.method} ${r.route}`,
        result: 'denied',
        details: { method: r.method, route: r.route, status: r.status, reason: r.reason },
        correlationId: r.correlationId,
        at: deps.now(),
      }, `access.denied|${r.method} ${r.route}|${r.reason}`);
    },

    /**
     * A request with no valid session names no workspace anyone can trust (the token is absent,
     * unknown, or no longer the member's), so nothing is written to a workspace's audit log and
     * no row is written at all: otherwise anyone on the internet could make the database write.
     * It becomes one structured `security.unauthenticated` log line for the operator, once per
     * (address, method, route, reason) per window, and at most `perMinute` lines a minute per
     * process; beyond that the next line carries how many were held back.
     */
    unauthenticated(a) {
      const now = deps.now();
      if (!anonymous.shouldAudit(`${a.ip}|${a.method} ${a.route}|${a.reason}`, now)) return;
      if (now - minute.start >= 60_000) minute = { start: now, logged: 0, suppressed: minute.suppressed };
      if (minute.logged >= perMinute) {
        minute.suppressed++;
        return;
      }
      minute.logged++;
      deps.logger.warn({ method: a.method, route: a.route, reason: a.reason, ip: a.ip, reqId: a.correlationId, suppressedBefore: minute.suppressed }, 'security.unauthenticated');
      minute.suppressed = 0;
    },
  };
}
