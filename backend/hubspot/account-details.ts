import { z } from 'zod';
import { ok } from '../../lib/errors';
import { unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * `GET /account-info/v3/details` (scope `oauth`): which portal a token reaches and where it is
 * hosted. `uiDomain` (e.g. app-eu1.hubspot.com) and `dataHostingLocation` (na1, eu1, …) say which
 * data centre the portal lives in, which must agree with the configured API base.
 */

const Details = z.object({
  portalId: z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String),
  uiDomain: z.string().nullish(),
  dataHostingLocation: z.string().nullish(),
  accountType: z.string().nullish(),
});

export interface AccountDetails {
  portalId: string;
  uiDomain: string | null;
  dataHostingLocation: string | null;
  accountType: string | null;
}

export async function readAccountDetails(send: PortalSend): Promise<SendResult<AccountDetails>> {
  const res = await send({ method: 'GET', path: '/account-info/v3/details' });
  if (!res.ok) return res;
  const parsed = Details.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer('the account details');
  const d = parsed.data;
  return ok({ portalId: d.portalId, uiDomain: d.uiDomain ?? null, dataHostingLocation: d.dataHostingLocation ?? null, accountType: d.accountType ?? null });
}

/** The data centre an API base serves, as HubSpot names hublets (api-eu1.hubapi.com → eu1; api.hubapi.com → na1); null for other hosts (the sandbox). */
export function hubletOfApiBase(apiBase: string): string | null {
  const host = new URL(apiBase).hostname;
  if (host === 'api.hubapi.com') return 'na1';
  return /^api-([a-z]{2}\d)\.hubapi\.com$/.exec(host)?.[1] ?? null;
}
