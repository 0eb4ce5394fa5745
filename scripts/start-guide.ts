import type { Config } from '../backend/config';
import type { RunningServer } from '../backend/server';
import { SEED } from '../backend/sandbox/seed';
import type { DemoMember, DemoState } from './demo-state';

export interface DemoAdmin {
  email: string;
  password: string;
  workspace: string;
}

export interface GuideInput {
  server: Pick<RunningServer, 'url' | 'hubspot'> & { sandbox: { url: string; webUrl?: string | undefined; state?: string | undefined } | null };
  config: Pick<Config, 'DATA_DIR'>;
  demo: DemoAdmin | null;
  demoFile: string;
  /** The demo workspace as the database has it now; null before the demo admin exists. */
  state: DemoState | null;
  logFile: string;
  outputDir: string;
}

const acme = SEED.portals.acme;
const fullName = (u: { firstName: string; lastName: string }) => `${u.firstName} ${u.lastName}`;

function memberLine(m: DemoMember): string {
  const who = m.name ? `${m.name} <${m.email}>` : m.email;
  const status = m.status === 'active' ? (m.signedIn ? 'signed in' : 'not signed in') : m.status === 'invited' ? 'invited, not accepted yet' : 'disabled';
  const link = m.linkedTo ? `linked to HubSpot user ${m.linkedTo.name ?? m.linkedTo.email}` : 'not linked to a HubSpot user';
  return `    ${who}: ${m.role}, ${status}, ${link}`;
}

/** Where the demo stands and the one next thing to do, from the database rather than a fixed script. */
function demoLines(demo: DemoAdmin, demoFile: string, state: DemoState | null): string[] {
  const lines = [
    'Sign in (extension options page)',
    `  Admin: ${demo.email} / ${demo.password}   (workspace "${demo.workspace}"; saved in ${demoFile})`,
    '',
    'Where the demo stands',
  ];
  const install = state?.install ?? null;
  if (!install) {
    lines.push(`  HubSpot: not connected. Next: in options, "Connect HubSpot", then "Continue to HubSpot" in the tab that opens, and pick ${fullName(acme.users.superAdmin)} on the sandbox consent page (the extension finishes the connection in that tab).`);
  } else if (install.status === 'connected') {
    lines.push(`  HubSpot: connected to portal ${install.portalId}${install.hubDomain ? ` (${install.hubDomain})` : ''}.`);
  } else {
    lines.push(`  HubSpot: portal ${install.portalId} needs reconnecting. Next: in options, "Reconnect HubSpot" (the Connection card says why).`);
  }
  const members = state?.members ?? [];
  if (members.length) lines.push('  Members:', ...members.map(memberLine));
  if (install?.status === 'connected') {
    const reps = members.filter((m) => m.role === 'member');
    const unlinked = members.filter((m) => m.status === 'active' && !m.linkedTo);
    if (!reps.length) lines.push(`  Next: invite reps such as ${acme.users.ownedOnly.email} or ${acme.users.teamOnly.email} from the Members card.`);
    else if (unlinked.length) lines.push(`  Next: link ${unlinked.map((m) => m.email).join(', ')} to their HubSpot user (People in HubSpot card).`);
    else if (reps.every((m) => m.status === 'invited')) lines.push('  Next: the invited reps accept their invite in their own extension (a second browser profile is the easy way).');
    else lines.push('  Everything is set up: open a contact page below to see the panel.');
  }
  lines.push('');
  return lines;
}

/** The printed guide: what runs where, and the next steps with Portside. */
export function guideText(o: GuideInput): string {
  const { server, demo } = o;
  const webPort = server.sandbox?.webUrl ? new URL(server.sandbox.webUrl).port : null;
  const record = (type: string, id: number) => `https://app.hubspot.com/contacts/${acme.portalId}/record/${type}/${id}`;
  const contact = (id: number) => record('0-1', id);
  const kept = server.sandbox?.state === 'restored' ? ' (state kept from the last run; --fresh starts over)' : '';
  const lines = [
    '',
    'Portside is running.',
    '',
    `  Backend          ${server.url.replace('127.0.0.1', 'localhost')}   (logs: ${o.logFile})`,
    server.sandbox
      ? `  HubSpot sandbox  ${server.sandbox.url} (API)${server.sandbox.webUrl ? `, ${server.sandbox.webUrl} (web pages, self-signed)` : ''}${kept}`
      : `  HubSpot          ${server.hubspot.apiBase}`,
    '',
    'Load the extension',
    `  Chrome:  chrome://extensions → Developer mode → "Load unpacked" → ${o.outputDir}/chrome-mv3`,
    `  Firefox: about:debugging#/runtime/this-firefox → "Load Temporary Add-on" → ${o.outputDir}/firefox-mv2/manifest.json`,
    '',
  ];
  if (server.sandbox && webPort) {
    lines.push(
      'Open the sandbox record pages (they stand in for app.hubspot.com)',
      '  Chromium maps app.hubspot.com to the sandbox with flags, e.g.:',
      `    chromium --user-data-dir=/tmp/portside-demo --load-extension=${o.outputDir}/chrome-mv3 \\`,
      `      --host-resolver-rules="MAP app.hubspot.com 127.0.0.1:${webPort}" --ignore-certificate-errors \\`,
      `      ${contact(101)}`,
      `  Contacts: ${contact(101)} (owned by Oscar, an owned-only rep)`,
      `            ${contact(103)} (Tina's, team only) · ${contact(106)} (unassigned)`,
      `  Deals:    ${record('0-3', 22001)} (Oscar's) · ${record('0-3', 22002)} (Evan's)`,
      `  Company:  ${record('0-2', 21001)} · ticket ${record('0-5', 23001)} (Oscar has no ticket access)`,
      `  Switch the HubSpot user a page shows with the "Viewing as" menu, or ?as=<userId>.`,
      '',
    );
  }
  if (demo) lines.push(...demoLines(demo, o.demoFile, o.state));
  lines.push('Press Ctrl+C to stop.', '');
  return lines.join('\n');
}
