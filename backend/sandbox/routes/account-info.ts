import type { FastifyInstance } from 'fastify';
import { authOf, type SandboxContext } from '../context.js';
import { apiGuard } from '../guard.js';

/** `GET /account-info/v3/details`: which portal a token belongs to and where it is hosted. */

const UTC_OFFSETS: Record<string, number> = { 'US/Eastern': -5 * 3_600_000, 'Europe/Berlin': 3_600_000 };

function offsetText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms) / 60_000;
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function registerAccountInfo(app: FastifyInstance, ctx: SandboxContext): void {
  // Any valid token may read its own account details.
  app.get('/account-info/v3/details', { onRequest: apiGuard(ctx, []) }, async (request) => {
    const { portal } = authOf(request);
    const offset = UTC_OFFSETS[portal.timeZone] ?? 0;
    return {
      portalId: portal.portalId,
      accountType: 'STANDARD',
      timeZone: portal.timeZone,
      companyCurrency: portal.companyCurrency,
      additionalCurrencies: [],
      utcOffset: offsetText(offset),
      utcOffsetMilliseconds: offset,
      uiDomain: portal.uiDomain,
      dataHostingLocation: portal.dataHostingLocation,
    };
  });
}
