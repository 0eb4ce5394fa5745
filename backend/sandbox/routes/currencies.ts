import type { FastifyInstance } from 'fastify';
import { authOf, type SandboxContext } from '../context.js';
import { apiGuard } from '../guard.js';
import { ROUTE_SCOPES } from '../scopes.js';

/**
 * The portal's currencies, as HubSpot's Currencies API (Settings › Multicurrency, v3) serves
 * them: `GET /settings/v3/currencies/company-currency` → `{id, createdAt}` and
 * `GET /settings/v3/currencies/exchange-rates/current` → `{results: ExchangeRate[]}`, one rate
 * per additional currency, converting to the company currency. A deal's `deal_currency_code`
 * accepts exactly these codes. Scope: `settings.currencies.read`.
 */

const DEFINED_AT = '2023-01-02T09:00:00Z';

export function registerCurrencies(app: FastifyInstance, ctx: SandboxContext): void {
  const onRequest = apiGuard(ctx, ROUTE_SCOPES.currencies);
  app.get('/settings/v3/currencies/company-currency', { onRequest }, async (request) => {
    const { portal } = authOf(request);
    return { id: portal.companyCurrency, createdAt: DEFINED_AT };
  });
  app.get('/settings/v3/currencies/exchange-rates/current', { onRequest }, async (request) => {
    const { portal } = authOf(request);
    return {
      results: portal.exchangeRates.map((r, i) => ({
        id: String(1000 + i),
        fromCurrencyCode: r.fromCurrencyCode,
        toCurrencyCode: portal.companyCurrency,
        conversionRate: r.conversionRate,
        effectiveAt: DEFINED_AT,
        createdAt: DEFINED_AT,
        updatedAt: DEFINED_AT,
        visibleInUI: true,
      })),
    };
  });
}
