import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Diagnostics, InstallOutcomeCode } from '../../../lib/contract/api/install';
import { diagnosticsText } from '../../services/install/diagnostics';
import { outcomeText, SUCCESS_OUTCOMES } from '../../services/install/messages';

/**
 * The server-rendered result page of the browser-facing install routes. Every value is
 * HTML-escaped; the only script is the copy button's, allowed by a per-response nonce under a
 * CSP that forbids everything else (no external loads, no forms, no framing). The page never
 * contains a code, state or token: only the outcome and the diagnostics facts.
 */

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * `formTargets`: where a form on the page may submit, redirects included (Chrome applies
 * form-action to the redirect after a POST, so the start page lists HubSpot's authorize origin).
 */
export function securityHeaders(reply: FastifyReply, opts: { styleNonce?: string; scriptNonce?: string; formTargets?: string[] } = {}): FastifyReply {
  const formTargets = opts.formTargets ?? [];
  const csp = [
    "default-src 'none'",
    opts.styleNonce ? `style-src 'nonce-${opts.styleNonce}'` : "style-src 'none'",
    opts.scriptNonce ? `script-src 'nonce-${opts.scriptNonce}'` : "script-src 'none'",
    "img-src 'none'",
    "base-uri 'none'",
    formTargets.length ? `form-action ${formTargets.join(' ')}` : "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return reply
    .header('content-security-policy', csp)
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin');
}

export const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
h1{font-size:1.4rem}.ok h1{color:#166534}.bad h1{color:#991b1b}.todo{background:#f3f4f6;padding:.75rem 1rem;border-radius:6px}
pre{white-space:pre-wrap;word-break:break-word;background:#111827;color:#e5e7eb;padding:1rem;border-radius:6px;font-size:13px}
button{font:inherit;padding:.4rem .9rem;cursor:pointer}.who{background:#f3f4f6;padding:.75rem 1rem;border-radius:6px}`;

/** A page of plain paragraphs (no script): the start page's refusals and the callback notice. */
export function sendPlainPage(reply: FastifyReply, page: { title: string; paragraphs: string[]; kind: string; good?: boolean }, status: number): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${esc(page.title)} · Portside</title><style nonce="${nonce}">${STYLE}</style></head>
<body class="${page.good ? 'ok' : 'bad'}" data-page="${esc(page.kind)}">
<h1>${esc(page.title)}</h1>
${page.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</body></html>`;
  return securityHeaders(reply, { styleNonce: nonce }).status(status).type('text/html; charset=utf-8').send(body);
}

const SCRIPT = `document.getElementById('copy').addEventListener('click',function(){var t=document.getElementById('diagnostics').textContent;navigator.clipboard.writeText(t).then(function(){document.getElementById('copied').hidden=false;});});`;

export function sendResultPage(reply: FastifyReply, outcome: InstallOutcomeCode, diagnostics: Diagnostics, status: number): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const text = outcomeText(outcome);
  const good = SUCCESS_OUTCOMES.has(outcome) || outcome === 'confirm_required';
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${esc(text.title)} · Portside</title><style nonce="${nonce}">${STYLE}</style></head>
<body class="${good ? 'ok' : 'bad'}" data-outcome="${esc(outcome)}">
<h1>${esc(text.title)}</h1>
<p>${esc(text.explanation)}</p>
${text.whatToDo ? `<p class="todo" data-test-id="what-to-do">${esc(text.whatToDo)}</p>` : ''}
<p>You can close this tab; Portside options shows the result too.</p>
<h2>Diagnostics</h2>
<p>If you contact HubSpot support or your Portside admin, send them this. It contains nothing secret.</p>
<button id="copy" type="button">Copy diagnostics</button> <span id="copied" hidden>Copied.</span>
<pre id="diagnostics" data-test-id="diagnostics">${esc(diagnosticsText(diagnostics))}</pre>
<script nonce="${nonce}">${SCRIPT}</script>
</body></html>`;
  return securityHeaders(reply, { styleNonce: nonce, scriptNonce: nonce }).status(status).type('text/html; charset=utf-8').send(body);
}
