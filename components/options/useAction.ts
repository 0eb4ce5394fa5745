import { useCallback, useState } from 'react';
import { ask, type SendMessage } from '../../lib/extension/ask';
import type { ActionName, ActionRequest, ActionResponse } from '../../lib/extension/messages';

export interface ActionState<A extends ActionName> {
  busy: boolean;
  error: string | null;
  run(payload: ActionRequest<A>): Promise<ActionResponse<A> | null>;
  clearError(): void;
}

/** One background action with its busy and error state, for forms and buttons. */
export function useAction<A extends ActionName>(send: SendMessage, action: A): ActionState<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (payload: ActionRequest<A>) => {
      setBusy(true);
      setError(null);
      try {
        const r = await ask(send, action, payload);
        if (r.ok) return r.data;
        setError(r.error.message);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [send, action],
  );
  return { busy, error, run, clearError: () => setError(null) };
}
