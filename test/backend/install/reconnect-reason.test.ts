import { describe, expect, it } from 'vitest';
import { translateHubSpotError } from '../../../backend/hubspot/translate';
import { reconnectReason } from '../../../backend/services/install/reconnect-reason';

/**
 * Issue 15 item 10: "the app was uninstalled or its access revoked" is what HubSpot's
 * BAD_REFRESH_TOKEN means, so only that answer may say it; an operator's force-reconnect says the
 * operator's reason, and a needs_reconnect without a recorded cause claims none.
 */
describe('why an install needs a reconnect', () => {
  it('HubSpot refusing the refresh token: says what HubSpot answered and what that means', () => {
    const r = translateHubSpotError(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' });
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : r.error.message;
    expect(message).toMatch(/refused the connection’s refresh token \(BAD_REFRESH_TOKEN\)/);
    expect(reconnectReason({ last_error_code: r.ok ? null : r.error.code, last_error_message: message })).toBe(message);
  });

  it('an operator force-reconnect gives the operator’s reason, not an uninstall', () => {
    const reason = reconnectReason({ last_error_code: 'operator_forced', last_error_message: 'The server operator asked for HubSpot to be reconnected: portal sold.' });
    expect(reason).toBe('The server operator asked for HubSpot to be reconnected: portal sold.');
  });

  it('no recorded cause (or a later unrelated error): no cause is claimed', () => {
    for (const row of [{ last_error_code: null, last_error_message: null }, { last_error_code: 'rate_limited', last_error_message: 'HubSpot is rate limiting.' }]) {
      const reason = reconnectReason(row);
      expect(reason).not.toMatch(/uninstall|revoke/i);
      expect(reason).toMatch(/reconnect/);
    }
  });
});
