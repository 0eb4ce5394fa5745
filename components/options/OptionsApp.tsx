import type { SendMessage } from '../../lib/ask';
import { BackendSettings } from './BackendSettings';

export interface OptionsAppProps {
  send: SendMessage;
  /** Asks the browser for host permission; must run inside the click that triggered it. */
  requestOrigin(pattern: string): Promise<boolean>;
}

export function OptionsApp(props: OptionsAppProps) {
  return (
    <main className="ps-options">
      <header className="ps-options-header">
        <h1>Portside</h1>
        <p className="ps-muted">Your team's panel on HubSpot contact records.</p>
      </header>
      <BackendSettings {...props} />
    </main>
  );
}
