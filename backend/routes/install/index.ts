import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { InstallService } from '../../services/install/service';
import { sendResultPage, securityHeaders } from './page';

/**
 * The browser-facing half of the install (plain tabs, no bearer token):
 * - `GET /install/start?ticket=…` claims the one-time ticket, sets the browser-binding cookie
 *   and redirects to HubSpot's authorize page;
 * - `GET /install/callback` is HubSpot's redirect back; it shows the result page.
 * Both send `Referrer-Policy: no-referrer`, so the ticket, code and state in these URLs are not
 * passed on to the next site. Query strings are never logged (see backend/logger.ts), and these
 * handlers log only ids and outcomes.
 */

export const BROWSER_COOKIE = 'portside_install';
const NOT_OURS = new Set(['state_missing', 'state_unknown', 'state_used', 'state_mismatch']);

const StartQuery = z.object({ ticket: z.string().max(200).optional() });
const CallbackQuery = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function installBrowserRoutes(app: FastifyInstance, service: InstallService, opts: { publicUrl: string }) {
  const secure = opts.publicUrl.startsWith('https:') ? '; Secure' : '';
  const cookie = (value: string, maxAge: number) => `${BROWSER_COOKIE}=${value}; Path=/install; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;

  app.get('/install/start', async (req, reply) => {
    const q = StartQuery.safeParse(req.query);
    const result = await service.start(q.success ? q.data.ticket : undefined);
    if (!result.ok) return sendResultPage(reply, result.outcome, result.diagnostics, 400);
    securityHeaders(reply).header('set-cookie', cookie(result.browserNonce, Math.ceil(service.ticketTtlMs / 1000)));
    return reply.redirect(result.authorizeUrl, 302);
  });

  app.get('/install/callback', async (req, reply) => {
    const q = CallbackQuery.safeParse(req.query);
    const query = q.success ? q.data : {};
    const result = await service.callback({ ...query, browserNonce: readCookie(req.headers.cookie, BROWSER_COOKIE) });
    // Once the state is spent the nonce has done its job. A forged or stale callback leaves it
    // alone, so it cannot break an install the admin is in the middle of.
    if (!NOT_OURS.has(result.outcome)) reply.header('set-cookie', cookie('', 0));
    const good = result.outcome === 'connected' || result.outcome === 'reconnected' || result.outcome === 'confirm_required';
    return sendResultPage(reply, result.outcome, result.diagnostics, good ? 200 : 400);
  });
}
