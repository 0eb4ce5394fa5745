import { z } from 'zod';
import { CRM_OBJECT_TYPE_IDS } from './crm-objects';

/**
 * Stable error codes shared by the backend API, the background and the UI. Expected failures
 * travel as values with one of these codes; the UI maps codes to guidance, never to raw text.
 */
export const ERROR_CODES = [
  'bad_request',
  'payload_too_large',
  'unsupported_media_type',
  'unauthenticated',
  'session_expired',
  // The extension's session now belongs to another member than the one the panel showed: a
  // write from that panel is refused before it is sent (lib/extension/background/session-member.ts).
  'session_changed',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'invalid_credentials',
  'too_many_attempts',
  'invite_invalid',
  // A mailed one-time code that is wrong, expired, already used or tried too often.
  'code_invalid',
  'last_admin',
  'backend_unreachable',
  'backend_error',
  'permission_required',
  'invalid_message',
  'internal',
  // The backend is up but cannot reach its database for now (restart, failover): try again shortly.
  'service_unavailable',
  'not_configured',
  'portal_not_connected',
  'needs_reconnect',
  'not_linked',
  'hubspot_error',
  // HubSpot answers, translated by backend/hubspot/translate.ts (details.kind says more).
  'missing_scopes',
  'user_permission',
  'tier',
  'validation_error',
  'hubspot_unavailable',
  // The install was not granted the object's scope (companies, deals, tickets are optional): a
  // state of the install, not the member's permission. details: ObjectNotAvailableDetails.
  'object_not_available',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** `details` of `object_not_available`: which object, and the scopes a reconnect would add. */
export const ObjectNotAvailableDetails = z.object({ objectType: z.enum(CRM_OBJECT_TYPE_IDS), missingScopes: z.array(z.string()), reconnect: z.literal(true) });
export type ObjectNotAvailableDetails = z.infer<typeof ObjectNotAvailableDetails>;

export const ApiErrorBody = z.object({
  error: z.object({ code: ErrorCode, message: z.string(), details: z.unknown().optional() }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export interface Failure {
  ok: false;
  error: { code: ErrorCode; message: string; details?: unknown };
}
export interface Success<T> {
  ok: true;
  data: T;
}
export type Result<T> = Success<T> | Failure;

export const ok = <T>(data: T): Success<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string, details?: unknown): Failure => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});
