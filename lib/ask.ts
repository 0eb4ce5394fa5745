import { actions, envelope, MessageFailure, type ActionName, type ActionRequest, type Reply } from './messages';

/** Sends one protocol message (content script or page → background) and validates the answer. */
export type SendMessage = (message: unknown) => Promise<unknown>;

export async function ask<A extends ActionName>(send: SendMessage, action: A, payload: ActionRequest<A>): Promise<Reply<A>> {
  let raw: unknown;
  try {
    raw = await send(envelope(action, payload));
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The extension restarted. Reload the page to reconnect Portside.' } };
  }
  if (raw && typeof raw === 'object' && (raw as { ok?: unknown }).ok === true) {
    const data = actions[action].response.safeParse((raw as { data?: unknown }).data);
    if (data.success) return { ok: true, data: data.data } as Reply<A>;
  }
  const failure = MessageFailure.safeParse(raw);
  if (failure.success) return failure.data;
  return { ok: false, error: { code: 'internal', message: 'The extension gave an unexpected answer.' } };
}
