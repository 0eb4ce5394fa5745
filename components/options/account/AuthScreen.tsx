import { useState } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import type { MeResponse as Me } from '../../../lib/contract/api/accounts';
import { SignInForm } from './SignInForm';
import { CreateWorkspaceForm } from './CreateWorkspaceForm';
import { AcceptInviteForm } from './AcceptInviteForm';

type Mode = 'sign-in' | 'invite' | 'create';
const LABELS: Record<Mode, string> = { 'sign-in': 'Sign in', invite: 'I have an invite', create: 'Create a workspace' };

/** Signed-out options page: sign in, join with an invite, or start a workspace. */
export function AuthScreen({ send, inviteCode, expired, onSignedIn }: { send: SendMessage; inviteCode: string; expired: boolean; onSignedIn(me: Me): void }) {
  const [mode, setMode] = useState<Mode>(inviteCode ? 'invite' : 'sign-in');
  return (
    <section className="ps-card" aria-labelledby="auth-title">
      <h2 id="auth-title">Your Portside account</h2>
      {expired && <p className="ps-notice ps-error" role="status">Your session has ended. Sign in again to keep working.</p>}
      <p className="ps-muted">Portside uses its own account, not a HubSpot login: your admin connects HubSpot once for everyone.</p>
      <div className="ps-segmented" role="group" aria-label="How do you want to start?">
        {(Object.keys(LABELS) as Mode[]).map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} className="ps-segment" onClick={() => setMode(m)} data-testid={`auth-mode-${m}`}>
            {LABELS[m]}
          </button>
        ))}
      </div>
      {mode === 'sign-in' && <SignInForm send={send} onSignedIn={onSignedIn} />}
      {mode === 'invite' && <AcceptInviteForm send={send} initialCode={inviteCode} onSignedIn={onSignedIn} />}
      {mode === 'create' && <CreateWorkspaceForm send={send} onSignedIn={onSignedIn} />}
    </section>
  );
}
