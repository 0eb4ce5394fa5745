import type { z } from 'zod';

/**
 * The one message protocol between extension contexts. Every message is a named action with a
 * request and response schema, and says which senders may use it: content scripts run beside
 * HubSpot's page and are untrusted, so they get the few read-and-ask actions the panel needs;
 * extension pages (options) get the rest. The background parses every message against this
 * table and drops anything else.
 */
export type SenderKind = 'content' | 'page';

/**
 * The backend route of an action the background only forwards: lib/extension/background/http-action.ts
 * builds its handler (the router's sender and payload checks, then the session's client, bound to
 * the server that issued the token). Paths are built from payload fields the router has already
 * parsed against the request schema, so no message can steer a request to another path. `answer`
 * is the backend's body when it is not the action's response itself; `pick` maps one to the other.
 */
export interface HttpRoute<Payload, Response, Answer extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path(payload: Payload): string;
  /** The JSON body; none when absent. */
  body?(payload: Payload): unknown;
  /** false for the calls made before there is a session (sign-up, invite lookup). */
  auth?: false;
  answer?: Answer;
  pick?(answer: z.infer<Answer>): Response;
}

/** An action with its backend route; a function only so `path`/`body` get the payload's type. */
export function route<const F extends readonly SenderKind[], Q extends z.ZodType, S extends z.ZodType, A extends z.ZodType = S>(spec: {
  from: F;
  request: Q;
  response: S;
  http: HttpRoute<z.infer<Q>, z.infer<S>, A>;
}) {
  return spec;
}

/** What every entry of the table is; each file of lib/extension/protocol/ checks its entries against it. */
export interface ActionSpec {
  from: readonly SenderKind[];
  request: z.ZodType;
  response: z.ZodType;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry's route is typed by route(); here only its presence matters
  http?: HttpRoute<any, any, z.ZodType>;
}
