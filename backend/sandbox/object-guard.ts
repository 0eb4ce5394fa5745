import type { onRequestAsyncHookHandler } from 'fastify';
import type { SandboxContext } from './context.js';
import { apiGuard } from './guard.js';

/**
 * The API guard for routes whose object type is a path parameter (`/crm/v3/properties/{type}`,
 * `/crm/v3/pipelines/{type}`): the scopes checked depend on that parameter's value.
 */
export function guardByObjectParam(ctx: SandboxContext, scopesFor: (objectType: string) => readonly string[]): onRequestAsyncHookHandler {
  const guards = new Map<readonly string[], onRequestAsyncHookHandler>();
  return async function guard(request, reply) {
    const type = (request.params as { objectType?: string }).objectType ?? '';
    const scopes = scopesFor(type.toLowerCase());
    let g = guards.get(scopes);
    if (!g) guards.set(scopes, (g = apiGuard(ctx, scopes)));
    return g.call(this, request, reply);
  };
}
