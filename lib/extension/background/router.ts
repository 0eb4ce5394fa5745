import type { z } from 'zod';
import { fail, type Result } from '../../contract/errors';
import { actions, MessageEnvelope, type ActionName, type ActionRequest, type ActionResponse, type SenderKind } from '../messages';
import { isHubSpotAppHost } from '../hubspot-url';

/** The parts of `runtime.MessageSender` the router trusts (all set by the browser, not the sender). */
export interface SenderFacts {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

export interface HandlerContext {
  sender: SenderKind;
  tabId?: number;
}

export type Handlers = {
  [A in ActionName]: (payload: ActionRequest<A>, ctx: HandlerContext) => Promise<Result<ActionResponse<A>>>;
};

export interface RouterLog {
  warn(event: string, fields: Record<string, unknown>): void;
}

/**
 * Decides what kind of sender this is from browser-provided facts only. Anything that is not
 * this extension's own page, or its content script in the top frame of a HubSpot app page, is
 * `null` and gets no answer at all.
 */
export function classifySender(sender: SenderFacts, extensionId: string, extensionBaseUrl: string): SenderKind | null {
  if (sender.id !== extensionId || !sender.url) return null;
  if (sender.url.startsWith(extensionBaseUrl)) return 'page';
  if (sender.tab?.id === undefined || sender.frameId !== 0) return null;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return null;
  }
  return url.protocol === 'https:' && isHubSpotAppHost(url.hostname) ? 'content' : null;
}

export function createRouter(
  handlers: Handlers,
  opts: { extensionId: string; extensionBaseUrl: string; log: RouterLog },
): (message: unknown, sender: SenderFacts) => Promise<Result<unknown>> | undefined {
  return (message, sender) => {
    const kind = classifySender(sender, opts.extensionId, opts.extensionBaseUrl);
    if (!kind) {
      opts.log.warn('message.dropped', { reason: 'sender', senderId: sender.id ?? null });
      return undefined;
    }
    const env = MessageEnvelope.safeParse(message);
    if (!env.success) {
      opts.log.warn('message.dropped', { reason: 'envelope', sender: kind });
      return Promise.resolve(fail('invalid_message', 'This message is not part of the Portside protocol.'));
    }
    const { action, payload } = env.data;
    const spec = actions[action];
    if (!(spec.from as readonly SenderKind[]).includes(kind)) {
      opts.log.warn('message.dropped', { reason: 'not_allowed', action, sender: kind });
      return Promise.resolve(fail('forbidden', 'This action is not available here.'));
    }
    const parsed = (spec.request as z.ZodType).safeParse(payload);
    if (!parsed.success) {
      opts.log.warn('message.dropped', { reason: 'payload', action, sender: kind });
      return Promise.resolve(fail('invalid_message', 'The request was malformed.'));
    }
    const handler = handlers[action] as (p: unknown, c: HandlerContext) => Promise<Result<unknown>>;
    const ctx: HandlerContext = sender.tab?.id === undefined ? { sender: kind } : { sender: kind, tabId: sender.tab.id };
    return handler(parsed.data, ctx).catch((err: unknown) => {
      // A handler bug must not take the background down or leak internals to a page.
      opts.log.warn('message.failed', { action, error: err instanceof Error ? err.name : 'unknown' });
      return fail('internal', 'Something went wrong in the extension. Try again.');
    });
  };
}
