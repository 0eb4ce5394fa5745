/**
 * HubSpot's `X-HubSpot-RateLimit-*` answer headers, read for the per-portal rate budget (which
 * takes them in this shape without knowing their names). A header that is absent or not a
 * plain number is null: the budget then keeps its own view.
 */

export interface RateHeaders {
  max: number | null;
  remaining: number | null;
  intervalMs: number | null;
}

export function rateHeaders(h: Headers): RateHeaders {
  const num = (name: string) => {
    const v = h.get(name);
    return v !== null && /^\d+$/.test(v) ? Number(v) : null;
  };
  return { max: num('x-hubspot-ratelimit-max'), remaining: num('x-hubspot-ratelimit-remaining'), intervalMs: num('x-hubspot-ratelimit-interval-milliseconds') };
}

/** HubSpot's id for one request, which its support asks for. */
export const correlationIdOf = (h: Headers): string | null => h.get('x-hubspot-correlation-id');
