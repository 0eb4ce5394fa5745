import { z } from 'zod';
import { ErrorCode } from '../contract/errors';
import { accountActions } from './protocol/account';
import { adminActions } from './protocol/admin';
import { panelActions } from './protocol/panel';

export { SessionState } from './protocol/account';
export { recordPath, type RecordRef } from './protocol/panel';
export type { HttpRoute, SenderKind } from './protocol/route';

/**
 * The one message protocol between extension contexts: one table of named actions, each with a
 * request and response schema and the senders that may use it (lib/extension/protocol/route.ts
 * says why content scripts get only a few). The entries live by area in lib/extension/protocol/
 * (panel, account, admin); this file joins them and defines the envelope.
 */
export const actions = { ...panelActions, ...accountActions, ...adminActions };

export type ActionName = keyof typeof actions;
export type ActionRequest<A extends ActionName> = z.infer<(typeof actions)[A]['request']>;
export type ActionResponse<A extends ActionName> = z.infer<(typeof actions)[A]['response']>;

export const ACTION_NAMES = Object.keys(actions) as ActionName[];

/** The actions the background only forwards to their backend route (lib/extension/background/http-action.ts). */
export type HttpActionName = { [A in ActionName]: (typeof actions)[A] extends { http: object } ? A : never }[ActionName];

/** The envelope on the wire. `v` lets a future protocol change be refused instead of misread. */
export const MessageEnvelope = z
  .object({
    portside: z.literal(1),
    action: z.enum(ACTION_NAMES as [ActionName, ...ActionName[]]),
    payload: z.unknown(),
  })
  .strict();
export type MessageEnvelope = z.infer<typeof MessageEnvelope>;

export const MessageFailure = z.object({
  ok: z.literal(false),
  error: z.object({ code: ErrorCode, message: z.string(), details: z.unknown().optional() }),
});

export type Reply<A extends ActionName> =
  | { ok: true; data: ActionResponse<A> }
  | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

export function envelope<A extends ActionName>(action: A, payload: ActionRequest<A>): MessageEnvelope {
  return { portside: 1, action, payload };
}
