import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import type { MeResponse as Me } from '../../../lib/contract/api/accounts';
import { useAction } from '../useAction';
import { StaySignedIn } from './StaySignedIn';

export function SignInForm({ send, onSignedIn }: { send: SendMessage; onSignedIn(me: Me): void }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [stay, setStay] = useState(false);
  const signIn = useAction(send, 'session.signIn');
  // The submit button is disabled while signing in, which drops focus to the page; the error is where to pick up.
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (signIn.error) errorRef.current?.focus();
  }, [signIn.error]);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const me = await signIn.run({ email, password, staySignedIn: stay });
    if (me) onSignedIn(me);
  };
  return (
    <form onSubmit={onSubmit} aria-label="Sign in" data-testid="sign-in-form">
      <label htmlFor={`${id}-email`}>Work email</label>
      <input id={`${id}-email`} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor={`${id}-password`}>Password</label>
      <input id={`${id}-password`} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <StaySignedIn checked={stay} onChange={setStay} />
      {signIn.error && <p ref={errorRef} tabIndex={-1} role="alert" className="ps-error">{signIn.error}</p>}
      <button type="submit" disabled={signIn.busy}>{signIn.busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  );
}
