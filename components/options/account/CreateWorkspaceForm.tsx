import { useId, useState, type FormEvent } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import type { MeResponse as Me } from '../../../lib/contract/api/accounts';
import { PASSWORD_MIN } from '../../../lib/contract/api/accounts';
import { useAction } from '../useAction';
import { CodeStep } from './CodeStep';
import { StaySignedIn } from './StaySignedIn';

/**
 * The first account of a new workspace; its creator becomes the admin. Two steps: the server
 * mails a code to the address (proving it), and the code with the password creates the
 * workspace. The password stays in this form's memory between the steps, never in storage.
 */
export function CreateWorkspaceForm({ send, onSignedIn }: { send: SendMessage; onSignedIn(me: Me): void }) {
  const id = useId();
  const [v, setV] = useState({ workspaceName: '', displayName: '', email: '', password: '' });
  const [stay, setStay] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const start = useAction(send, 'session.createWorkspace');
  const verify = useAction(send, 'session.verifyWorkspace');
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const sent = await start.run({ workspaceName: v.workspaceName, email: v.email, displayName: v.displayName.trim() || undefined });
    if (sent) setSentTo(sent.sentTo);
  };
  const onCode = async (code: string) => {
    const me = await verify.run({ email: v.email, code, password: v.password, staySignedIn: stay });
    if (me) onSignedIn(me);
  };
  if (sentTo) {
    return <CodeStep sentTo={sentTo} busy={verify.busy} error={verify.error} submitLabel={verify.busy ? 'Creating…' : 'Create workspace'} onSubmit={onCode} onBack={() => setSentTo(null)} testId="create-workspace-code" />;
  }
  return (
    <form onSubmit={onSubmit} aria-label="Create a workspace" data-testid="create-workspace-form">
      <label htmlFor={`${id}-ws`}>Team or company name</label>
      <input id={`${id}-ws`} required maxLength={100} value={v.workspaceName} onChange={set('workspaceName')} />
      <label htmlFor={`${id}-name`}>Your name</label>
      <input id={`${id}-name`} autoComplete="name" maxLength={100} value={v.displayName} onChange={set('displayName')} />
      <label htmlFor={`${id}-email`}>Work email (the one you use in HubSpot)</label>
      <input id={`${id}-email`} type="email" autoComplete="username" required value={v.email} onChange={set('email')} />
      <label htmlFor={`${id}-password`}>Password</label>
      <input id={`${id}-password`} type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} value={v.password} onChange={set('password')} aria-describedby={`${id}-pw-hint`} />
      <p id={`${id}-pw-hint`} className="ps-hint">At least {PASSWORD_MIN} characters. Spaces and any characters are fine.</p>
      <StaySignedIn checked={stay} onChange={setStay} />
      {start.error && <p role="alert" className="ps-error">{start.error}</p>}
      <button type="submit" disabled={start.busy}>{start.busy ? 'Sending a code…' : 'Email me a code'}</button>
    </form>
  );
}
