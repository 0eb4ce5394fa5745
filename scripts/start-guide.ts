import type { Config } from '../backend/config';
import type { RunningServer } from '../backend/server';
import { SEED } from '../backend/sandbox/seed';

export interface DemoAdmin {
  email: string;
  password: string;
  workspace: string;
}

/** The printed guide: what runs where, and the first five minutes with Portside. */
export function printGuide(o: { server: RunningServer; config: Config; demo: DemoAdmin | null; logFile: string; outputDir: string }) {
  const { server, demo } = o;
  const acme = SEED.portals.acme;
  const webPort = server.sandbox?.webUrl ? new URL(server.sandbox.webUrl).port : null;
  const contact = (id: number) => `https://app.hubspot.com/contacts/${acme.portalId}/record/0-1/${id}`;
  const lines = [
    '',
    'Portside is running.',
    '',
    `  Backend          ${server.url.replace('127.0.0.1', 'localhost')}   (logs: ${o.logFile})`,
    server.sandbox
      ? `  HubSpot sandbox  ${server.sandbox.url} (API)${server.sandbox.webUrl ? `, ${server.sandbox.webUrl} (web pages, self-signed)` : ''}`
      : `  HubSpot          ${server.hubspot.apiBase}`,
    '',
    'Load the extension',
    `  Chrome:  chrome://extensions → Developer mode → "Load unpacked" → ${o.outputDir}/chrome-mv3`,
    `  Firefox: about:debugging#/runtime/this-firefox → "Load Temporary Add-on" → ${o.outputDir}/firefox-mv2/manifest.json`,
    '',
  ];
  if (server.sandbox && webPort) {
    lines.push(
      'Open the sandbox contact pages (they stand in for app.hubspot.com)',
      '  Chromium maps app.hubspot.com to the sandbox with flags, e.g.:',
      `    chromium --user-data-dir=/tmp/portside-demo --load-extension=${o.outputDir}/chrome-mv3 \\`,
      `      --host-resolver-rules="MAP app.hubspot.com 127.0.0.1:${webPort}" --ignore-certificate-errors \\`,
      `      ${contact(101)}`,
      `  Contacts: ${contact(101)} (owned by Oscar, an owned-only rep)`,
      `            ${contact(103)} (Tina's, team only) · ${contact(106)} (unassigned)`,
      `  Switch the HubSpot user a page shows with the "Viewing as" menu, or ?as=<userId>.`,
      '',
    );
  }
  if (demo) {
    lines.push(
      'Sign in (extension options page)',
      `  Admin: ${demo.email} / ${demo.password}   (workspace "${demo.workspace}"; saved in data/demo-admin.json)`,
      `  Then "Connect HubSpot", "Continue to HubSpot" in the tab that opens, and pick ${acme.users.superAdmin.firstName} ${acme.users.superAdmin.lastName}`,
      `  on the sandbox consent page (the extension finishes the connection in that tab);`,
      `  invite reps such as ${acme.users.ownedOnly.email} or ${acme.users.teamOnly.email} from the Members card.`,
      '',
    );
  }
  lines.push('Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n'));
}
