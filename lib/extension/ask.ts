import { actions, MessageFailure, type ActionName, type ActionRequest, type Reply } from './messages';
import { askShaped, UNEXPECTED, type SendMessage } from './content/ask-background';

// Defined beside askShaped (which the content script uses without this module's zod parse), so the
// two modules import one way only.
export type { SendMessage };

/** For extension pages: the reply is also parsed with the action's zod schema. */
export async function ask<A extends ActionName>(send: SendMessage, action: A, payload: ActionRequest<A>): Promise<Reply<A>> {
  const reply = await askShaped(send, action, payload);
  if (reply.ok) {
    const data = actions[action].response.safeParse(reply.data);
    return data.success ? ({ ok: true, data: data.data } as Reply<A>) : UNEXPECTED;
  }
  const failure = MessageFailure.safeParse(reply);
  return failure.success ? failure.data : UNEXPECTED;
}
