import { useState } from 'react';
import type { TicketView } from '../../../lib/contract/api/install';

/** What HubSpot support asks for, ready to copy. Portside never puts a secret in it. */
export function DiagnosticsBlock({ ticket }: { ticket: TicketView }) {
  const [copied, setCopied] = useState(false);
  const d = ticket.diagnostics;
  if (!d || !ticket.diagnosticsText) return null;
  return (
    <details className="ps-details" open={ticket.status === 'failed'} data-testid="install-diagnostics">
      <summary>Diagnostics for HubSpot support</summary>
      <dl className="ps-diag">
        <dt>Scopes requested</dt>
        <dd>{d.authorize.scopes.join(' ') || '—'}</dd>
        <dt>Optional scopes</dt>
        <dd>{d.authorize.optionalScopes.join(' ') || '—'}</dd>
        <dt>Hub id</dt>
        <dd data-testid="diag-hub-id">{d.hubId ?? '—'}</dd>
        <dt>Installing user</dt>
        <dd data-testid="diag-user">{d.installingUser ? `${d.installingUser.email ?? '?'} (id ${d.installingUser.id ?? '?'})` : '—'}</dd>
        {d.hubspotRedirectError && (
          <>
            <dt>HubSpot said</dt>
            <dd>
              {d.hubspotRedirectError.error}
              {d.hubspotRedirectError.description ? `: ${d.hubspotRedirectError.description}` : ''}
            </dd>
          </>
        )}
        {d.failedCall && (
          <>
            <dt>Failed call</dt>
            <dd>
              {d.failedCall.step} ({d.failedCall.httpStatus ?? 'no answer'}) {d.failedCall.correlationId ? `· correlation id ${d.failedCall.correlationId}` : ''}
            </dd>
          </>
        )}
      </dl>
      {/* The same facts as one text for a support ticket: folded, so the card does not say everything twice. */}
      <details className="ps-details">
        <summary>As plain text</summary>
        <pre className="ps-pre" data-testid="diagnostics-text">{ticket.diagnosticsText}</pre>
      </details>
      <button
        type="button"
        className="ps-secondary"
        onClick={async () => {
          await navigator.clipboard.writeText(ticket.diagnosticsText!);
          setCopied(true);
        }}
      >
        {copied ? 'Copied' : 'Copy diagnostics'}
      </button>
    </details>
  );
}
