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
});
