import { z } from 'zod';
import { INSTALL_ENV, installConfigProblems } from './hubspot/config';
import { parseTrustProxy } from './http/trust-proxy';
import { CHROME_EXTENSION_ID } from '../lib/contract/extension-identity';

/**
 * The backend's configuration, parsed once at start from the environment. A bad value stops the
 * process with one message naming every offending variable, never a half-configured server.
 */
const port = z.coerce.number().int().min(0).max(65535);
const seconds = z.coerce.number().int().min(1).max(366 * 24 * 3600);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for SQLite)')
    .optional(),
  // PostgreSQL connections per instance (the sum over instances must fit the server's max_connections).
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  // Who may state the client's address: a hop count or proxy addresses, never everyone (http/trust-proxy.ts).
  TRUST_PROXY: z.string().optional().transform((v, ctx) => {
    const t = parseTrustProxy(v);
    if (typeof t === 'string') ctx.addIssue({ code: 'custom', message: t });
    return typeof t === 'string' ? z.NEVER : t;
  }),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(256 * 1024),
  // Accounts. scrypt cost is log2(N); OWASP's minimum is 17 (N=2^17, r=8, p=1). Tests lower it.
  PASSWORD_SCRYPT_LN: z.coerce.number().int().min(4).max(20).default(17),
  // KDF runs at once (default: cores − 1, min 1) so hashing never starves the event loop.
  KDF_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  SESSION_IDLE_SECONDS: seconds.default(12 * 3600),
  SESSION_ABSOLUTE_SECONDS: seconds.default(24 * 3600),
  // "Stay signed in": a longer absolute lifetime, and an idle timeout that survives a night.
  SESSION_REMEMBER_IDLE_SECONDS: seconds.default(7 * 24 * 3600),
  SESSION_REMEMBER_ABSOLUTE_SECONDS: seconds.default(30 * 24 * 3600),
  // lastSeen is written at most this often, so busy sessions do not write on every request.
  SESSION_TOUCH_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  INVITE_TTL_SECONDS: seconds.default(7 * 24 * 3600),
  // Who may create a workspace: anyone, only the first one on an empty server, or nobody (operator CLI).
  WORKSPACE_SIGNUP: z.enum(['open', 'first', 'closed']).default('open'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_WINDOW_SECONDS: seconds.default(15 * 60),
  LOGIN_LOCK_BASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  LOGIN_LOCK_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(15 * 60),
  // Failures from all addresses together before an account's short, capped cool-down.
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(50),
  LOGIN_ACCOUNT_LOCK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Failures from one address across all accounts (password spraying).
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(100),
  // Backend processes serving PORT together (node:cluster; the port is shared). More than one
  // needs PostgreSQL (DATABASE_URL) and real HubSpot credentials: see workerProblems.
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  // The embedded HubSpot sandbox (only without HubSpot app credentials): its API port, and the
  // HTTPS port serving HubSpot-like web pages for the extension (0 = any free port).
  SANDBOX_PORT: port.default(8788),
  SANDBOX_HTTPS_PORT: port.default(8443),
  // Bearer token the Prometheus scraper must send to /metrics; unset leaves /metrics open (keep it
  // off the public proxy then; production refuses that unless METRICS_PUBLIC=true). Long enough
  // that guessing it is not an option.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 24`)').max(200).optional(),
  // Serving /metrics without METRICS_TOKEN in production must be said out loud (it lists every portal id).
  METRICS_PUBLIC: bool.optional(),
  // Connection limits for a backend behind a proxy (http/server-limits.ts).
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(75_000),
  MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(512),
  // The extension origins granted CORS: Portside's pinned Chrome id by default. Firefox's
  // moz-extension origin is a random per-install UUID, so none is listed by default; the
  // extension does not need one (app.ts says why).
  EXTENSION_ORIGINS: z
    .string()
    .default(`chrome-extension://${CHROME_EXTENSION_ID}`)
    .transform((v) => v.split(',').map((o) => o.trim()))
    .pipe(z.array(z.string().regex(/^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'each must be chrome-extension://<32 letters a-p> or moz-extension://<uuid>'))),
  // Each member's share of the portal's HubSpot read budget (services/access/member-share.ts):
  // record checks under way at once, and per 10 s. Past it only that member hears "slow down".
  MEMBER_CHECKS_IN_FLIGHT: z.coerce.number().int().min(1).max(1000).default(4),
  MEMBER_CHECKS_PER_10S: z.coerce.number().int().min(1).max(100_000).default(20),
  // Days the audit log is kept; `prune` deletes older rows. 0 keeps it forever.
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
  // HubSpot app, install flow and token vault (see backend/hubspot/config.ts).
  ...INSTALL_ENV,
  // Outgoing mail (verification codes): `smtp` through SMTP_URL, or `console`, which logs
  // "mail to <email>: <subject>" and writes the message to DATA_DIR/mail/ (development default).
  MAIL_TRANSPORT: z.enum(['smtp', 'console']).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Portside <portside@localhost>'),
});

