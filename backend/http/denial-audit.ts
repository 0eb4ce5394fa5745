import type { FastifyInstance } from 'fastify';
import type { RefusalAudit } from '../services/audit/denials';

/** Our own refusals; HubSpot's translated 403s (missing_scopes, tier, user_permission) are not access control. */
const REFUSAL_CODES = new Set(['forbidden', 'not_linked', 'not_found', 'portal_not_connected']);
const SESSION_CODES = new Set(['unauthenticated', 'session_expired']);

function errorCode(payload: unknown): string | null {
  if (typeof payload !== 'string' || payload.length > 65_536) return null;
  try {
    const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

/**
 * One hook for every /api/v1 route, so a route added tomorrow has its refusals recorded without a
 * line of its own. It runs in onSend (before the answer leaves), so by the time a caller sees a
 * 403/404 its audit row is committed; the cost is paid only on refusals, once per window.
 * Requests that matched no route (the 404 handler) are not refusals of anything and are skipped.
 * An audit failure is logged and never turns the refusal into a 500.
 */
export function installDenialAudit(app: FastifyInstance, audit: RefusalAudit) {
  app.addHook('onSend', async (req, reply, payload) => {
    const status = reply.statusCode;
    if (status !== 401 && status !== 403 && status !== 404) return payload;
    const route = req.routeOptions.url;
    if (!route || !route.startsWith('/api/v1/')) return payload;
    const code = errorCode(payload);
    if (!code) return payload;
    try {
      if (status === 401 && SESSION_CODES.has(code) && !req.member) {
        audit.unauthenticated({ method: req.method, route, reason: code, ip: req.ip, correlationId: req.id });
      } else if (status !== 401 && req.member && REFUSAL_CODES.has(code)) {
        await audit.refused({ workspaceId: req.member.workspaceId, memberId: req.member.memberId, method: req.method, route, status, reason: code, correlationId: req.id });
      }
    } catch (err) {
      req.log.error({ err: { type: (err as Error).name, message: (err as Error).message } }, 'audit.refusal_failed');
    }
    return payload;
  });
}
