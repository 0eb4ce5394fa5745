import { describe, expect, it } from 'vitest';
import { BACKEND_MARGIN_MS, EXTENSION_REQUEST_TIMEOUT_MS, HUBSPOT_READ_TIMEOUT_MS, READ_BUDGET_WAIT_MS } from '../../lib/contract/api/timeouts';
import { DEFAULT_TIMEOUT_MS } from '../../backend/hubspot/app';

/** The timeout chain (lib/contract/api/timeouts.ts): each step gives up before the one that waits on it. */
describe('timeout chain', () => {
  it('is ordered extension request > HubSpot read > rate-budget wait', () => {
    expect(EXTENSION_REQUEST_TIMEOUT_MS).toBeGreaterThan(HUBSPOT_READ_TIMEOUT_MS);
    expect(HUBSPOT_READ_TIMEOUT_MS).toBeGreaterThan(READ_BUDGET_WAIT_MS);
  });

  it('fits a budget wait, a HubSpot read and the backend margin inside the extension timeout', () => {
    expect(READ_BUDGET_WAIT_MS + HUBSPOT_READ_TIMEOUT_MS + BACKEND_MARGIN_MS).toBeLessThanOrEqual(EXTENSION_REQUEST_TIMEOUT_MS);
  });

  it('keeps person-facing reads shorter than the worker default nobody waits on', () => {
    expect(HUBSPOT_READ_TIMEOUT_MS).toBeLessThan(DEFAULT_TIMEOUT_MS);
  });
});
