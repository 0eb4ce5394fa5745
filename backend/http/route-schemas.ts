import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** One refused input, as the API reports it: the field's dotted path and zod's message, never the value. */
export interface InputIssue {
  path: string;
  message: string;
}

// Marks a Fastify validation error as ours (from the compiler below), so the error handler can tell
// it from an AJV error and answer with the issues exactly as the routes' contract describes them.
const INPUT_ISSUES = Symbol.for('portside.inputIssues');

interface IssueCarrier {
  [INPUT_ISSUES]: InputIssue[];
}

function toIssues(error: z.ZodError): InputIssue[] {
  return error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Why `value` breaks `schema` (an absent part is `undefined`), or null when it fits. */
export function inputIssues(schema: z.ZodType, value: unknown): InputIssue[] | null {
  const parsed = schema.safeParse(value ?? undefined);
  return parsed.success ? null : toIssues(parsed.error);
}

/**
 * Validates params, querystring, body and headers with the zod schema declared on the route.
 * Written here rather than taking fastify-type-provider-zod's validator so a refusal keeps the
 * API's dotted issue paths exactly (its validator flattens them to JSON pointers), and so an
 * absent part is parsed as `undefined`, as the handlers' own checks always did (Fastify passes
 * `null`, which would change zod's message).
 */
const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const parsed = schema.safeParse(data ?? undefined);
    if (parsed.success) return { value: parsed.data };
    return { error: Object.assign(new Error('invalid request'), { [INPUT_ISSUES]: toIssues(parsed.error) }) };
  };

/**
 * Routes declare zod schemas (`schema: { params, querystring, body, headers, response }`): the
 * input is parsed before the handler runs (typed by fastify-type-provider-zod's `ZodTypeProvider`),
 * and a 2xx answer is encoded through its response schema, which drops every field the contract
 * does not declare and turns an answer that breaks it into a 500 (backend/http/errors.ts).
 */
export function installRouteSchemas(app: FastifyInstance) {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // What each route declared, as registered (HEAD copies of GET routes included), whichever plugin
  // registered it: the hostile suites check that every served route declares its schemas.
  const declared: DeclaredRoute[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) declared.push({ method, url: r.url, schema: (r.schema ?? null) as DeclaredRoute['schema'] });
  });
  app.decorate('declaredRoutes', { getter: () => declared });
}

export interface DeclaredRoute {
  method: string;
  url: string;
  schema: { params?: z.ZodType; querystring?: z.ZodType; body?: z.ZodType; headers?: z.ZodType; response?: Record<string, z.ZodType> } | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on this app with the schemas it declared (null: none). */
    readonly declaredRoutes: ReadonlyArray<DeclaredRoute>;
  }
}

/** The issues of a request refused by a route's schema, or null for any other error. */
export function inputIssuesOf(err: unknown): InputIssue[] | null {
  if (typeof err !== 'object' || err === null) return null;
  // Fastify wraps a validator's Error: the original is the error itself (statusCode 400 added).
  const carried = (err as Partial<IssueCarrier>)[INPUT_ISSUES];
  return Array.isArray(carried) ? carried : null;
}

/** The one message for a refused input: names the first failing field (or the body as a whole). */
export function invalidRequestMessage(issues: InputIssue[]): string {
  const first = issues[0];
  return first ? `Invalid request: ${first.path || 'body'} ${first.message}.` : 'Invalid request.';
}
