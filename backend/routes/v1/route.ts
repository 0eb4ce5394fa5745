import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * What a route accepts and answers, in the contract's zod schemas (lib/contract/api/**). Every part the
 * route reads is declared, so it is parsed before the handler runs; `response` declares the body
 * of each 2xx status the route sends (a 204 declares `z.undefined()`: there is no body).
 */
export interface RouteSchema {
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  headers?: z.ZodType;
  response: Partial<Record<200 | 201 | 202 | 204, z.ZodType>>;
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

/** The request as the handler sees it: every declared part already parsed by its schema. */
export type SchemaRequest<S extends RouteSchema> = FastifyRequest<{
  Params: Parsed<S['params']>;
  Querystring: Parsed<S['querystring']>;
  Body: Parsed<S['body']>;
  Headers: Parsed<S['headers']>;
}>;

/** Who may call the route: the scope's onRequest hook checks it before the body is read. */
export type RouteAuth = 'public' | 'member' | 'admin';

export interface RouteDef<D, S extends RouteSchema = RouteSchema> {
  method: HTTPMethods;
  /** The path under the resource's prefix (e.g. `/members/:memberId/role` under `/api/v1`). */
  url: string;
  auth: RouteAuth;
  schema: S;
  // Method syntax on purpose: a table holds routes of different schemas (bivariant parameters).
  handle(deps: D, req: SchemaRequest<S>, reply: FastifyReply): Promise<unknown>;
}

/** Declares one route for a resource whose handlers take deps `D`; the schema types the handler. */
export const routeFor =
  <D>() =>
  <S extends RouteSchema>(def: RouteDef<D, S>): RouteDef<D, S> =>
    def;

/** A resource's routes, as registered and as the hostile suites read them (test/backend/hostile/fuzz/specs.ts). */
export interface RouteTable<D> {
  prefix: string;
  routes: ReadonlyArray<RouteDef<D>>;
}

/**
 * Registers a resource's routes under its prefix, one encapsulated scope per auth level, so a
 * route's session check is the scope's hook and no handler can forget it. `beforeSession` runs
 * ahead of that hook in every scope (the record view refuses malformed ids before any lookup).
 * Needs `app.auth` from installAuthentication (registered by the accounts routes).
 */
export async function mountRoutes<D>(app: FastifyInstance, table: RouteTable<D>, deps: D, beforeSession?: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
  await app.register(
    async (resource) => {
      for (const auth of ['public', 'member', 'admin'] as const) {
        const routes = table.routes.filter((r) => r.auth === auth);
        if (!routes.length) continue;
        await resource.register(async (scope) => {
          if (beforeSession) scope.addHook('onRequest', beforeSession);
          if (auth !== 'public') scope.addHook('onRequest', auth === 'admin' ? app.auth.admin : app.auth.member);
          const typed = scope.withTypeProvider<ZodTypeProvider>();
          for (const r of routes) typed.route({ method: r.method, url: r.url, schema: r.schema, handler: (req, reply) => r.handle(deps, req as never, reply) });
        });
      }
    },
    { prefix: table.prefix },
  );
}
