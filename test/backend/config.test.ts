import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../backend/config';

describe('parseConfig', () => {
  it('gives working defaults for a fresh machine', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(8787);
    expect(c.publicUrl).toBe('http://localhost:8787');
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(8787);
  });

  it('names every bad variable in one error', () => {
    let err: unknown;
    try {
      parseConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', PUBLIC_URL: 'ftp://x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'PUBLIC_URL']) expect(message).toContain(name);
    expect((err as ConfigError).problems).toHaveLength(4);
  });

  it('reads TRUST_PROXY as a hop count or proxy addresses, never as "everyone"', () => {
    expect(parseConfig({}).TRUST_PROXY).toEqual({ kind: 'none' });
    expect(parseConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toEqual({ kind: 'none' });
    expect(parseConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toEqual({ kind: 'hops', hops: 1 });
    expect(parseConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,loopback' }).TRUST_PROXY).toEqual({ kind: 'addresses', addresses: ['127.0.0.1', '10.0.0.0/8', 'loopback'] });
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: `true` trusts any X-Forwarded-For/);
    expect(() => parseConfig({ TRUST_PROXY: '11' })).toThrow(/TRUST_PROXY: at most 10 proxy hops/);
    expect(() => parseConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY: `10.0.0.0\/33` is not an IP address/);
  });

  it('has connection limits for a server behind a proxy, and keeps the headers timer within the request timer', () => {
    const c = parseConfig({});
    expect([c.HEADERS_TIMEOUT_MS, c.REQUEST_TIMEOUT_MS, c.KEEP_ALIVE_TIMEOUT_MS, c.MAX_CONNECTIONS]).toEqual([10_000, 30_000, 75_000, 512]);
    expect(() => parseConfig({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '5000' })).toThrow(/HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS/);
    expect(() => parseConfig({ MAX_CONNECTIONS: '0' })).toThrow(/MAX_CONNECTIONS/);
  });

  it('refuses METRICS_PUBLIC=true next to a METRICS_TOKEN (one of them is a mistake)', () => {
    expect(() => parseConfig({ METRICS_PUBLIC: 'true', METRICS_TOKEN: 'a'.repeat(20) })).toThrow(/METRICS_PUBLIC: cannot be true while METRICS_TOKEN is set/);
  });
});
