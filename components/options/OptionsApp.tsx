import { useCallback, useEffect, useState } from 'react';
import { ask, type SendMessage } from '../../lib/extension/ask';
import type { MeResponse as Me } from '../../lib/contract/api/accounts';
import { BackendSettings } from './BackendSettings';
import { AuthScreen } from './account/AuthScreen';
import { AccountCard } from './account/AccountCard';
import { MembersCard } from './members/MembersCard';
import { HubSpotCard } from './install/HubSpotCard';
import { IdentityCard } from './identity/IdentityCard';
import { EditablePropertiesCard } from './properties/EditablePropertiesCard';
import { AuditCard } from './audit/AuditCard';
import { PipelineAccessCard } from './pipelines/PipelineAccessCard';
import { ALL_TOPICS, createTopics, TopicsContext } from './topics';

export interface OptionsAppProps {
  send: SendMessage;
  /** Asks the browser for host permission; must run inside the click that triggered it. */
  requestOrigin(pattern: string): Promise<boolean>;
  /** An invite code from the page's `#invite=` link, if any. */
  inviteCode?: string;
  /** An install ticket from the page's `#install=` link (where the background sends a finished install tab). */
  installTicketId?: string;
  /** Subscribes to server address and session changes made anywhere in the extension; returns the unsubscribe. */
  watchSession?(onChange: () => void): () => void;
}

type Session = { kind: 'loading' } | { kind: 'signed_out'; expired: boolean } | { kind: 'signed_in'; me: Me } | { kind: 'error'; message: string };

/** How often an open options page picks up other people's changes by itself. */
const OTHERS_REFRESH_MS = 30_000;

export function OptionsApp(props: OptionsAppProps) {
  const { send } = props;
  const [session, setSession] = useState<Session>({ kind: 'loading' });
  const load = useCallback(async () => {
    const r = await ask(send, 'session.get', {});
    if (!r.ok) return setSession({ kind: 'error', message: r.error.message });
    setSession(r.data.signedIn ? { kind: 'signed_in', me: r.data.me } : { kind: 'signed_out', expired: r.data.reason === 'expired' });
  }, [send]);
  useEffect(() => void load(), [load]);
  // Other people change things too (a rep accepts an invite or verifies their email, another admin
  // connects HubSpot): coming back to this tab or window brings every card up to date, and so does
  // a slow refresh while the page is on screen.
  const [topics] = useState(createTopics);
  useEffect(() => {
    const refresh = () => topics.getState().announce(...ALL_TOPICS);
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', refresh);
    const timer = setInterval(() => document.visibilityState === 'visible' && refresh(), OTHERS_REFRESH_MS);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', refresh);
      clearInterval(timer);
    };
  }, [topics]);

  return (
    <main className="ps-options">
      <header className="ps-options-header">
        <h1>Portside</h1>
        <p className="ps-muted">Your team's panel on HubSpot contact, company, deal and ticket records.</p>
      </header>
      {session.kind === 'loading' && <p className="ps-muted" role="status">Loading…</p>}
      {session.kind === 'error' && (
        <section className="ps-card" role="alert">
          <p className="ps-error">{session.message}</p>
          <button type="button" onClick={() => void load()}>Try again</button>
        </section>
      )}
      {session.kind === 'signed_out' && (
        <AuthScreen send={send} inviteCode={props.inviteCode ?? ''} expired={session.expired} onSignedIn={(me) => setSession({ kind: 'signed_in', me })} />
      )}
      {session.kind === 'signed_in' && (
        <TopicsContext.Provider value={topics}>
          <AccountCard send={send} me={session.me} onSignedOut={() => setSession({ kind: 'signed_out', expired: false })} />
          <HubSpotCard send={send} isAdmin={session.me.member.role === 'admin'} ticketId={props.installTicketId} />
          {session.me.member.role === 'admin' && <MembersCard send={send} selfId={session.me.member.id} />}
          {session.me.member.role === 'admin' && <IdentityCard send={send} />}
          {session.me.member.role === 'admin' && <EditablePropertiesCard send={send} />}
          {session.me.member.role === 'admin' && <PipelineAccessCard send={send} />}
          {session.me.member.role === 'admin' && <AuditCard send={send} />}
        </TopicsContext.Provider>
      )}
      <BackendSettings {...props} onSaved={() => void load()} />
    </main>
  );
}
