import { useId, useState, type FormEvent } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import type { MeResponse as Me } from '../../../lib/contract/api/accounts';
import { PASSWORD_MIN } from '../../../lib/contract/api/accounts';
import { useAction } from '../useAction';
import { ProveLink } from '../identity/ProveLink';
import { VerifyEmail } from './VerifyEmail';

/** Who is signed in, sign out, and password change (which signs out every other session). */
export function AccountCard({ send, me: initial, onSignedOut }: { send: SendMessage; me: Me; onSignedOut(): void }) {
  const id = useId();
  const [me, setMe] = useState(initial);
  const signOut = useAction(send, 'session.signOut');
  const change = useAction(send, 'session.changePassword');
  const [pw, setPw] = useState({ currentPassword: '', newPassword: '' });
  const [changed, setChanged] = useState<string | null>(null);
  const onChange = async (e: FormEvent) => {
    e.preventDefault();
    const r = await change.run(pw);
    if (r) {
      setPw({ currentPassword: '', newPassword: '' });
      setChanged(r.otherSessionsRevoked > 0 ? `Password changed. ${r.otherSessionsRevoked} other session(s) were signed out.` : 'Password changed.');
    }
  };
  return (
    <section className="ps-card" aria-labelledby={`${id}-title`} data-testid="account-card">
      <h2 id={`${id}-title`}>Signed in</h2>
      <p data-testid="whoami">
        <strong>{me.member.displayName ?? me.member.email}</strong>
        {me.member.displayName ? ` (${me.member.email})` : ''} · {me.member.role === 'admin' ? 'Admin' : 'Member'} of{' '}
        <strong>{me.workspace.name}</strong>
      </p>
      <VerifyEmail send={send} me={me} onVerified={setMe} />
      <ProveLink key={String(me.member.emailVerified)} send={send} />
      <button type="button" onClick={async () => (await signOut.run({})) && onSignedOut()} disabled={signOut.busy} data-testid="sign-out">
        Sign out
      </button>
      <details className="ps-details">
        <summary>Change password</summary>
        <form onSubmit={onChange} aria-label="Change password">
          <label htmlFor={`${id}-cur`}>Current password</label>
          <input id={`${id}-cur`} type="password" autoComplete="current-password" required value={pw.currentPassword} onChange={(e) => setPw({ ...pw, currentPassword: e.target.value })} />
          <label htmlFor={`${id}-new`}>New password</label>
          <input id={`${id}-new`} type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} value={pw.newPassword} onChange={(e) => setPw({ ...pw, newPassword: e.target.value })} />
          {change.error && <p role="alert" className="ps-error">{change.error}</p>}
          {changed && <p role="status" className="ps-ok">{changed}</p>}
          <button type="submit" disabled={change.busy}>Change password</button>
        </form>
      </details>
    </section>
  );
}
