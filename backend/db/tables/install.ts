/** The HubSpot install (migrations 0006, 0008, 0014). Conventions in ../schema.ts. */
type Millis = number;

export type InstallStatus = 'connected' | 'needs_reconnect';
export type TicketStatus = 'pending' | 'started' | 'succeeded' | 'failed' | 'confirm_required' | 'cancelled';

export interface InstallsTable {
  id: string;
  workspace_id: string;
  portal_id: string;
  hub_domain: string | null;
  installer_user_id: string | null;
  installer_email: string | null;
  installed_by_member_id: string | null;
  /** Space-separated, sorted. */
  granted_scopes: string;
  missing_optional_scopes: string;
  refresh_token_sealed: string;
  refresh_key_id: string;
  access_token_sealed: string;
  access_key_id: string;
  access_expires_at: Millis;
  status: InstallStatus;
  installed_at: Millis;
  last_refresh_at: Millis | null;
  last_success_at: Millis | null;
  last_error_at: Millis | null;
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_correlation_id: string | null;
  /** Migration 0014: the data centre HubSpot says holds the portal, when a call reached another. */
  wrong_hublet: string | null;
  wrong_hublet_at: Millis | null;
  /** Migration 0014: HubSpot refused the record permission API to this app (the refusal's kind). */
  permissions_api_refusal: string | null;
  permissions_api_refused_at: Millis | null;
  updated_at: Millis;
}

export interface InstallTicketsTable {
  id: string;
  token_hash: string;
  workspace_id: string;
  member_id: string;
  session_id: string;
  pin_portal_id: string | null;
  status: TicketStatus;
  result: string | null;
  pending_sealed: string | null;
  pending_key_id: string | null;
  created_at: Millis;
  expires_at: Millis;
  started_at: Millis | null;
  completed_at: Millis | null;
}

export interface OAuthStatesTable {
  state_hash: string;
  ticket_id: string;
  workspace_id: string;
  member_id: string;
  session_id: string;
  scopes: string;
  optional_scopes: string;
  created_at: Millis;
  expires_at: Millis;
  used_at: Millis | null;
}
