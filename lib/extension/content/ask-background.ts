import type { ActionName, ActionRequest, actions, Reply } from '../messages';

/** Sends one protocol message (content script or page → background); the answer is checked by the caller. */
export type SendMessage = (message: unknown) => Promise<unknown>;

/** The actions a content script may send (the protocol table's `from` includes 'content'). */
export type ContentAction = { [A in ActionName]: 'content' extends (typeof actions)[A]['from'][number] ? A : never }[ActionName];

/**
 * `ask` for the panel, without zod in the content script's bundle. The answer comes from this
 * extension's own background, which built it from backend answers it already parsed with the
 * protocol's zod schemas (lib/extension/backend-client.ts) — the trust boundary runs the other way, and the
 * background parses every request it receives. Here only the reply's shape is checked, so a
 * broken or restarted background shows as an error state instead of a crash.
 */
export function askBackground<A extends ContentAction>(send: SendMessage, action: A, payload: ActionRequest<A>): Promise<Reply<A>> {
  return askShaped(send, action, payload);
}

/** Sends one protocol message and checks only the reply's shape (lib/extension/ask.ts adds the zod parse). */
export async function askShaped<A extends ActionName>(send: SendMessage, action: A, payload: ActionRequest<A>): Promise<Reply<A>> {
  let raw: unknown;
  try {
    raw = await send({ portside: 1, action, payload });
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The extension restarted. Reload the page to reconnect Portside.' } };
  }
  const reply = raw as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (reply && typeof reply === 'object') {
    if (reply.ok === true && 'data' in reply) return reply as Reply<A>;
    if (reply.ok === false && typeof reply.error?.code === 'string' && typeof reply.error.message === 'string') return reply as Reply<A>;
  }
  return UNEXPECTED;
}

export const UNEXPECTED = { ok: false, error: { code: 'internal', message: 'The extension gave an unexpected answer.' } } as const;
