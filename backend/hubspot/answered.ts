import type { HubSpotResponse } from './http';
import { correlationIdOf, rateHeaders, type RateHeaders } from './rate-headers';

/**
 * An adapter answer with what callers keep for their records: HubSpot's correlation id (support
 * asks for it; the audit stores it) and the rate headers. Failures carry theirs in
 * `error.details.correlationId` (translate.ts).
 */
export interface Answered<T> {
  value: T;
  correlationId: string | null;
  rate: RateHeaders;
}

export const answered = <T>(res: HubSpotResponse, value: T): Answered<T> => ({ value, correlationId: correlationIdOf(res.headers), rate: rateHeaders(res.headers) });
