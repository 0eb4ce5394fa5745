import { useState } from 'react';

/** A one-time invite code with a copy button and the link that opens this page with it filled in. */
export function InviteCode({ email, code, expiresAt }: { email: string; code: string; expiresAt: string }) {
  const [copied, setCopied] = useState(false);
  const link = `${location.origin}${location.pathname}#invite=${code}`;
  const copy = async () => {
    await navigator.clipboard.writeText(`Join Portside: open the Portside extension's options, choose "I have an invite" and paste this code:\n${code}\n(or open ${link})`);
    setCopied(true);
  };
  return (
    <div className="ps-invite" role="status" data-testid="invite-code-box">
      <p>
        Invite for <strong>{email}</strong>, valid until {new Date(expiresAt).toLocaleString()}. It is shown only now:
      </p>
      <code data-testid="invite-code">{code}</code>
      <button type="button" className="ps-secondary" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy invite'}
      </button>
    </div>
  );
}
