import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { invalidInputBody, sendError } from './errors.js';
import type { FaultRegistry } from './faults.js';
import type { RateLimitConfig, RateLimiter } from './rate-limit.js';
import type { SeedKind } from './seed.js';
import type { AccessToken, PortalState, SandboxState } from './state.js';

/** What every route module gets: the state, the resolved options and the shared machinery. */

export interface SandboxOptions {
  /** Access token lifetime; HubSpot's is 1800 s. Tests set a few seconds. */
  tokenTtlSeconds?: number;
  rateLimit?: RateLimitConfig;
  seed?: SeedKind;
  /** Fastify logging; off by default to keep the hot path cheap. `true` logs at info. */
  logger?: boolean;
  /** Redirect URIs the sandbox app accepts besides any http(s) loopback URL. */
  redirectUris?: string[];
  /** Clock override for tests. */
  now?: () => number;
  /**
   * When HubSpot's OAuth v1 endpoints stop answering (epoch ms). From then on they answer as a
   * path HubSpot does not serve. Default: HubSpot's announced sunset, 16 Feb 2027.
   */
  oauthV1SunsetAt?: number;
}

export const OAUTH_V1_SUNSET = Date.parse('2027-02-16T00:00:00Z');

export interface ResolvedOptions {
  tokenTtlSeconds: number;
  rateLimit: RateLimitConfig;
  seed: SeedKind;
  logger: boolean;
  redirectUris: string[];
  oauthV1SunsetAt: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { max: 110, intervalMs: 10_000 };

export function resolveOptions(opts: SandboxOptions = {}): ResolvedOptions {
  return {
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 1800,
    rateLimit: opts.rateLimit ?? DEFAULT_RATE_LIMIT,
    seed: opts.seed ?? 'default',
    logger: opts.logger ?? false,
    redirectUris: opts.redirectUris ?? [],
    oauthV1SunsetAt: opts.oauthV1SunsetAt ?? OAUTH_V1_SUNSET,
  };
}

export interface SandboxContext {
  state: SandboxState;
  options: ResolvedOptions;
  faults: FaultRegistry;
  rateLimiter: RateLimiter;
  now(): number;
}

export interface ApiAuth {
  token: AccessToken;
  portal: PortalState;
}

/**
 * Authenticated request info, kept beside the request rather than as a Fastify decoration so
 * the sandbox adds nothing to the global Fastify types the rest of the backend shares.
 */
const auths = new WeakMap<FastifyRequest, ApiAuth>();

export function setAuth(request: FastifyRequest, auth: ApiAuth): void {
  auths.set(request, auth);
}

export function authOf(request: FastifyRequest): ApiAuth {
  const auth = auths.get(request);
  // Routes using authOf are registered with the guard, so this only fires on a wiring bug.
  if (!auth) throw new Error(`route ${request.url} used authOf without the API guard`);
  return auth;
}

export function portalIdOf(request: FastifyRequest): number | null {
  return auths.get(request)?.portal.portalId ?? null;
}

/** Parses input with zod; on failure answers HubSpot's 400 VALIDATION_ERROR and returns undefined. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, reply: FastifyReply, where: 'body' | 'query' | 'path' = 'body'): z.infer<S> | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  sendError(reply, 400, invalidInputBody(result.error.issues, where));
  return undefined;
}
