import type { InstallRow } from '../../db/schema';

/**
 * Why an install needs a reconnect, in the words recorded when it was marked: HubSpot refusing
 * the refresh token (translate.ts says what HubSpot answered) or the operator's force-reconnect
 * with its reason. Without such a record no cause is claimed: "uninstalled or revoked" is what
 * BAD_REFRESH_TOKEN means, not what every needs_reconnect means.
 */
const MARKED_BY = new Set(['needs_reconnect', 'operator_forced']);

export function reconnectReason(row: Pick<InstallRow, 'last_error_code' | 'last_error_message'>): string {
  if (row.last_error_code && MARKED_BY.has(row.last_error_code) && row.last_error_message) return row.last_error_message;
  return 'HubSpot no longer accepts this workspace’s connection. An admin must reconnect HubSpot.';
}
