import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { InstallService } from '../../services/install/service';
import { sendPlainPage, sendResultPage, securityHeaders } from './page';
import { sendStartPage } from './start-page';

/**
 * The browser-facing half of the install (plain tabs, no bearer token):
 * - `GET /install/start?ticket=…` shows whose workspace the portal would join and a button; it
 *   changes nothing, so HEAD, prefetches and link scanners cannot spend the ticket;
 * - `POST /install/start` (that button) spends the ticket and redirects to HubSpot's authorize page;
 * - `GET /install/callback` is HubSpot's redirect back. It exchanges nothing: the admin's own
 *   extension, which opened the tab and watches it, hands the code to the API with its session
 *   (routes/v1/install/complete-ticket.ts). A forwarded start link therefore ends here, with
 *   nothing connected, and the page says so.
 * The old browser-binding cookie is gone: a code is only exchanged for the signed-in admin who made
 * the ticket, which binds the install to that person's browser more tightly than a cookie did.
 * All send `Referrer-Policy: no-referrer`, so the ticket, code and state in these URLs are not
 * passed on. Query strings and bodies are never logged (see backend/logger.ts).
 */

const StartQuery = z.object({ ticket: z.string().max(200).optional() });
const StartForm = z.object({ ticket: z.string().max(200) });
const CallbackQuery = z.object({ state: z.string().max(200).optional() });
const FORM = 'application/x-www-form-urlencoded';

/**
 * The button's POST must come from our own page: `Sec-Fetch-Site: same-origin` where the browser
 * sends it (all current browsers, on https and localhost), else an `Origin` equal to ours. With
 * `Referrer-Policy: no-referrer` browsers send `Origin: null` on form posts, hence Sec-Fetch first.
 */
function fromOwnPage(req: FastifyRequest, publicOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  return req.headers.origin === publicOrigin;
}

export function installBrowserRoutes(app: FastifyInstance, service: InstallService, opts: { publicUrl: string }) {
  const publicOrigin = new URL(opts.publicUrl).origin;

  app.get('/install/start', async (req, reply) => {
    const q = StartQuery.safeParse(req.query);
    const ticket = q.success ? q.data.ticket : undefined;
    const view = await service.viewStart(ticket);
    if (!view.ok) return sendResultPage(reply, view.outcome, view.diagnostics, 400);
    return sendStartPage(reply, { ticket: ticket!, workspaceName: view.workspaceName, admin: view.admin, authorizeOrigin: service.authorizeOrigin });
  });

  void app.register(async (scope) => {
    scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    scope.post('/install/start', async (req, reply) => {
      const refused = (status: number, title: string, text: string) => sendPlainPage(reply, { kind: 'install-start-refused', title, paragraphs: [text, 'Nothing was connected.'] }, status);
      if (!String(req.headers['content-type'] ?? '').startsWith(FORM)) return refused(415, 'This is not the Portside start form', 'Use the "Continue to HubSpot" button on the start page.');
      if (!fromOwnPage(req, publicOrigin)) return refused(403, 'This button only works on its own page', 'Open the connect link again and use the button there.');
      const form = StartForm.safeParse(req.body);
      const result = await service.start(form.success ? form.data.ticket : undefined);
      if (!result.ok) return sendResultPage(reply, result.outcome, result.diagnostics, 400);
      return securityHeaders(reply).redirect(result.authorizeUrl, 303);
    });
  });

  app.get('/install/callback', async (req, reply) => {
    const q = CallbackQuery.safeParse(req.query);
    const notice = await service.callbackNotice(q.success ? q.data.state : undefined);
    if (!notice) {
      return sendPlainPage(reply, { kind: 'install-callback', title: 'Nothing was connected', paragraphs: ['Portside is not waiting for this HubSpot answer, so nothing was connected. You can close this tab.'] }, 400);
    }
    const who = notice.adminName ? `${notice.adminName} (${notice.adminEmail})` : notice.adminEmail;
    return sendPlainPage(
      reply,
      {
        kind: 'install-callback',
        title: 'Finishing in Portside',
        paragraphs: [
          `Finishing in the Portside extension of ${who}…`,
          'If you did not start this from your own Portside options page, nothing was connected and you can close this tab.',
        ],
        good: true,
      },
      200,
    );
  });
}
