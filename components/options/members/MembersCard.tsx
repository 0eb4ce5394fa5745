import { useCallback, useEffect, useId, useState } from 'react';
import { ask, type SendMessage } from '../../../lib/extension/ask';
import type { MemberView } from '../../../lib/contract/api/accounts';
import { InviteForm } from './InviteForm';
import { MemberRow } from './MemberRow';
import { useAnnounce, useTopicVersion } from '../topics';

/** Admins: the workspace's members, invites, roles and disabling. */
export function MembersCard({ send, selfId }: { send: SendMessage; selfId: string }) {
  const id = useId();
  const [members, setMembers] = useState<MemberView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    const r = await ask(send, 'members.list', {});
    if (r.ok) setMembers(r.data.members);
    else setError(r.error.message);
  }, [send]);
  const version = useTopicVersion('members');
  const announce = useAnnounce();
  useEffect(() => void reload(), [reload, version]);

  return (
    <section className="ps-card" aria-labelledby={`${id}-title`} data-testid="members-card">
      <h2 id={`${id}-title`}>Members</h2>
      {error && <p role="alert" className="ps-error">{error}</p>}
      {!members && !error && <p className="ps-muted">Loading members…</p>}
      {members && (
        <table className="ps-table">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col"><span className="ps-sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <MemberRow key={m.id} send={send} member={m} isSelf={m.id === selfId} onChanged={() => announce('members')} />
            ))}
          </tbody>
        </table>
      )}
      <h3>Invite someone</h3>
      <InviteForm send={send} onInvited={() => announce('members')} />
    </section>
  );
}
