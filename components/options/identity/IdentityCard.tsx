import { useCallback, useEffect, useId, useState } from 'react';
import { ask, type SendMessage } from '../../../lib/extension/ask';
import type { MembersAnswer } from '../../../lib/contract/api/identity';
import { useAction } from '../useAction';
import { IdentityRow } from './IdentityRow';
import { useAnnounce, useTopicVersion } from '../topics';
import { CardProblem, type Problem } from '../CardProblem';

/** Admins: link each member to their HubSpot user, and mirror their HubSpot permissions per object. */
export function IdentityCard({ send }: { send: SendMessage }) {
  const id = useId();
  const [data, setData] = useState<MembersAnswer | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const sync = useAction(send, 'identity.sync');
  const reload = useCallback(async () => {
    const r = await ask(send, 'identity.members', {});
    if (r.ok) {
      setData(r.data);
      setError(null);
    } else {
      setData(null);
      setError(r.error);
    }
  }, [send]);
  // A new or disabled member, a connected portal and a changed link all change this table.
  const version = useTopicVersion('install', 'members', 'identity');
  const announce = useAnnounce();
  useEffect(() => void reload(), [reload, version]);

  return (
    <section className="ps-card" aria-labelledby={`${id}-title`} data-testid="identity-card">
      <h2 id={`${id}-title`}>People in HubSpot</h2>
      <p className="ps-muted">
        Portside checks each rep's own HubSpot access before every read and write. Link each member to their HubSpot user; a match by
        verified email is proposed, never applied without you. Permission levels mirror HubSpot's and are used only when HubSpot's
        permission API is not available.
      </p>
      <CardProblem problem={error} notConnected="Connect HubSpot above; then the portal's users appear here to link with your members." />
      {data && (
        <>
          <div className="ps-button-row">
            <span className="ps-muted ps-small">Portal {data.portalId} · users synced {data.directorySyncedAt ? new Date(data.directorySyncedAt).toLocaleString() : 'never'}</span>
            <button type="button" className="ps-secondary" disabled={sync.busy} onClick={async () => (await sync.run({})) && announce('identity')}>
              {sync.busy ? 'Syncing…' : 'Sync with HubSpot now'}
            </button>
          </div>
          {sync.error && <p role="alert" className="ps-error">{sync.error}</p>}
          <table className="ps-table ps-identity-table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">HubSpot user</th>
                <th scope="col">HubSpot permissions (contacts; companies, deals, tickets)</th>
              </tr>
            </thead>
            <tbody>
              {data.members.map((m) => (
                <IdentityRow key={m.memberId} send={send} entry={m} users={data.hubspotUsers} onChanged={() => announce('identity')} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
