import { useState } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import type { MemberView } from '../../../lib/contract/api/accounts';
import { useAction } from '../useAction';
import { InviteCode } from './InviteCode';

const STATUS: Record<MemberView['status'], string> = { invited: 'Invited', active: 'Active', disabled: 'Disabled' };

export function MemberRow({ send, member: m, isSelf, onChanged }: { send: SendMessage; member: MemberView; isSelf: boolean; onChanged(): void }) {
  const role = useAction(send, 'members.setRole');
  const status = useAction(send, 'members.setStatus');
  const reset = useAction(send, 'members.resetAccess');
  const [code, setCode] = useState<{ email: string; code: string; expiresAt: string } | null>(null);
  const error = role.error ?? status.error ?? reset.error;
  const name = m.displayName ? `${m.displayName} (${m.email})` : m.email;
  return (
    <tr data-testid="member-row" data-email={m.email}>
      <td>
        {name}
        {isSelf && <span className="ps-muted"> · you</span>}
        {error && <p role="alert" className="ps-error">{error}</p>}
        {code && <InviteCode send={send} {...code} />}
      </td>
      <td>
        <select
          aria-label={`Role of ${m.email}`}
          value={m.role}
          disabled={role.busy}
          onChange={async (e) => (await role.run({ memberId: m.id, role: e.target.value as MemberView['role'] })) && onChanged()}
        >
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </td>
      <td>{STATUS[m.status]}</td>
      <td>
        <div className="ps-actions-cell">
        {m.status === 'disabled' ? (
          <button type="button" className="ps-secondary" onClick={async () => (await status.run({ memberId: m.id, action: 'enable' })) && onChanged()}>
            Enable
          </button>
        ) : (
          !isSelf && (
            <button type="button" className="ps-secondary" onClick={async () => (await status.run({ memberId: m.id, action: 'disable' })) && onChanged()}>
              Disable
            </button>
          )
        )}
        {!isSelf && (
          <button
            type="button"
            className="ps-secondary"
            onClick={async () => {
              const r = await reset.run({ memberId: m.id });
              if (r) {
                setCode({ email: r.member.email, code: r.invite.code, expiresAt: r.invite.expiresAt });
                onChanged();
              }
            }}
          >
            Reset access
          </button>
        )}
        </div>
      </td>
    </tr>
  );
}
