import { useState } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import type { MemberEntry, PortalUserEntry } from '../../../lib/contract/api/identity';
import { useAction } from '../useAction';
import { LevelsEditor } from './LevelsEditor';
import { ObjectLevelsEditor, type ObjectLevelsChange } from './ObjectLevelsEditor';
import { LinkEvidenceNote } from './LinkEvidenceNote';

interface Props {
  send: SendMessage;
  entry: MemberEntry;
  users: PortalUserEntry[];
  onChanged(e: MemberEntry): void;
}

/** One member: which HubSpot user they are (confirmed by an admin), and their mirrored levels. */
export function IdentityRow({ send, entry: e, users, onChanged }: Props) {
  const link = useAction(send, 'identity.link');
  const unlink = useAction(send, 'identity.unlink');
  const levels = useAction(send, 'identity.setLevels');
  const setObject = useAction(send, 'identity.setObjectLevels');
  const clearObject = useAction(send, 'identity.clearObjectLevels');
  const [pick, setPick] = useState('');
  const error = link.error ?? unlink.error ?? levels.error ?? setObject.error ?? clearObject.error;
  const done = (r: MemberEntry | null) => r && onChanged(r);
  const onObject = async ({ objectType, levels: l }: ObjectLevelsChange) =>
    done(l === null ? await clearObject.run({ memberId: e.memberId, objectType }) : await setObject.run({ memberId: e.memberId, objectType, levels: l }));
  const free = users.filter((u) => !u.linkedMemberId || u.linkedMemberId === e.memberId);

  return (
    <tr data-testid="identity-row" data-email={e.email}>
      <td>
        {e.email}
        {!e.emailVerified && <span className="ps-muted"> (email not verified yet)</span>}
      </td>
      <td>
        {e.link ? (
          <>
            <span data-testid="identity-link">
              {e.link.name ?? e.link.email} ({e.link.email}){e.link.superAdmin ? ' · Super Admin' : ''}
              {!e.link.active && <strong className="ps-error"> · deactivated in HubSpot</strong>}
            </span>{' '}
            <LinkEvidenceNote evidence={e.link.evidence} />{' '}
            <button type="button" className="ps-secondary" disabled={unlink.busy} onClick={async () => done(await unlink.run({ memberId: e.memberId }))}>
              Unlink
            </button>
          </>
        ) : e.proposal ? (
          <>
            <span>Matches {e.proposal.name ?? e.proposal.email} ({e.proposal.email}){e.proposal.evidence === 'unverified' ? ' · email not verified: the link would be unverified' : ''}</span>{' '}
            <button type="button" disabled={link.busy} onClick={async () => done(await link.run({ memberId: e.memberId, hubspotUserId: e.proposal!.userId }))} data-testid="identity-confirm">
              Confirm link
            </button>
          </>
        ) : (
          <span className="ps-row">
            <select aria-label={`HubSpot user for ${e.email}`} value={pick} onChange={(ev) => setPick(ev.target.value)}>
              <option value="">Choose a HubSpot user…</option>
              {free.map((u) => <option key={u.userId} value={u.userId}>{u.name ?? u.email} ({u.email})</option>)}
            </select>
            <button type="button" className="ps-secondary" disabled={!pick || link.busy} onClick={async () => done(await link.run({ memberId: e.memberId, hubspotUserId: pick }))}>
              Link
            </button>
          </span>
        )}
        {error && <p role="alert" className="ps-error">{error}</p>}
      </td>
      <td>
        <LevelsEditor email={e.email} levels={e.levels} disabled={levels.busy} onChange={async (l) => done(await levels.run({ memberId: e.memberId, levels: l }))} />
        {!e.levels && <p className="ps-muted ps-small">Not set: until you set them, only HubSpot's permission API decides.</p>}
        {e.link && <ObjectLevelsEditor entry={e} disabled={setObject.busy || clearObject.busy} onChange={(c) => void onObject(c)} />}
      </td>
    </tr>
  );
}
