import type { z } from 'zod';
import { ok, type Result } from '../../contract/errors';
import type { BackendClient } from '../backend-client';
import { actions, ACTION_NAMES, type ActionName, type ActionRequest, type ActionResponse, type HttpActionName, type HttpRoute } from '../messages';
import type { HandlerContext, Handlers } from './router';
import { trace } from './trace';

/**
 * The handlers of every action declared with a backend route in lib/extension/messages.ts: forward the
 * payload the router has already checked (sender kind, request schema) to that route with the
 * session's client, and answer what the backend said. The client carries the token only to the
 * server that issued it, aborts when the server address changes, turns network failures and
 * backend error bodies into error values with their codes, and parses the answer with the route's
 * schema; a thrown bug is caught by the router. Actions that do more than forward (session, drafts,
 * settings, panel load, a write's viewer check) stay hand-written in handlers.ts.
 */
export function httpHandlers(client: () => Promise<BackendClient>): Pick<Handlers, HttpActionName> {
  const names = ACTION_NAMES.filter((a): a is HttpActionName => 'http' in actions[a]);
  return Object.fromEntries(names.map((name) => [name, forward(name, client)])) as Pick<Handlers, HttpActionName>;
}

function forward<A extends ActionName>(action: A, client: () => Promise<BackendClient>) {
  const spec = actions[action] as unknown as { response: z.ZodType; http: HttpRoute<ActionRequest<A>, ActionResponse<A>, z.ZodType> };
  const { http } = spec;
  return async (payload: ActionRequest<A>, ctx: HandlerContext): Promise<Result<ActionResponse<A>>> => {
    trace(`${action}.start`, { tabId: ctx.tabId });
    const c = await client();
    const r = await c.request(http.path(payload), {
      method: http.method,
      ...(http.body ? { body: http.body(payload) } : {}),
      ...(http.auth === false ? { auth: false } : {}),
      schema: http.answer ?? spec.response,
    });
    trace(`${action}.end`, { tabId: ctx.tabId });
    if (!r.ok) return r;
    return ok((http.pick ? http.pick(r.data) : r.data) as ActionResponse<A>);
  };
}
