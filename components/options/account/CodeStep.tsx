import { useId, useState, type FormEvent } from 'react';

/**
 * "We sent a code to <email>": one input for the 8-digit code. Spaces and dashes people paste
 * from a mail are dropped before sending.
 */
export function CodeStep({ sentTo, busy, error, submitLabel, onSubmit, onBack, testId }: {
  sentTo: string;
  busy: boolean;
  error: string | null;
  submitLabel: string;
  onSubmit(code: string): void;
  onBack?: () => void;
  testId: string;
}) {
  const id = useId();
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(code.replace(/[\s-]/g, ''));
  };
  return (
    <form onSubmit={submit} aria-label="Enter the code" data-testid={testId}>
      <p role="status" data-testid={`${testId}-sent`}>We sent a code to <strong>{sentTo}</strong>. It works once, for 15 minutes.</p>
      <label htmlFor={`${id}-code`}>Code from the email</label>
      <input id={`${id}-code`} inputMode="numeric" autoComplete="one-time-code" required pattern="[0-9 -]{8,12}" value={code} onChange={(e) => setCode(e.target.value)} />
      {error && <p role="alert" className="ps-error">{error}</p>}
      <button type="submit" disabled={busy}>{submitLabel}</button>
      {onBack && <button type="button" className="ps-link" onClick={onBack}>Use another email</button>}
    </form>
  );
}
