import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PortalState, PortalUser } from '../state.js';
import { html, raw, type SafeHtml } from './html.js';

/**
 * HubSpot-like page chrome shared by the sandbox's web pages: the dark top navigation, the
 * account menu with a user switcher, and a main region (`#main-content`) that client-side
 * navigation swaps. Links marked `data-spa-link` navigate with history.pushState, like
 * HubSpot's single-page app, so the extension's navigation handling can be exercised.
 */

export const USER_COOKIE = 'sandbox_user';
/** Header the SPA script sends to get only the main region of a page. */
export const FRAGMENT_HEADER = 'x-sandbox-fragment';

const STYLE = raw(`
*{box-sizing:border-box}body{margin:0;font-family:"Lexend Deca",Helvetica,Arial,sans-serif;color:#33475b;background:#f5f8fa}
a{color:#0091ae;text-decoration:none}a:hover{text-decoration:underline}
.nav{display:flex;align-items:center;gap:24px;height:56px;padding:0 20px;background:#2d3e50;color:#fff}
.nav .logo{font-weight:700;color:#ff7a59;font-size:20px}.nav a{color:#fff}.nav .spacer{flex:1}
.nav select{font:inherit}
.page{display:flex;gap:16px;padding:16px}.sidebar{width:320px;background:#fff;border:1px solid #cbd6e2;border-radius:4px;padding:16px}
.center{flex:1;background:#fff;border:1px solid #cbd6e2;border-radius:4px;padding:16px}
.prop{margin:0 0 12px}.prop dt{font-size:12px;color:#7c98b6}.prop dd{margin:2px 0 0}
.timeline li{list-style:none;border-bottom:1px solid #eaf0f6;padding:8px 0}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eaf0f6;padding:8px;text-align:left}
.empty-state{max-width:560px;margin:64px auto;text-align:center;background:#fff;border:1px solid #cbd6e2;padding:32px;border-radius:4px}
`);

const SPA_SCRIPT = raw(`
(function(){
  function load(url, push){
    fetch(url,{headers:{'${FRAGMENT_HEADER}':'1'},credentials:'same-origin'}).then(function(r){return r.text().then(function(t){return {r:r,t:t};});}).then(function(x){
      var main=document.getElementById('main-content');
      main.innerHTML=x.t;
      var title=x.r.headers.get('x-sandbox-title'); if(title){document.title=decodeURIComponent(title);}
      if(push){history.pushState({sandbox:true},'',url);}
    });
  }
  document.addEventListener('click',function(e){
    var a=e.target&&e.target.closest?e.target.closest('a[data-spa-link]'):null;
    if(!a||e.defaultPrevented||e.button!==0||e.metaKey||e.ctrlKey||e.shiftKey)return;
    e.preventDefault(); load(a.getAttribute('href'),true);
  });
  window.addEventListener('popstate',function(){load(location.pathname+location.search,false);});
})();
`);

export interface WebViewer {
  portal: PortalState;
  user: PortalUser;
}

/**
 * Who is "logged in": `?as=userId` (remembered in a cookie), else the cookie, else the portal's
 * first super admin. A user of another portal falls back the same way.
 */
export function resolveViewer(request: FastifyRequest, reply: FastifyReply, portal: PortalState): PortalUser | undefined {
  const query = request.query as Record<string, unknown>;
  const asParam = typeof query.as === 'string' && /^\d+$/.test(query.as) ? Number(query.as) : undefined;
  if (asParam !== undefined && portal.users.has(asParam)) {
    reply.header('set-cookie', `${USER_COOKIE}=${asParam}; Path=/; SameSite=Lax`);
    return portal.users.get(asParam);
  }
  const cookie = /(?:^|;\s*)sandbox_user=(\d+)/.exec(request.headers.cookie ?? '')?.[1];
  const fromCookie = cookie ? portal.users.get(Number(cookie)) : undefined;
  if (fromCookie) return fromCookie;
  return [...portal.users.values()].find((u) => u.superAdmin) ?? portal.users.values().next().value;
}

function userSwitcher(viewer: WebViewer): SafeHtml {
  const options = [...viewer.portal.users.values()].map(
    (u) => html`<option value="${u.userId}" ${u.userId === viewer.user.userId ? raw('selected') : ''}>${u.firstName} ${u.lastName}${u.active ? '' : ' (deactivated)'}</option>`,
  );
  return html`<form method="get" data-test-id="user-switcher" class="user-switcher">
    <label>Viewing as <select name="as" onchange="this.form.submit()">${options}</select></label>
    <noscript><button type="submit">Switch</button></noscript>
  </form>`;
}

export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: { title: string; viewer?: WebViewer; main: SafeHtml; status?: number },
): FastifyReply {
  reply.code(opts.status ?? 200).header('x-sandbox-title', encodeURIComponent(opts.title));
  if (request.headers[FRAGMENT_HEADER] === '1') return reply.type('text/html; charset=utf-8').send(opts.main.value);
  const v = opts.viewer;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${opts.title}</title><style>${STYLE}</style></head>
<body>
<header class="nav" data-test-id="navigation">
  <span class="logo">HubSpot</span>
  ${v ? html`<a href="/contacts/${v.portal.portalId}/objects/0-1/views/all/list" data-spa-link>Contacts</a>` : ''}
  ${v ? html`<a href="/contacts/${v.portal.portalId}/objects/0-2/views/all/list" data-spa-link>Companies</a><a href="/contacts/${v.portal.portalId}/objects/0-3/views/all/list" data-spa-link>Deals</a><a href="/contacts/${v.portal.portalId}/objects/0-5/views/all/list" data-spa-link>Tickets</a>` : ''}
  <span>Conversations</span><span>Marketing</span><span>Sales</span><span>Service</span><span>Reporting</span>
  <span class="spacer"></span>
  ${v ? html`<span data-test-id="account-menu" data-portal-id="${v.portal.portalId}" data-user-id="${v.user.userId}">${v.portal.name} · ${v.user.email}</span>${userSwitcher(v)}` : ''}
</header>
<main id="main-content">${opts.main}</main>
<script>${SPA_SCRIPT}</script>
</body></html>`;
  return reply.type('text/html; charset=utf-8').send(page.value);
}
