import type { PortalSend } from '../../hubspot/portal-send';
import type { InstallService } from '../install/service';
import type { RateBudget } from './rate-budget';
import { rateHeaders } from './hubspot-writes';
import type { HubSpotFailure } from '../../hubspot/translate';

/** The portal's budget is spent for longer than the caller can wait: say when to try again. */
export function budgetSpent(retryAt: number, now: number): HubSpotFailure {
  const retryAfterSeconds = Math.min(3600, Math.max(1, Math.ceil((retryAt - now) / 1000)));
  return {
    ok: false,
    error: {
      code: 'rate_limited',
      message: `Portside is pacing its calls to HubSpot for this portal (HubSpot's rate limit is in use); try again in ${retryAfterSeconds} s.`,
      details: { kind: 'rate_limited', httpStatus: null, category: null, correlationId: null, hubspotMessage: null, retryable: true, adminAction: null, retryAfterSeconds },
    },
  };
}

/**
 * HubSpot's limit counts every call an app makes for a portal, not only writes: access checks,
 * record views and directory syncs take a slot from the same per-portal budget the delivery
 * worker uses (shared by every instance through the database), and give back what the answer's
 * rate headers say. With `maxWaitMs` (calls a person is waiting on) a spent budget answers
 * `rate_limited` with when to retry instead of queueing past the panel's timeout.
 */
export function budgetedSend(install: InstallService, budget: RateBudget, opts: { maxWaitMs?: number } = {}) {
  return (workspaceId: string): PortalSend =>
    async (req) => {
      const pc = await install.getPortalClient(workspaceId);
      if (!pc.ok) return pc;
      let slot: string;
      if (opts.maxWaitMs === undefined) slot = await budget.take(pc.data.portalId);
      else {
        const t = await budget.takeWithin(pc.data.portalId, opts.maxWaitMs);
        if (!t.ok) return budgetSpent(t.retryAt, Date.now());
        slot = t.slotId;
      }
      const res = await pc.data.request(req);
      await budget.settle(pc.data.portalId, slot, res.ok ? rateHeaders(res.data.headers) : null);
      return res;
    };
}
