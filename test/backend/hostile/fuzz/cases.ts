import { parse as parseQuery } from 'node:querystring';
import fc from 'fast-check';
import type { RouteKey } from '../routes';
import type { Tenant } from '../tenants';
import { hostileHeaderValue, hostileValue, mutateObject, notJson, pathTrick } from './arbitraries';
import type { FuzzSpec } from './specs';

/**
 * One generated request and what must come back:
 *  - `unauthenticated`: exactly 401 (a bad or missing session, whatever else is wrong);
 *  - `refused`: some 4xx (the input breaks the contract);
 *  - `harmless`: anything below 500 (input-free public routes, where a junk query is ignored).
 */
export interface FuzzCase {
  surface: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  expect: 'unauthenticated' | 'refused' | 'harmless';
}

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const fails = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => !schema.safeParse(v).success;

function urlOf(route: RouteKey, params: Record<string, string>, encoded: Set<string> = new Set()): string {
  return route.url.replace(/:([A-Za-z]+)/g, (_, name: string) => (encoded.has(name) ? params[name]! : encodeURIComponent(params[name] ?? '')));
}

// The API parses JSON only (backend/http/json-body.ts): every other media type is a 415.
const OTHER_MEDIA_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', 'text/json'];

export function casesFor(route: RouteKey, spec: FuzzSpec, t: Tenant): fc.Arbitrary<FuzzCase> {
  const token = spec.auth === 'admin' ? t.actors.admin.token : spec.auth === 'member' ? t.actors.member.token : null;
  const params = spec.params?.valid(t) ?? {};
  const baseHeaders = (): Record<string, string> => ({
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(spec.header ? { [spec.header.name]: spec.header.valid() } : {}),
  });
  const body = spec.body?.valid(t);
  const json = (v: unknown) => ({ payload: JSON.stringify(v), ct: { 'content-type': 'application/json' } });
  const withBody = body !== undefined ? json(body) : null;
  const base = (surface: string, over: Partial<FuzzCase> = {}): FuzzCase => ({
    surface,
    method: route.method,
    url: urlOf(route, params),
    headers: { ...baseHeaders(), ...(withBody?.ct ?? {}) },
    ...(withBody ? { payload: withBody.payload } : {}),
    expect: 'refused',
    ...over,
  });
  const surfaces: fc.Arbitrary<FuzzCase>[] = [];

  if (spec.auth !== 'public') {
    surfaces.push(
      fc.option(hostileHeaderValue, { nil: undefined }).map((h) => {
        const c = base('session', { expect: 'unauthenticated' });
        delete c.headers.authorization;
        if (h !== undefined) c.headers.authorization = h;
        return c;
      }),
    );
  }
  if (spec.params) {
    const names = Object.keys(params);
    surfaces.push(
      fc
        .tuple(fc.constantFrom(...names), pathTrick)
        .filter(([name, trick]) => fails(spec.params!.schema, { ...params, [name]: safeDecode(trick) }))
        .map(([name, trick]) => base('params', { url: urlOf(route, { ...params, [name]: trick }, new Set([name])) })),
    );
  }
  if (spec.query) {
    surfaces.push(
      fc
        .array(fc.tuple(fc.constantFrom(...(spec.query.keys ?? ['limit', 'offset', '__proto__', 'x'])), fc.oneof(pathTrick, fc.integer().map(String))), { minLength: 1, maxLength: 3 })
        .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'))
        .filter((q) => fails(spec.query!.schema, parseQuery(q)))
        .map((q) => base('query', { url: `${urlOf(route, params)}?${q}` })),
    );
  }
  if (spec.body && body) {
    surfaces.push(
      mutateObject(body)
        .filter((v) => fails(spec.body!.schema, v))
        .map((v) => base('body', { payload: JSON.stringify(v), headers: { ...baseHeaders(), 'content-type': 'application/json' } })),
    );
  }
  if (spec.header) {
    const h = spec.header;
    surfaces.push(
      fc
        .option(fc.oneof(hostileValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')), fc.string({ maxLength: 200 })), { nil: undefined })
        .map((v) => (v === undefined ? undefined : v.replace(/[^\t\x20-\x7e]/g, '').slice(0, 4_000)))
        .filter((v) => fails(h.schema, v))
        .map((v) => {
          const c = base('header');
          if (v === undefined) delete c.headers[h.name];
          else c.headers[h.name] = v;
          return c;
        }),
    );
  }
  if (route.method !== 'GET' && route.method !== 'HEAD') {
    // Bytes that are not JSON, or JSON under another media type: the parser refuses them before any handler runs.
    surfaces.push(
      fc.oneof(
        notJson.map((p) => base('not-json', { payload: p, headers: { ...baseHeaders(), 'content-type': 'application/json' } })),
        fc
          .tuple(fc.constantFrom(...(spec.body ? ['text/plain'] : []), ...OTHER_MEDIA_TYPES), fc.string({ minLength: 1, maxLength: 50 }))
          .map(([ct, p]) => base('media-type', { payload: p, headers: { ...baseHeaders(), 'content-type': ct } })),
      ),
    );
  }
  if (spec.noInput && spec.auth === 'public') {
    surfaces.push(
      fc
        .tuple(fc.array(fc.tuple(fc.string({ maxLength: 8 }), pathTrick), { maxLength: 3 }), fc.option(hostileHeaderValue, { nil: undefined }))
        .map(([q, h]) => base('noise', { url: `${urlOf(route, params)}?${q.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}`, expect: 'harmless', headers: h ? { authorization: h } : {} })),
    );
  }
  if (!surfaces.length) throw new Error(`${route.method} ${route.url}: the spec gives the fuzzer nothing to attack`);
  return fc.oneof(...surfaces);
}
