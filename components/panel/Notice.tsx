import type { ReactNode } from 'react';

interface Props {
  state: string;
  tone?: 'info' | 'error' | 'muted';
  action?: { label: string; onClick(): void };
  children: ReactNode;
}

/** A panel state that is a message plus, at most, one thing to do about it. */
export function Notice({ state, tone = 'info', action, children }: Props) {
  return (
    <div className={`ps-notice ps-notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid="portside-state" data-state={state}>
      <p>{children}</p>
      {action && (
        <button type="button" className="ps-button" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
