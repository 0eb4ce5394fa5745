import { useEffect, useState } from 'react';
import { ask, type SendMessage } from '../../../lib/extension/ask';

/**
 * A one-time invite code, with exactly what the admin must send the rep: the server address the
 * rep's extension must use, the code, and where to paste them. Nothing is mailed: the admin passes
 * it on (which is also why accepting an invite does not prove the rep's email).
 */
export function InviteCode({ send, email, code, expiresAt }: { send: SendMessage; email: string; code: string; expiresAt: string }) {
  const [copied, setCopied] = useState(false);
  const [server, setServer] = useState<string | null>(null);
  useEffect(() => {
    void ask(send, 'settings.get', {}).then((r) => r.ok && setServer(r.data.backendUrl));
  }, [send]);
  const steps = [
    'Install the Portside extension and open its options (toolbar button → Open Portside options).',
    ...(server ? [`In the "Server" card, set "Portside server address" to ${server} and save.`] : []),
    'Choose "I have an invite", paste the code below and choose a password.',
  ];
  const message = `Join Portside (${email}):\n${steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}\nInvite code: ${code}`;
  const copy = async () => {
    await navigator.clipboard.writeText(message);
    setCopied(true);
  };
  return (
    <div className="ps-invite" role="status" data-testid="invite-code-box">
      <p>
        Invite for <strong>{email}</strong>, valid until {new Date(expiresAt).toLocaleString()}. It is shown only now. Send {email} this:
      </p>
      <ol className="ps-invite-steps" data-testid="invite-steps">
        {steps.map((s) => <li key={s}>{s}</li>)}
      </ol>
      <code data-testid="invite-code">{code}</code>
      <button type="button" className="ps-secondary" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy the message'}
      </button>
    </div>
  );
}
