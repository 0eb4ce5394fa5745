import type { z } from 'zod';
import { ApiErrorBody, fail, ok, type Result } from '../contract/errors';
import { HealthResponse } from '../contract/api/health';
import { EXTENSION_REQUEST_TIMEOUT_MS } from '../contract/api/timeouts';

/**
 * The background's HTTP client for the Portside backend. Every answer is parsed with the shared
 * contract; network failures and unexpected bodies become error values, never throws.
 */
export interface BackendClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /**
   * The bearer session token this client's server issued, read at call time so a sign-out takes
   * effect at once. Asked with the client's base URL: a token is only ever sent where it came from.
   */
  token?: (baseUrl: string) => Promise<string | null>;
  timeoutMs?: number;
  /** Aborts every request of this client (the server address was changed in options). */
  signal?: AbortSignal;
}

export interface RequestOptions<S extends z.ZodType> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  schema: S;
  auth?: boolean;
  headers?: Record<string, string>;
}

export function createBackendClient(opts: BackendClientOptions) {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = opts.baseUrl.replace(/\/+$/, '');
  const signal = (ms: number) => (opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms));
  const unreachable = (message: string) =>
    fail('backend_unreachable', opts.signal?.aborted ? "Portside's server address was changed; this request to the previous server was cancelled." : message);

  async function request<S extends z.ZodType>(path: string, ro: RequestOptions<S>): Promise<Result<z.infer<S>>> {
    const headers: Record<string, string> = { accept: 'application/json', ...ro.headers };
    if (ro.body !== undefined) headers['content-type'] = 'application/json';
    if (ro.auth !== false && opts.token) {
      const token = await opts.token(base);
      if (token) headers.authorization = `Bearer ${token}`;
    }
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method: ro.method ?? 'GET',
        headers,
        body: ro.body === undefined ? undefined : JSON.stringify(ro.body),
        signal: signal(opts.timeoutMs ?? EXTENSION_REQUEST_TIMEOUT_MS),
        credentials: 'omit',
      });
    } catch {
      return unreachable(`Portside's server at ${base} is not reachable. Check your connection or the server address in Portside's options.`);
    }
    let json: unknown = null;
    try {
      json = await res.json();
    } catch {
      json = null;
    }
    if (!res.ok) {
      const err = ApiErrorBody.safeParse(json);
      if (err.success) return fail(err.data.error.code, err.data.error.message, err.data.error.details);
      return fail('backend_error', `Portside's server answered ${res.status}. Try again in a moment.`);
    }
    const parsed = ro.schema.safeParse(json);
    if (!parsed.success) return fail('backend_error', "Portside's server gave an answer this extension does not understand. Update the extension.");
    return ok(parsed.data);
  }

  /** A text download (audit export): the body as text, and the file name the server suggests. */
  async function download(path: string): Promise<Result<{ filename: string; content: string }>> {
    const token = opts.token ? await opts.token(base) : null;
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: signal(60_000), credentials: 'omit' });
    } catch {
      return unreachable(`Portside's server at ${base} is not reachable.`);
    }
    if (!res.ok) {
      const err = ApiErrorBody.safeParse(await res.json().catch(() => null));
      return err.success ? fail(err.data.error.code, err.data.error.message) : fail('backend_error', `Portside's server answered ${res.status}.`);
    }
    const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'portside-export.txt';
    return ok({ filename, content: await res.text() });
  }

  return {
    baseUrl: base,
    request,
    download,
    health: () => request('/healthz', { schema: HealthResponse, auth: false }),
  };
}

export type BackendClient = ReturnType<typeof createBackendClient>;
