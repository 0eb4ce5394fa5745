import type { InstallOutcomeCode, OutcomeText } from '../../../lib/contract/api/install';

/**
 * Plain words for every install outcome, shown on the callback page and the options page.
 * HubSpot shows a refused install (role, tier, scopes, cancel) on its own page and sends nothing
 * back, so those causes are explained under `not_returned`, the only way Portside sees them.
 */
const TEXT: Record<InstallOutcomeCode, OutcomeText> = {
  connected: { title: 'HubSpot is connected', explanation: 'Portside can now work with this HubSpot account. Your team can use the panel on contact records.', whatToDo: null },
  reconnected: { title: 'HubSpot is reconnected', explanation: 'Portside replaced the stored connection with the new one. Everything that was waiting will continue.', whatToDo: null },
  portal_changed: { title: 'Switched to the new HubSpot account', explanation: 'Portside now works with the HubSpot account you confirmed. The previous account’s connection was removed.', whatToDo: 'Check member links: they pointed at users of the previous account.' },
  confirm_required: {
    title: 'Confirm the HubSpot account',
    explanation: 'You connected a different HubSpot account than the one this workspace uses. Nothing has changed yet.',
    whatToDo: 'Go back to Portside options and confirm the switch, or cancel to keep the current account.',
  },
  cancelled: { title: 'Switch cancelled', explanation: 'The workspace stays connected to its current HubSpot account. The new connection was discarded.', whatToDo: null },
  not_returned: {
    title: 'HubSpot has not sent the connection back',
    explanation:
      'You continued to HubSpot a while ago and HubSpot has not returned to Portside. When HubSpot refuses an install it says why on its own page and tells Portside nothing. The likely causes: the HubSpot user who approved is not a Super Admin of that account (and has no App Marketplace access); the account’s HubSpot subscription does not include a permission Portside requires (HubSpot then says "You do not have the correct role to grant these permissions"); or the consent was cancelled or its tab closed.',
    whatToDo: 'Look at the HubSpot tab for its message, then try again, or ask a Super Admin of the HubSpot account to connect it. If HubSpot showed no error, send the diagnostics below to whoever runs your Portside server. If the connection does arrive later, this page shows it.',
  },
  hubspot_refused: { title: 'HubSpot did not complete the connection', explanation: 'HubSpot sent back an error instead of a connection (see the diagnostics).', whatToDo: 'Try again. If it happens again, send the diagnostics below to HubSpot support.' },
  missing_required_scopes: {
    title: 'A required permission was not granted',
    explanation: 'The connection lacks permissions Portside cannot work without, so it was not saved.',
    whatToDo: 'Connect again as a Super Admin. If the permission is still missing, the HubSpot account’s plan does not include it.',
  },
  portal_in_use: { title: 'This HubSpot account is already connected elsewhere', explanation: 'Another Portside workspace is already connected to this HubSpot account. One account can be connected to one workspace.', whatToDo: 'Use that workspace, or ask its admin to disconnect HubSpot first.' },
  wrong_app: { title: 'The connection belongs to another app', explanation: 'HubSpot returned a connection for a different app than the one this server is configured for.', whatToDo: 'Send the diagnostics below to whoever runs your Portside server.' },
  ticket_invalid: { title: 'This connect link has expired or was already used', explanation: 'Each "Connect HubSpot" link works once, for 10 minutes.', whatToDo: 'Go back to Portside options and choose "Connect HubSpot" again.' },
  state_unknown: { title: 'This connection request is not known', explanation: 'Portside did not start this request, or it was cleaned up long ago. Nothing was connected.', whatToDo: 'Start again from Portside options.' },
  state_expired: { title: 'This connection request expired', explanation: 'More than 10 minutes passed between starting and finishing the connection. Nothing was connected.', whatToDo: 'Start again from Portside options.' },
  session_ended: { title: 'Your Portside session ended', explanation: 'You signed out, your session expired, or you are no longer an admin, so the connection was not saved.', whatToDo: 'Sign in to Portside as an admin and start again.' },
  code_missing: { title: 'HubSpot sent no connection', explanation: 'HubSpot came back without a connection or an error.', whatToDo: 'Start again from Portside options.' },
  exchange_failed: { title: 'HubSpot did not accept the connection', explanation: 'Portside could not turn HubSpot’s answer into a connection (it may have been used already or expired).', whatToDo: 'Start again from Portside options. If it keeps failing, send the diagnostics below to HubSpot support.' },
  token_info_failed: { title: 'Portside could not read the new connection', explanation: 'HubSpot connected, but would not tell Portside which account and user it belongs to, so it was not saved.', whatToDo: 'Try again in a minute. If it keeps failing, send the diagnostics below to HubSpot support.' },
  confirm_expired: { title: 'The confirmation expired', explanation: 'The switch to the other HubSpot account was not confirmed within 10 minutes and was discarded.', whatToDo: 'Connect again from Portside options if you still want to switch.' },
  hubspot_unavailable: { title: 'HubSpot could not be reached', explanation: 'HubSpot did not answer in time. Nothing was connected.', whatToDo: 'Try again in a few minutes.' },
};

export function outcomeText(code: InstallOutcomeCode): OutcomeText {
  return TEXT[code];
}

export const SUCCESS_OUTCOMES: ReadonlySet<InstallOutcomeCode> = new Set(['connected', 'reconnected', 'portal_changed']);
