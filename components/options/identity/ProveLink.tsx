import { useCallback, useEffect, useState } from 'react';
import { ask, type SendMessage } from '../../../lib/extension/ask';
import type { MeAnswer } from '../../../lib/contract/api/identity';
import { CodeStep } from '../account/CodeStep';
import { useAction } from '../useAction';
import { LinkEvidenceNote } from './LinkEvidenceNote';

/**
 * The rep's own HubSpot link in the Account card. An unverified link (set by an admin without
 * proof) can be proven here: a code goes to the HubSpot user's address and is entered below.
 */
export function ProveLink({ send }: { send: SendMessage }) {
  const [me, setMe] = useState<MeAnswer | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const request = useAction(send, 'identity.requestLinkProof');
  const verify = useAction(send, 'identity.verifyLinkProof');
  const load = useCallback(async () => {
    const r = await ask(send, 'identity.me', {});
    if (r.ok) setMe(r.data);
  }, [send]);
  useEffect(() => void load(), [load]);

  const user = me?.hubspotUser;
  if (!user) return null;
  return (
    <div data-testid="prove-link">
      <p>
        HubSpot user: <strong>{user.name ?? user.email}</strong> ({user.email}) <LinkEvidenceNote evidence={user.evidence} />
      </p>
      {user.evidence === 'unverified' && !sentTo && (
        <>
          <p className="ps-muted ps-small">Your admin linked you without proof. Prove it with a code sent to {user.email}.</p>
          {request.error && <p role="alert" className="ps-error">{request.error}</p>}
          <button type="button" className="ps-secondary" disabled={request.busy} onClick={async () => {
            const r = await request.run({});
            if (r) setSentTo(r.sentTo);
          }} data-testid="prove-link-start">
            Email a code to my HubSpot address
          </button>
        </>
      )}
      {user.evidence === 'unverified' && sentTo && (
        <CodeStep sentTo={sentTo} busy={verify.busy} error={verify.error} submitLabel="Verify my HubSpot link" testId="prove-link-code" onSubmit={async (code) => {
          const r = await verify.run({ code });
          if (r) {
            setMe(r);
            setSentTo(null);
          }
        }} />
      )}
    </div>
  );
}
