/**
 * How long the backend may serve a contact's snapshot from its cache (per instance). The panel
 * uses it too: after one of the rep's edits reaches HubSpot, a view requested sooner may still
 * carry the old values, so the panel keeps showing the delivered ones until a later view.
 * A module of its own, without zod, so the panel's stores can read it without bundling the
 * contract's schemas into the content script.
 */
export const CONTACT_SNAPSHOT_TTL_MS = 5_000;
