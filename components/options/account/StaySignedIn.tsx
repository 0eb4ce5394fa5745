import { useId } from 'react';

/** Off by default: the session then ends when the browser closes. */
export function StaySignedIn({ checked, onChange }: { checked: boolean; onChange(v: boolean): void }) {
  const id = useId();
  return (
    <div className="ps-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>Stay signed in on this browser for 30 days</label>
    </div>
  );
}
