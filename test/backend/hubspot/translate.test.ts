import { describe, expect, it } from 'vitest';
import { translateHubSpotError } from '../../../backend/hubspot/translate';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });

describe('translateHubSpotError', () => {
  it('MISSING_SCOPES names the scopes and asks an admin to reconnect', () => {
    const f = translateHubSpotError(403, {
      status: 'error',
      message: "This app hasn't been granted all required scopes to make this call.",
      correlationId: 'c-1',
      category: 'MISSING_SCOPES',
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredScopes: ['settings.users.teams.read'] } }],
    });
    expect(f.error.code).toBe('missing_scopes');
    expect(f.error.details).toMatchObject({ kind: 'missing_scopes', requiredScopes: ['settings.users.teams.read'], correlationId: 'c-1', retryable: false });
    expect(f.error.message).toContain('settings.users.teams.read');
    expect(f.error.details.adminAction).toMatch(/Reconnect/);
  });

  it('treats names like tickets-read as user permissions, not scopes', () => {
    const f = translateHubSpotError(403, { status: 'error', message: 'This user does not have permission to perform this action. Required: tickets-read', correlationId: 'c-2', category: 'FORBIDDEN' });
    expect(f.error.code).toBe('user_permission');
    expect(f.error.details.userPermissions).toEqual(['tickets-read']);
    expect(f.error.message).toMatch(/user permissions, not app scopes/);
  });

  it('recognises a tier that lacks the product', () => {
    const f = translateHubSpotError(403, { status: 'error', message: 'This feature is not available on your subscription. Upgrade to Professional.', category: 'FORBIDDEN' });
    expect(f.error.code).toBe('tier');
    expect(f.error.details.kind).toBe('tier');
    expect(translateHubSpotError(403, { status: 'error', message: 'Nope' }).error.details.kind).toBe('forbidden');
  });

  it('BAD_REFRESH_TOKEN means the install needs a reconnect', () => {
    const f = translateHubSpotError(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' });
    expect(f.error.code).toBe('needs_reconnect');
    const v3 = translateHubSpotError(400, { status: 'BAD_REFRESH_TOKEN', error: 'invalid_grant', error_description: 'missing or invalid refresh token' });
    expect(v3.error.code).toBe('needs_reconnect');
  });

  it('OAuth token endpoint errors: RFC 6749 `error` or the legacy `status` alone is enough', () => {
    const onlyRfc = translateHubSpotError(400, { error: 'invalid_grant', error_description: 'refresh token is invalid' });
    expect(onlyRfc.error.code).toBe('needs_reconnect');
    for (const body of [{ error: 'invalid_client', error_description: 'bad secret' }, { status: 'BAD_CLIENT_SECRET', message: 'missing or invalid client_secret' }]) {
      const f = translateHubSpotError(401, body);
      expect(f.error.details).toMatchObject({ kind: 'bad_request', retryable: false });
      expect(f.error.details.adminAction).toMatch(/HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET/);
    }
    const code = translateHubSpotError(400, { status: 'EXPIRED_AUTH_CODE', message: 'auth code has expired', error: 'invalid_grant', error_description: 'auth code has expired' });
    expect(code.error).toMatchObject({ code: 'hubspot_error', details: { kind: 'bad_request', retryable: false, hubspotMessage: 'auth code has expired' } });
    expect(code.error.message).toMatch(/authorization code \(EXPIRED_AUTH_CODE\)/);
    expect(translateHubSpotError(400, { error: 'unsupported_grant_type' }).error.message).toMatch(/OAuth request \(unsupported_grant_type\)/);
  });

  it('401s: expired versus invalid', () => {
    expect(translateHubSpotError(401, { status: 'error', message: 'The OAuth token used to make this call expired 2 second(s) ago.', category: 'EXPIRED_AUTHENTICATION' }).error.details.kind).toBe('expired_token');
    expect(translateHubSpotError(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' }).error.details.kind).toBe('invalid_token');
  });

  it('429 honours Retry-After, else the reported interval, and keeps the correlation id', () => {
    const body = { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: 'c-3', policyName: 'TEN_SECONDLY_ROLLING' };
    const a = translateHubSpotError(429, body, headers({ 'retry-after': '7' }));
    expect(a.error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 7, retryable: true, correlationId: 'c-3', category: 'RATE_LIMIT' } });
    expect(translateHubSpotError(429, body, headers({ 'x-hubspot-ratelimit-interval-milliseconds': '10000' })).error.details.retryAfterSeconds).toBe(10);
    expect(translateHubSpotError(429, body).error.details.retryAfterSeconds).toBe(10);
  });

  it('404, 409 with the existing id, and the wrong data centre', () => {
    expect(translateHubSpotError(404, { status: 'error', message: 'resource not found', correlationId: 'c' }).error.code).toBe('not_found');
    const c = translateHubSpotError(409, { status: 'error', message: 'Contact already exists. Existing ID: 12345', category: 'CONFLICT' });
    expect(c.error).toMatchObject({ code: 'conflict', details: { existingId: '12345' } });
    expect(translateHubSpotError(404, { status: 'error', message: 'Hub 2002 is unknown to this Hublet' }).error.details.kind).toBe('wrong_data_center');
  });

  it("the wrong data centre (488) carries correctHublet, from the body or the header, and says only this account is affected", () => {
    const body = { status: 'error', message: 'Hub 1001 is unknown to this Hublet, but it appears to exist in Hublet eu1', correlationId: 'c-9', correctHublet: 'eu1' };
    const f = translateHubSpotError(488, body);
    expect(f.error.details).toMatchObject({ kind: 'wrong_data_center', correctHublet: 'eu1', httpStatus: 488, correlationId: 'c-9', retryable: false });
    expect(f.error.message).toBe("HubSpot says this account lives in HubSpot's eu1 data centre, not the one Portside's calls for it reached.");
    expect(f.error.details.adminAction).toMatch(/^Only this account is affected\./);
    const bare = translateHubSpotError(488, { status: 'error', message: 'moved' }, headers({ 'x-hubspot-correct-hublet': 'NA2' }));
    expect(bare.error.details).toMatchObject({ kind: 'wrong_data_center', correctHublet: 'na2' });
    // A value that is not a hublet name is not repeated to anyone.
    expect(translateHubSpotError(488, { ...body, correctHublet: '<script>' }).error.details.correctHublet).toBeUndefined();
  });

  it('400 VALIDATION_ERROR lists each field', () => {
    const embedded = [{ isValid: false, message: 'x was not one of the allowed options', error: 'INVALID_OPTION', name: 'lifecyclestage' }];
    const f = translateHubSpotError(400, {
      status: 'error',
      message: `Property values were not valid: ${JSON.stringify(embedded)}`,
      category: 'VALIDATION_ERROR',
      errors: [{ message: 'x was not one of the allowed options', code: 'INVALID_OPTION', context: { propertyName: ['lifecyclestage'] } }],
    });
    expect(f.error.code).toBe('validation_error');
    expect(f.error.details.fields).toEqual([{ field: 'lifecyclestage', message: 'x was not one of the allowed options', code: 'INVALID_OPTION' }]);
    const plain = translateHubSpotError(400, { status: 'error', message: 'Invalid input JSON', category: 'VALIDATION_ERROR', errors: [{ message: 'bad', code: 'INVALID_INPUT', in: 'properties.email' }] });
    expect(plain.error.details.fields).toEqual([{ field: 'properties.email', message: 'bad', code: 'INVALID_INPUT' }]);
  });

  it('5xx, network failures and unreadable bodies are retryable "unavailable"', () => {
    expect(translateHubSpotError(503, '<html>bad gateway</html>').error).toMatchObject({ code: 'hubspot_unavailable', details: { kind: 'unavailable', retryable: true } });
    expect(translateHubSpotError(null, null).error.details.kind).toBe('unavailable');
    expect(translateHubSpotError(418, 'teapot').error.details.kind).toBe('bad_request');
  });

  it('takes the correlation id from the header when the body has none', () => {
    expect(translateHubSpotError(500, {}, headers({ 'x-hubspot-correlation-id': 'h-1' })).error.details.correlationId).toBe('h-1');
  });
});
