import { useCallback, useEffect, useState } from 'react';
import { ask, type SendMessage } from '../../lib/extension/ask';
import type { MeResponse as Me } from '../../lib/contract/api/accounts';
import type { InstallStatusResponse } from '../../lib/contract/api/install';

type View =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; server: string | null }
  | { kind: 'signed_out'; expired: boolean; server: string | null }
  | { kind: 'signed_in'; me: Me; install: InstallStatusResponse | null; installError: string | null; server: string | null };

/**
 * What the toolbar button shows: who is signed in, to which server, and whether the workspace's
 * HubSpot portal is connected, with the way to the options page where everything else happens.
 */
export function Popup({ send, openOptions, watchSession }: {
  send: SendMessage;
  openOptions(): void;
  /** Subscribes to session and server address changes made anywhere in the extension; returns the unsubscribe. */
  watchSession?(onChange: () => void): () => void;
}) {
  const [view, setView] = useState<View>({ kind: 'loading' });

  const load = useCallback(async () => {
    const settings = await ask(send, 'settings.get', {});
    const server = settings.ok ? settings.data.backendUrl : null;
    const session = await ask(send, 'session.get', {});
    if (!session.ok) return setView({ kind: 'error', message: session.error.message, server });
    if (!session.data.signedIn) return setView({ kind: 'signed_out', expired: session.data.reason === 'expired', server });
    const install = await ask(send, 'install.status', {});
    setView({
      kind: 'signed_in',
      me: session.data.me,
      install: install.ok ? install.data : null,
      installError: install.ok ? null : install.error.message,
      server,
    });
  }, [send]);
  useEffect(() => void load(), [load]);
  // Signed in or out on the options page while the popup is open: show who is signed in now.
  useEffect(() => watchSession?.(() => void load()), [watchSession, load]);

  return (
    <main className="ps-popup" aria-labelledby="ps-popup-title">
      <h1 id="ps-popup-title">Portside</h1>
      {view.kind === 'loading' && <p role="status" className="ps-popup-muted">Loading…</p>}
      {view.kind === 'error' && (
        <div role="alert">
          <p className="ps-popup-error">{view.message}</p>
          <button type="button" className="ps-popup-secondary" onClick={() => void load()}>Try again</button>
        </div>
      )}
      {view.kind === 'signed_out' && (
        <p data-testid="popup-session">{view.expired ? 'Your session expired. Open Portside options to sign in again.' : 'Not signed in. Open Portside options to sign in and see the panel on HubSpot records.'}</p>
      )}
      {view.kind === 'signed_in' && <SignedIn me={view.me} install={view.install} installError={view.installError} />}
      {view.kind !== 'loading' && view.server && (
        <p className="ps-popup-muted" data-testid="popup-server">Server: {view.server}</p>
      )}
      <button type="button" className="ps-popup-primary" onClick={openOptions}>Open Portside options</button>
    </main>
  );
}

function SignedIn({ me, install, installError }: { me: Me; install: InstallStatusResponse | null; installError: string | null }) {
  const name = me.member.displayName ?? me.member.email;
  return (
    <>
      <p data-testid="popup-session">
        Signed in as <strong>{name}</strong>
        {me.member.displayName && <span className="ps-popup-muted"> ({me.member.email})</span>}
        <br />
        {me.member.role === 'admin' ? 'Admin' : 'Member'} of {me.workspace.name}
      </p>
      <p data-testid="popup-connection" data-state={install?.state ?? 'unknown'}>
        <span className="ps-popup-label">HubSpot: </span>
        {install ? install.message : `Connection state unavailable: ${installError ?? 'unknown error'}`}
        {install?.state === 'not_connected' && (me.member.role === 'admin' ? ' Connect it in Portside options.' : ' A Portside admin connects it in Portside options.')}
      </p>
    </>
  );
}
