import { useId, useState, type FormEvent } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import { useAction } from '../useAction';
import { InviteCode } from './InviteCode';

/** Invites a member; the code is shown once, to copy and pass on (no mail server needed). */
export function InviteForm({ send, onInvited }: { send: SendMessage; onInvited(): void }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'member' | 'admin'>('member');
  const invite = useAction(send, 'members.invite');
  const [code, setCode] = useState<{ email: string; code: string; expiresAt: string } | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await invite.run({ email, role });
    if (r) {
      setCode({ email: r.member.email, code: r.invite.code, expiresAt: r.invite.expiresAt });
      setEmail('');
      onInvited();
    }
  };
  return (
    <form onSubmit={onSubmit} aria-label="Invite a member" data-testid="invite-form">
      <div className="ps-row">
        <span className="ps-grow">
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </span>
        <span>
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as 'member' | 'admin')}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </span>
      </div>
      {invite.error && <p role="alert" className="ps-error">{invite.error}</p>}
      <button type="submit" disabled={invite.busy}>Invite</button>
      {code && <InviteCode send={send} {...code} />}
    </form>
  );
}
