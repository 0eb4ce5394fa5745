import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import type { MeResponse as Me } from '../../../lib/contract/api/accounts';
import { OpaqueToken, PASSWORD_MIN } from '../../../lib/contract/api/accounts';
import { useAction } from '../useAction';
import { StaySignedIn } from './StaySignedIn';

/** Joins a workspace with the code an admin passed on; shows whose invite it is before asking for a password. */
export function AcceptInviteForm({ send, initialCode, onSignedIn }: { send: SendMessage; initialCode: string; onSignedIn(me: Me): void }) {
  const id = useId();
  const [code, setCode] = useState(initialCode);
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [stay, setStay] = useState(false);
  const inspect = useAction(send, 'session.inspectInvite');
  const accept = useAction(send, 'session.acceptInvite');
  const [info, setInfo] = useState<{ email: string; workspaceName: string } | null>(null);

  const inspectRun = inspect.run;
  useEffect(() => {
    setInfo(null);
    if (!OpaqueToken.safeParse(code.trim()).success) return;
    void inspectRun({ code: code.trim() }).then((r) => r && setInfo(r));
  }, [code, inspectRun]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const me = await accept.run({ code: code.trim(), password, displayName: displayName.trim() || undefined, staySignedIn: stay });
    if (me) onSignedIn(me);
  };
  return (
    <form onSubmit={onSubmit} aria-label="Join with an invite" data-testid="accept-invite-form">
      <label htmlFor={`${id}-code`}>Invite code</label>
      <input id={`${id}-code`} required spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} />
      {info && (
        <p className="ps-ok" data-testid="invite-info">
          Invite for {info.email} to join {info.workspaceName}.
        </p>
      )}
      {inspect.error && <p role="alert" className="ps-error">{inspect.error}</p>}
      <label htmlFor={`${id}-name`}>Your name</label>
      <input id={`${id}-name`} autoComplete="name" maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      <label htmlFor={`${id}-password`}>Choose a password</label>
      <input id={`${id}-password`} type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} value={password} onChange={(e) => setPassword(e.target.value)} />
      <StaySignedIn checked={stay} onChange={setStay} />
      {accept.error && <p role="alert" className="ps-error">{accept.error}</p>}
      <button type="submit" disabled={accept.busy || !info}>{accept.busy ? 'Joining…' : 'Join workspace'}</button>
    </form>
  );
}
