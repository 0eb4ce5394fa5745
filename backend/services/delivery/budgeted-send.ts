import type { PortalSend } from '../../hubspot/portal-send';
import type { InstallService } from '../install/service';
import type { RateBudget } from './rate-budget';
import { rateHeaders } from './hubspot-writes';

/**
 * HubSpot's limit counts every call an app makes for a portal, not only writes: access checks,
 * record views and directory syncs take a slot from the same per-portal budget the delivery
 * worker uses (shared by every instance through the database), and give back what the answer's
 * rate headers say.
 */
export function budgetedSend(install: InstallService, budget: RateBudget) {
  return (workspaceId: string): PortalSend =>
    async (req) => {
      const pc = await install.getPortalClient(workspaceId);
      if (!pc.ok) return pc;
      const slot = await budget.take(pc.data.portalId);
      const res = await pc.data.request(req);
      await budget.settle(pc.data.portalId, slot, res.ok ? rateHeaders(res.data.headers) : null);
      return res;
    };
}
