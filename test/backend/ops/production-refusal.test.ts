import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../backend/config';
import { ROOT } from './process';

/** Production start-up refuses unsafe settings, naming each variable, before opening anything. */
const KEY = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
const SAFE = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://portside.example.com',
  ENCRYPTION_KEYS: KEY,
  HUBSPOT_CLIENT_ID: 'client-id',
  HUBSPOT_CLIENT_SECRET: 'client-secret-value',
  HUBSPOT_REDIRECT_URI: 'https://portside.example.com/install/callback',
  WORKSPACE_SIGNUP: 'closed',
  METRICS_TOKEN: 'metrics-token-0123456789abcdef',
};

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('production refusal', () => {
  it('accepts a safe production configuration', () => {
    expect(problems(SAFE)).toEqual([]);
  });

  it.each([
    ['no encryption key', { ENCRYPTION_KEYS: '' }, /^ENCRYPTION_KEYS: required in production/],
    ['the sandbox (no HubSpot app credentials)', { HUBSPOT_CLIENT_ID: '', HUBSPOT_CLIENT_SECRET: '', HUBSPOT_REDIRECT_URI: '' }, /^HUBSPOT_CLIENT_ID: required in production .*sandbox/],
    ['an http public URL', { PUBLIC_URL: 'http://portside.example.com' }, /^PUBLIC_URL: must be https in production/],
    ['no public URL', { PUBLIC_URL: '' }, /^PUBLIC_URL: required in production/],
    ['an http redirect URI', { HUBSPOT_REDIRECT_URI: 'http://portside.example.com/install/callback' }, /^HUBSPOT_REDIRECT_URI: must be https in production/],
    ['a weak password KDF', { PASSWORD_SCRYPT_LN: '10' }, /^PASSWORD_SCRYPT_LN: must be at least 17 in production/],
    ['sign-up left at its default', { WORKSPACE_SIGNUP: '' }, /^WORKSPACE_SIGNUP: must be set explicitly in production/],
    ['/metrics without a token, not chosen', { METRICS_TOKEN: '' }, /^METRICS_TOKEN: required in production .*METRICS_PUBLIC=true/],
    ['METRICS_PUBLIC=false without a token', { METRICS_TOKEN: '', METRICS_PUBLIC: 'false' }, /^METRICS_TOKEN: required in production/],
    ['trusting every proxy', { TRUST_PROXY: 'true' }, /^TRUST_PROXY: `true` trusts any X-Forwarded-For/],
  ])('refuses %s', (_name, change, message) => {
    const found = problems({ ...SAFE, ...change });
    expect(found.some((p) => message.test(p)), found.join('\n')).toBe(true);
  });

  it('accepts open sign-up and public /metrics when they are chosen explicitly', () => {
    expect(problems({ ...SAFE, WORKSPACE_SIGNUP: 'open', METRICS_TOKEN: '', METRICS_PUBLIC: 'true' })).toEqual([]);
  });

  it('the process exits 78 naming every problem, and prints no secret', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'backend/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PUBLIC_URL: 'http://portside.example.com', HUBSPOT_CLIENT_SECRET: 'very-secret-value-123', DATA_DIR: '/nonexistent/never-created' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/ENCRYPTION_KEYS: required in production/);
    expect(r.stderr).toMatch(/PUBLIC_URL: must be https in production/);
    expect(r.stderr).toMatch(/HUBSPOT_CLIENT_ID: required when any HubSpot app credential is set/);
    expect(r.stderr).toMatch(/WORKSPACE_SIGNUP: must be set explicitly in production/);
    expect(r.stderr).toMatch(/METRICS_TOKEN: required in production/);
    expect(r.stderr + r.stdout).not.toContain('very-secret-value-123');
  });
});
