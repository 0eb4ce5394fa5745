import type { Diagnostics, InstallOutcomeCode } from '../../../lib/contract/api/install';
import type { HubSpotApp } from '../../hubspot/app';
import { describeScope } from '../../hubspot/scopes';
import type { HubSpotFailure } from '../../hubspot/translate';
import { outcomeText } from './messages';

/**
 * The "copy diagnostics" facts: what HubSpot support asks for (the scopes in the authorize URL,
 * the hub id, the installing user) plus timestamps, the outcome and the correlation id of any
 * failed HubSpot call. Built only from non-secret values: never a code, state or token.
 */

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

export function baseDiagnostics(app: HubSpotApp, input: { outcome: InstallOutcomeCode; ticketId?: string | null; startedAt?: number | null; scopes?: string[]; optionalScopes?: string[]; pinnedPortalId?: string | null }): Diagnostics {
  return {
    outcome: input.outcome,
    ticketId: input.ticketId ?? null,
    startedAt: iso(input.startedAt),
    completedAt: null,
    authorize: {
      host: app.authorizeBase,
      clientId: app.clientId,
      redirectUri: app.redirectUri,
      scopes: input.scopes ?? app.scopes,
      optionalScopes: input.optionalScopes ?? app.optionalScopes,
      pinnedPortalId: input.pinnedPortalId ?? null,
    },
    hubId: null,
    hubDomain: null,
    installingUser: null,
    grantedScopes: [],
    missingRequiredScopes: [],
    missingOptionalScopes: [],
    hubspotRedirectError: null,
    failedCall: null,
  };
}

export function failedCall(step: string, f: HubSpotFailure): Diagnostics['failedCall'] {
  const d = f.error.details;
  return { step, kind: d.kind, httpStatus: d.httpStatus, message: d.hubspotMessage, correlationId: d.correlationId };
}

export function missingOptional(scopes: readonly string[]): Diagnostics['missingOptionalScopes'] {
  return scopes.map((scope) => ({ scope, ...describeScope(scope) }));
}

/** The same facts as plain text, one per line, for the copy block and support tickets. */
export function diagnosticsText(d: Diagnostics, completedAt?: number): string {
  const lines = [
    'Portside HubSpot install diagnostics',
    `Outcome: ${d.outcome} (${outcomeText(d.outcome).title})`,
    `Hub ID: ${d.hubId ?? 'unknown'}`,
    `Hub domain: ${d.hubDomain ?? 'unknown'}`,
    `Installing user: ${d.installingUser ? `${d.installingUser.email ?? 'unknown email'} (user id ${d.installingUser.id ?? 'unknown'})` : 'unknown'}`,
    `Authorize host: ${d.authorize.host}`,
    `Client ID: ${d.authorize.clientId}`,
    `Redirect URI: ${d.authorize.redirectUri}`,
    `Scopes requested (scope): ${d.authorize.scopes.join(' ') || '(none)'}`,
    `Optional scopes requested (optional_scope): ${d.authorize.optionalScopes.join(' ') || '(none)'}`,
    ...(d.authorize.pinnedPortalId ? [`Pinned to portal: ${d.authorize.pinnedPortalId}`] : []),
    `Scopes granted: ${d.grantedScopes.join(' ') || '(none)'}`,
    ...(d.missingRequiredScopes.length ? [`Required scopes missing: ${d.missingRequiredScopes.join(' ')}`] : []),
    ...d.missingOptionalScopes.map((m) => `Optional scope dropped: ${m.scope} — ${m.feature} is off. ${m.effect}`),
    ...(d.hubspotRedirectError ? [`HubSpot error: ${d.hubspotRedirectError.error}${d.hubspotRedirectError.description ? ` — ${d.hubspotRedirectError.description}` : ''}`] : []),
    ...(d.failedCall
      ? [`Failed HubSpot call: ${d.failedCall.step} (${d.failedCall.kind}, HTTP ${d.failedCall.httpStatus ?? 'no answer'})${d.failedCall.message ? ` — ${d.failedCall.message}` : ''}`, `Correlation ID: ${d.failedCall.correlationId ?? 'none'}`]
      : []),
    `Ticket: ${d.ticketId ?? 'unknown'}`,
    `Started: ${d.startedAt ?? 'unknown'}`,
    `Completed: ${d.completedAt ?? iso(completedAt) ?? 'unknown'}`,
  ];
  return lines.join('\n');
}
