/**
 * The timeout chain of a request a person waits on (the panel's record view, a write's access
 * check), outermost first. Each step gives up before the one above it, so a failure reaches the
 * panel as the error code of the step that failed ("HubSpot is not answering", "rate_limited,
 * retry at …") and never as the extension's own timeout blaming the Portside server.
 * In the contract because both sides read it: the extension (lib/extension/backend-client.ts) and the
 * backend (the record view's rate-budget wait and HubSpot reads). Without zod, so the content
 * script can import it. test/unit/timeouts.test.ts checks the ordering.
 */

/** The extension abandons a request to the Portside backend after this long. */
export const EXTENSION_REQUEST_TIMEOUT_MS = 10_000;

/**
 * One HubSpot read on a person's behalf (contact properties, permitted users) is aborted after
 * this long. Shorter than the extension's timeout by the budget wait below plus a margin for the
 * backend's own work (database, directory) and the network. The delivery worker's calls, which
 * nobody waits on, keep the HubSpot app's longer default (backend/hubspot/app.ts).
 */
export const HUBSPOT_READ_TIMEOUT_MS = 6_000;

/**
 * A record view waits at most this long for a slot in the portal's HubSpot rate budget, then
 * answers rate_limited with when to retry. It comes before the read, so wait + read must fit in
 * the extension's timeout; a short wait keeps a saturated portal answering fast.
 */
export const READ_BUDGET_WAIT_MS = 2_000;

/** What the backend needs for itself beyond the wait and the read: at least this much is left. */
export const BACKEND_MARGIN_MS = 1_000;
