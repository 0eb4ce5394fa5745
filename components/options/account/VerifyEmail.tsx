import { useState } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import type { MeResponse as Me } from '../../../lib/contract/api/accounts';
import { useAction } from '../useAction';
import { CodeStep } from './CodeStep';

/**
 * "Verify your email": invited and operator-made accounts start unverified (an invite code is
 * handed over by the admin, which proves nothing about the inbox). A verified email that equals
 * the linked HubSpot user's proves that link too.
 */
export function VerifyEmail({ send, me, onVerified }: { send: SendMessage; me: Me; onVerified(me: Me): void }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const request = useAction(send, 'session.requestEmailCode');
  const verify = useAction(send, 'session.verifyEmail');
  if (me.member.emailVerified) return <p className="ps-muted ps-small" data-testid="email-verified">Email verified.</p>;
  if (sentTo) {
    return (
      <CodeStep sentTo={sentTo} busy={verify.busy} error={verify.error} submitLabel="Verify email" testId="verify-email-code" onSubmit={async (code) => {
        const r = await verify.run({ code });
        if (r) onVerified(r);
      }} />
    );
  }
  return (
    <div data-testid="verify-email">
      <p className="ps-muted ps-small">Your email is not verified yet.</p>
      {request.error && <p role="alert" className="ps-error">{request.error}</p>}
      <button type="button" className="ps-secondary" disabled={request.busy} onClick={async () => {
        const r = await request.run({});
        if (r) setSentTo(r.sentTo);
      }} data-testid="verify-email-start">
        Verify your email
      </button>
    </div>
  );
}
