import type { CallOutcomesResponse, CallWriteBody, WriteFieldIssue } from '../../../lib/contract/api/writes';
import { ok, type Result } from '../../../lib/contract/errors';
import { TASK_OPTIONS_TTL_MS } from './task-options';
import { WorkspaceCache } from './workspace-cache';

/**
 * The portal's call outcomes (`GET /calling/v1/dispositions`, backend/hubspot/call-dispositions.ts),
 * cached per workspace like the task options and for the same reason: the panel offers them and
 * acceptance checks a call's outcome against them, so an outcome an admin removed (or one from
 * another portal) is refused before it is queued rather than failing at delivery. Outcomes change
 * as rarely as task options, so they share the 10-minute lifetime. A failed read is not cached.
 */

export type ReadCallOutcomes = (workspaceId: string) => Promise<Result<CallOutcomesResponse['outcomes']>>;

export class CallOutcomesCache extends WorkspaceCache<CallOutcomesResponse['outcomes'], CallOutcomesResponse> {
  constructor(read: ReadCallOutcomes, now: () => number = Date.now, ttlMs = TASK_OPTIONS_TTL_MS) {
    super(read, (outcomes) => ok({ outcomes }), now, ttlMs);
  }
}

/** The issue for a call outcome the portal does not have, naming the ones it does; null when fine. */
export function checkCallOutcome(outcomes: CallOutcomesResponse, body: CallWriteBody): WriteFieldIssue | null {
  if (body.outcome === undefined || outcomes.outcomes.some((o) => o.id === body.outcome)) return null;
  const list = outcomes.outcomes.map((o) => o.label).join(', ') || 'none';
  return { field: 'outcome', message: `"${body.outcome}" is not a call outcome in this HubSpot account. It offers: ${list}.` };
}
