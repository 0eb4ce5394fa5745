import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import { unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * `GET /account-info/v3/details` (scope `oauth`): which portal a token reaches and where it is
 * hosted. `uiDomain` (e.g. app-eu1.hubspot.com) and `dataHostingLocation` (na1, eu1, …) say which
 * data centre the portal lives in, which must agree with the configured API base.
 * `companyCurrency` (ISO code) is what a deal's amount is in when the deal names no currency
 * (`deal_currency_code` unset); HubSpot's reference marks it required, but an answer without it
 * still tells which portal this is, so it is read as optional (null).
 */

const Details = z.object({
  portalId: z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String),
  uiDomain: z.string().nullish(),
  dataHostingLocation: z.string().nullish(),
  accountType: z.string().nullish(),
  companyCurrency: z.string().min(1).nullish().catch(null),
});

export interface AccountDetails {
  portalId: string;
  uiDomain: string | null;
  dataHostingLocation: string | null;
  accountType: string | null;
  companyCurrency: string | null;
}

export async function readAccountDetails(send: PortalSend): Promise<SendResult<AccountDetails>> {
  const res = await send({ method: 'GET', path: '/account-info/v3/details' });
  if (!res.ok) return res;
  const parsed = Details.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer('the account details');
  const d = parsed.data;
  return ok({ portalId: d.portalId, uiDomain: d.uiDomain ?? null, dataHostingLocation: d.dataHostingLocation ?? null, accountType: d.accountType ?? null, companyCurrency: d.companyCurrency ?? null });
}

/**
 * The data centre a regional API base is pinned to (api-eu1.hubapi.com → eu1). Null for
 * api.hubapi.com, which HubSpot documents as the host for every account, and for other hosts
 * (the sandbox): only a regional host can disagree with the portal's data centre.
 */
export function hubletOfApiBase(apiBase: string): string | null {
  return /^api-([a-z]{2}\d)\.hubapi\.com$/.exec(new URL(apiBase).hostname)?.[1] ?? null;
}
