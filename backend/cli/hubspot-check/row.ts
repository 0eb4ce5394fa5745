import type { Failure } from '../../../lib/contract/errors';

/**
 * One line of the check's report. `detail` holds only ids, counts, scope names, header names and
 * HubSpot's correlation id: the report is pasted into public issues, so no token, secret, email
 * or name ever goes in it.
 */
export type Status = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckRow {
  check: string;
  status: Status;
  detail: string;
  /** One line: what this result means for Portside. */
  meaning: string;
}

export const row = (check: string, status: Status, detail: string, meaning: string): CheckRow => ({ check, status, detail, meaning });

interface FailureDetails {
  kind?: string;
  httpStatus?: number | null;
  correlationId?: string | null;
  requiredScopes?: string[];
}

/** A failure as support reads it: Portside's code, HubSpot's status and correlation id. */
export function failureDetail(f: Failure): string {
  const d = (f.error.details ?? {}) as FailureDetails;
  const parts: string[] = [f.error.code];
  if (d.kind && d.kind !== f.error.code) parts.push(`kind ${d.kind}`);
  if (d.httpStatus) parts.push(`HTTP ${d.httpStatus}`);
  if (d.requiredScopes?.length) parts.push(`needs ${d.requiredScopes.join(' ')}`);
  if (d.correlationId) parts.push(`correlation ${d.correlationId}`);
  return parts.join(', ');
}

export const kindOf = (f: Failure): string | null => ((f.error.details ?? {}) as FailureDetails).kind ?? null;

/** The message Portside shows for a failure: translated text, never HubSpot's raw body. */
export const failureMeaning = (f: Failure) => f.error.message;
