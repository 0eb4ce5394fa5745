import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ask, type SendMessage } from '../../../lib/extension/ask';
import type { InstallStatusResponse, TicketView } from '../../../lib/contract/api/install';
import { useAction } from '../useAction';
import { TicketResult } from './TicketResult';
import { InstallHealthView } from './InstallHealthView';
import { ObjectsAvailable } from './ObjectsAvailable';
import { useAnnounce, useTopicVersion } from '../topics';

const POLL_MS = 1_500;
const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

/**
 * Connect the workspace's HubSpot portal once (admins), and see its health. The background opens
 * and watches the install tab (only it can finish the install, with the admin's session); this
 * card follows the ticket, including one named by the options URL (`#install=<ticketId>`), which
 * is where the background sends the install tab when HubSpot is done.
 */
export function HubSpotCard({ send, isAdmin, ticketId: initialTicketId }: { send: SendMessage; isAdmin: boolean; ticketId?: string | undefined }) {
  const id = useId();
  const [status, setStatus] = useState<InstallStatusResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [confirmDisconnect, setConfirmDisconnect] = useState(false);
  const create = useAction(send, 'install.begin');
  const confirm = useAction(send, 'install.confirm');
  const disconnect = useAction(send, 'install.disconnect');
  const poll = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The one ticket this card follows: "Try again" leaves an unanswered one behind, whose poll must not come back.
  const followed = useRef<string | null>(null);

  const reload = useCallback(async () => {
    const r = await ask(send, 'install.status', {});
    if (r.ok) setStatus(r.data);
    else setError(r.error.message);
  }, [send]);
  // Connecting, reconnecting or disconnecting changes the people, the properties and this card.
  const version = useTopicVersion('install');
  const announce = useAnnounce();
  useEffect(() => void reload(), [reload, version]);
  useEffect(
    () => () => {
      if (poll.current) clearTimeout(poll.current);
    },
    [],
  );

  const follow = useCallback(
    (ticketId: string, delay = POLL_MS) => {
      if (poll.current && followed.current !== ticketId) clearTimeout(poll.current);
      followed.current = ticketId;
      poll.current = setTimeout(async () => {
        const r = await ask(send, 'install.ticket', { ticketId });
        if (followed.current !== ticketId) return;
        if (!r.ok) return setError(r.error.message);
        setTicket(r.data);
        if (FINAL.has(r.data.status) || r.data.status === 'confirm_required') announce('install');
        if (!FINAL.has(r.data.status) && r.data.status !== 'confirm_required') follow(ticketId);
      }, delay);
    },
    [send, announce],
  );
  useEffect(() => {
    if (initialTicketId) follow(initialTicketId, 0);
  }, [initialTicketId, follow]);

  const connect = async (reconnect: boolean) => {
    if (poll.current) clearTimeout(poll.current);
    followed.current = null;
    setTicket(null);
    const t = await create.run({ reconnect });
    if (!t) return;
    setTicket({ ticketId: t.ticketId, status: 'pending', expiresAt: t.expiresAt, outcome: null, confirmation: null, diagnostics: null, installer: null, diagnosticsText: null });
    follow(t.ticketId);
  };

  const onConfirm = async (replace: boolean) => {
    if (!ticket) return;
    const r = await confirm.run({ ticketId: ticket.ticketId, replace });
    if (r) {
      setTicket(r);
      announce('install');
    }
  };

  const onDisconnect = async () => {
    const r = await disconnect.run({ force: false });
    setConfirmDisconnect(false);
    if (r) {
      setTicket(null);
      announce('install');
    }
  };

  const state = status?.state;
  return (
    <section className="ps-card" aria-labelledby={`${id}-title`} data-testid="hubspot-card">
      <h2 id={`${id}-title`}>HubSpot connection</h2>
      {error && <p role="alert" className="ps-error">{error}</p>}
      {!status && !error && <p className="ps-muted">Loading…</p>}
      {status && (
        <p className={state === 'needs_reconnect' ? 'ps-error' : state === 'connected' ? 'ps-ok' : ''} data-testid="install-state" data-state={state}>
          {status.message}
        </p>
      )}
      {status?.health && <InstallHealthView health={status.health} />}
      {status?.health && <ObjectsAvailable objects={status.health.objects} />}
      {isAdmin && status && (
        <div className="ps-button-row">
          {state === 'not_connected' && (
            <button type="button" onClick={() => void connect(false)} disabled={create.busy} data-testid="connect-hubspot">
              Connect HubSpot
            </button>
          )}
          {state === 'needs_reconnect' && (
            <button type="button" onClick={() => void connect(true)} disabled={create.busy} data-testid="reconnect-hubspot">
              Reconnect HubSpot
            </button>
          )}
          {state === 'connected' && status.health?.objects.some((o) => !o.write) && (
            <button type="button" onClick={() => void connect(true)} disabled={create.busy} data-testid="reconnect-add-objects">
              Reconnect HubSpot
            </button>
          )}
          {state === 'connected' && (
            <button type="button" className="ps-secondary" onClick={() => void connect(false)} disabled={create.busy} data-testid="reinstall-hubspot">
              Reinstall or change portal
            </button>
          )}
          {state !== 'not_connected' &&
            (confirmDisconnect ? (
              <span className="ps-confirm-inline">
                Disconnect? Reps lose Portside on this portal until an admin connects again.{' '}
                <button type="button" onClick={() => void onDisconnect()} disabled={disconnect.busy} data-testid="disconnect-confirm">Disconnect</button>{' '}
                <button type="button" className="ps-secondary" onClick={() => setConfirmDisconnect(false)}>Cancel</button>
              </span>
            ) : (
              <button type="button" className="ps-secondary" onClick={() => setConfirmDisconnect(true)} data-testid="disconnect-hubspot">
                Disconnect
              </button>
            ))}
        </div>
      )}
      {!isAdmin && state !== 'connected' && <p className="ps-muted">Only a Portside admin can connect HubSpot.</p>}
      {(create.error ?? confirm.error ?? disconnect.error) && <p role="alert" className="ps-error">{create.error ?? confirm.error ?? disconnect.error}</p>}
      {ticket && <TicketResult ticket={ticket} onConfirm={(r) => void onConfirm(r)} onRetry={() => void connect(state === 'needs_reconnect')} busy={confirm.busy || create.busy} />}
    </section>
  );
}
