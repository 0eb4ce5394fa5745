import { hubletOfApiBase, readAccountDetails } from '../../hubspot/account-details';
import { listContactAssociations } from '../../hubspot/associations';
import { readContact } from '../../hubspot/contact-read';
import { sampleContactId } from '../../hubspot/contact-sample';
import { describePermittedUsersAnswer, EDIT_KEY, isPermittedUsersPath, VIEW_KEY } from '../../hubspot/permitted-users-shape';
import { readPermittedUsers } from '../../hubspot/permitted-users';
import { failureDetail, failureMeaning, kindOf, row, type CheckRow } from './row';
import type { CheckWiring } from './setup';

/**
 * The record-side probes, each through the adapter function production uses: account details,
 * one contact (the panel's read), its record permissions (the access check's preferred source)
 * and its v4 associations (delivery's reconciliation). Returns the contact id it used, so the
 * write test can put its note on a contact known to exist.
 */

/** Enough to see paging work on a busy contact without reading all of it. */
const ASSOCIATIONS_MAX = 1000;

const OWNERSHIP = ['hubspot_owner_id', 'hubspot_team_id', 'hs_all_owner_ids', 'hs_all_team_ids', 'hs_all_accessible_team_ids', 'hs_shared_user_ids', 'hs_shared_team_ids'];

export async function accountRow(w: CheckWiring, portalId: string): Promise<CheckRow> {
  const r = await readAccountDetails(w.send);
  if (!r.ok) return row('account info', 'fail', failureDetail(r), failureMeaning(r));
  const d = r.data;
  const detail = `portal ${d.portalId}, data centre ${d.dataHostingLocation ?? '?'}, ui ${d.uiDomain ?? '?'}`;
  if (d.portalId !== portalId) return row('account info', 'fail', detail, `The token reaches portal ${d.portalId}, not the installed portal ${portalId}: reconnect the workspace.`);
  const hublet = hubletOfApiBase(w.app.apiBase);
  if (hublet && d.dataHostingLocation && hublet !== d.dataHostingLocation) {
    return row('account info', 'warn', detail, `The portal is hosted in ${d.dataHostingLocation} but HUBSPOT_API_BASE points at ${hublet}; HubSpot may refuse calls with a wrong-data-centre error.`);
  }
  return row('account info', 'ok', detail, 'The token reaches the installed portal.');
}

export async function contactRows(w: CheckWiring, portalId: string): Promise<{ rows: CheckRow[]; contactId: string | null }> {
  const sample = await sampleContactId(w.send);
  if (!sample.ok) return { rows: [row('contact read', 'fail', failureDetail(sample), failureMeaning(sample))], contactId: null };
  const contactId = sample.data;
  if (!contactId) {
    const skipped = 'The portal has no contacts; add one and run the check again.';
    return { rows: [row('contact read', 'warn', 'no contacts in the portal', skipped), row('permitted users', 'skip', '-', skipped), row('associations v4', 'skip', '-', skipped)], contactId: null };
  }
  const rows: CheckRow[] = [];
  const read = await readContact(w.send, contactId, OWNERSHIP);
  if (!read.ok) rows.push(row('contact read', 'fail', `contact ${contactId}: ${failureDetail(read)}`, failureMeaning(read)));
  else if (!read.data) rows.push(row('contact read', 'fail', `contact ${contactId}: not found`, 'HubSpot listed the contact but would not read it by id.'));
  else {
    const set = OWNERSHIP.filter((p) => read.data!.properties[p] != null).length;
    const answered = OWNERSHIP.filter((p) => p in read.data!.properties).length;
    rows.push(row('contact read', 'ok', `contact ${contactId}, ${answered}/${OWNERSHIP.length} ownership properties answered, ${set} set`, 'The panel can read contacts and their ownership.'));
  }
  rows.push(await permittedRow(w, portalId, contactId));
  rows.push(await associationsRow(w, contactId));
  return { rows, contactId };
}

async function permittedRow(w: CheckWiring, portalId: string, contactId: string): Promise<CheckRow> {
  const before = w.answers.length;
  const r = await readPermittedUsers(w.send, portalId, '0-1', [contactId]);
  if (!r.ok) {
    const kind = kindOf(r);
    if (kind === 'missing_scopes' || kind === 'forbidden' || kind === 'tier' || kind === 'not_found') {
      return row('permitted users', 'warn', failureDetail(r), 'Record permission API not available to this app: access is decided from ownership and the access levels admins set.');
    }
    return row('permitted users', 'fail', failureDetail(r), failureMeaning(r));
  }
  const answer = w.answers.slice(before).find((a) => isPermittedUsersPath(a.path));
  const shape = describePermittedUsersAnswer(answer?.response?.body);
  const counts = shape.actionKeys.map((k) => `${k}=${shape.userCounts[k]}`).join(' ');
  const detail = `contact ${contactId}, ${shape.resources} resource(s), keys ${counts || 'none'}${shape.errors ? `, ${shape.errors} error(s)` : ''}`;
  if (!r.data.has(contactId)) return row('permitted users', 'warn', detail, 'HubSpot answered without this contact: its verdicts fall back to ownership.');
  const hasView = shape.actionKeys.includes(VIEW_KEY);
  const hasEdit = shape.actionKeys.includes(EDIT_KEY);
  if (hasView && hasEdit) return row('permitted users', 'ok', detail, 'HubSpot says who may view and edit each record (BETA API; shape as Portside expects).');
  return row('permitted users', 'warn', detail, `The answer lacks ${[hasView ? null : VIEW_KEY, hasEdit ? null : EDIT_KEY].filter(Boolean).join(' and ')}: Portside treats the missing action as "nobody", so it denies it.`);
}

async function associationsRow(w: CheckWiring, contactId: string): Promise<CheckRow> {
  const r = await listContactAssociations(w.send, contactId, 'notes', ASSOCIATIONS_MAX);
  if (!r.ok) return row('associations v4', 'fail', `contact ${contactId}: ${failureDetail(r)}`, `Delivery cannot check which notes and tasks already exist after a crash: ${failureMeaning(r)}`);
  const n = r.data.value.length;
  return row('associations v4', 'ok', `contact ${contactId}: ${n >= ASSOCIATIONS_MAX ? `${ASSOCIATIONS_MAX}+` : n} note(s)`, 'Delivery can find notes it already wrote, so a retry never duplicates one.');
}
