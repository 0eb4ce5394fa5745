import type { ReactNode } from 'react';

interface Props {
  state: string;
  tone?: 'info' | 'error' | 'muted';
  action?: { label: string; onClick(): void };
  /** A quieter second choice, e.g. checking the server address when it cannot be reached. */
  secondary?: { label: string; onClick(): void; testId?: string };
  children: ReactNode;
}

/** A panel state that is a message plus, at most, one thing to do about it. */
export function Notice({ state, tone = 'info', action, secondary, children }: Props) {
  return (
    <div className={`ps-notice ps-notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid="portside-state" data-state={state}>
      <p>{children}</p>
      <div className="ps-actions">
        {action && (
          <button type="button" className="ps-button" onClick={action.onClick} data-testid="portside-action">
            {action.label}
          </button>
        )}
        {secondary && (
          <button type="button" className="ps-link" onClick={secondary.onClick} data-testid={secondary.testId}>
            {secondary.label}
          </button>
        )}
      </div>
    </div>
  );
}