export type Config = z.infer<typeof EnvSchema> & { publicUrl: string; mailTransport: 'smtp' | 'console' };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Settings that are fine on a laptop but unsafe on a server. (installConfigProblems already
 * refuses production without ENCRYPTION_KEYS or HubSpot app credentials, i.e. with the sandbox.)
 * Invite links, install callbacks and the extension all use PUBLIC_URL, so in production it must
 * be stated and be https: a guessed http://localhost would send OAuth codes in the clear.
 */
function productionProblems(c: z.infer<typeof EnvSchema>, env: Record<string, string | undefined>): string[] {
  if (c.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!c.PUBLIC_URL) problems.push('PUBLIC_URL: required in production (the https address users and HubSpot reach this backend at)');
  else if (new URL(c.PUBLIC_URL).protocol !== 'https:') problems.push('PUBLIC_URL: must be https in production (session tokens and OAuth codes travel to it)');
  // Open sign-up lets anyone on the internet create a workspace: fine when chosen, not by default.
  if (env.WORKSPACE_SIGNUP === undefined) problems.push('WORKSPACE_SIGNUP: must be set explicitly in production (closed, first or open)');
  if (!c.METRICS_TOKEN && c.METRICS_PUBLIC !== true) {
    problems.push('METRICS_TOKEN: required in production (/metrics lists every portal id); or set METRICS_PUBLIC=true to serve it without one');
  }
  return problems;
}

/**
 * Verification codes are mailed. Outside production the console transport is the default, so the
 * sandbox demo works with no mail server; in production codes written to a local file reach nobody,
 * so the operator must choose, and `console` there only when stated.
 */
function mailProblems(c: z.infer<typeof EnvSchema>): string[] {
  if (c.MAIL_TRANSPORT === 'smtp' && !c.SMTP_URL) return ['SMTP_URL: required with MAIL_TRANSPORT=smtp (e.g. smtps://user:password@mail.example.com:465)'];
  if (c.NODE_ENV === 'production' && !c.MAIL_TRANSPORT) {
    return ['MAIL_TRANSPORT: required in production: smtp (with SMTP_URL), or console to write mail to DATA_DIR/mail/ on this host only'];
  }
  return [];
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset", as they do in most env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (c.NODE_ENV === 'production' && c.PASSWORD_SCRYPT_LN < 17) {
    problems.push('PASSWORD_SCRYPT_LN: must be at least 17 in production (OWASP scrypt minimum N=2^17)');
  }
  if (c.SESSION_IDLE_SECONDS > c.SESSION_ABSOLUTE_SECONDS) {
    problems.push('SESSION_IDLE_SECONDS: must not exceed SESSION_ABSOLUTE_SECONDS');
  }
  if (c.SESSION_REMEMBER_IDLE_SECONDS > c.SESSION_REMEMBER_ABSOLUTE_SECONDS) {
    problems.push('SESSION_REMEMBER_IDLE_SECONDS: must not exceed SESSION_REMEMBER_ABSOLUTE_SECONDS');
  }
  if (c.LOGIN_LOCK_BASE_SECONDS > c.LOGIN_LOCK_MAX_SECONDS) {
    problems.push('LOGIN_LOCK_BASE_SECONDS: must not exceed LOGIN_LOCK_MAX_SECONDS');
  }
  problems.push(...installConfigProblems(c));
  if (c.METRICS_PUBLIC === true && c.METRICS_TOKEN) problems.push('METRICS_PUBLIC: cannot be true while METRICS_TOKEN is set (choose one)');
  if (c.HEADERS_TIMEOUT_MS > c.REQUEST_TIMEOUT_MS) problems.push('HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS');
  problems.push(...productionProblems(c, cleaned));
  problems.push(...mailProblems(c));
  problems.push(...workerProblems(c));
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...c, publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''), mailTransport: c.MAIL_TRANSPORT ?? 'console' };
}

/**
 * Several processes share the work only over PostgreSQL: SQLite serves from one process by design
 * (its token refresh is a compare-and-set without a cross-process lock, and every write would
 * queue on the one file lock). The embedded sandbox is one per backend, so each worker would start
 * its own HubSpot with its own tokens.
 */
function workerProblems(c: z.infer<typeof EnvSchema>): string[] {
  if (c.WORKERS === 1) return [];
  const problems: string[] = [];
  if (!c.DATABASE_URL) problems.push('WORKERS: more than 1 needs PostgreSQL (DATABASE_URL); with SQLite the backend serves from one process');
  if (!(c.HUBSPOT_CLIENT_ID && c.HUBSPOT_CLIENT_SECRET)) problems.push('WORKERS: more than 1 needs HubSpot app credentials (the embedded sandbox is one per backend process)');
  return problems;
}
