import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../backend/config';

const key = () => randomBytes(32).toString('base64');
const problems = (env: Record<string, string>) => {
  try {
    parseConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};
// Sign-up and /metrics are explicit production choices (backend/config.ts), not this file's subject.
const prodApp = { NODE_ENV: 'production', PUBLIC_URL: 'https://portside.example', HUBSPOT_CLIENT_ID: 'id', HUBSPOT_CLIENT_SECRET: 'secret', HUBSPOT_REDIRECT_URI: 'https://portside.example/install/callback', WORKSPACE_SIGNUP: 'closed', METRICS_PUBLIC: 'true', MAIL_TRANSPORT: 'console' };

describe('install configuration', () => {
  it('development and tests need nothing (sandbox, dev key)', () => {
    expect(problems({})).toEqual([]);
    expect(parseConfig({}).HUBSPOT_API_BASE).toBe('https://api.hubapi.com');
  });

  it('INSTALL_NO_ANSWER_SECONDS: 2 minutes by default, 10 s to the 10-minute ticket life', () => {
    expect(parseConfig({}).INSTALL_NO_ANSWER_SECONDS).toBe(120);
    expect(parseConfig({ INSTALL_NO_ANSWER_SECONDS: '30' }).INSTALL_NO_ANSWER_SECONDS).toBe(30);
    expect(problems({ INSTALL_NO_ANSWER_SECONDS: '601' }).some((x) => x.startsWith('INSTALL_NO_ANSWER_SECONDS'))).toBe(true);
    expect(problems({ INSTALL_NO_ANSWER_SECONDS: '5' }).some((x) => x.startsWith('INSTALL_NO_ANSWER_SECONDS'))).toBe(true);
  });

  it('production refuses to start without ENCRYPTION_KEYS or app credentials', () => {
    const p = problems({ NODE_ENV: 'production' });
    expect(p.some((x) => x.startsWith('ENCRYPTION_KEYS: required in production'))).toBe(true);
    expect(p.some((x) => x.startsWith('HUBSPOT_CLIENT_ID: required in production'))).toBe(true);
    expect(problems({ ...prodApp, ENCRYPTION_KEYS: `k1:${key()}` })).toEqual([]);
  });

  it('names bad keys without echoing them, and half-set credentials', () => {
    const bad = 'c2hvcnQ=';
    const p = problems({ ENCRYPTION_KEYS: `k1:${bad}`, HUBSPOT_CLIENT_ID: 'id' });
    expect(p.join('\n')).toContain('ENCRYPTION_KEYS: key "k1" must be 32 random bytes');
    expect(p.join('\n')).not.toContain(bad);
    expect(p).toContain('HUBSPOT_CLIENT_SECRET: required when any HubSpot app credential is set');
    expect(p).toContain('HUBSPOT_REDIRECT_URI: required when any HubSpot app credential is set');
  });

  it('wants https in production, every required scope, and region-aware hosts', () => {
    const p = problems({ ...prodApp, ENCRYPTION_KEYS: `k1:${key()}`, HUBSPOT_REDIRECT_URI: 'http://portside.example/cb', HUBSPOT_SCOPES: 'oauth' });
    expect(p).toContain('HUBSPOT_REDIRECT_URI: must be https in production');
    expect(p.some((x) => x.startsWith('HUBSPOT_SCOPES: must include crm.objects.contacts.read'))).toBe(true);
    const eu = parseConfig({ HUBSPOT_AUTHORIZE_BASE: 'https://app-eu1.hubspot.com/', HUBSPOT_API_BASE: 'https://api-eu1.hubapi.com' });
    expect(eu.HUBSPOT_AUTHORIZE_BASE).toBe('https://app-eu1.hubspot.com');
  });

  it('in production the API and authorize bases must be HubSpot hosts: never localhost, the sandbox or a look-alike, each named', () => {
    const prod = { ...prodApp, ENCRYPTION_KEYS: `k1:${key()}` };
    expect(problems({ ...prod, HUBSPOT_API_BASE: 'https://api-eu1.hubapi.com', HUBSPOT_AUTHORIZE_BASE: 'https://app-eu1.hubspot.com' })).toEqual([]);
    const local = problems({ ...prod, HUBSPOT_API_BASE: 'http://localhost:3999', HUBSPOT_AUTHORIZE_BASE: 'http://127.0.0.1:3999' });
    expect(local.filter((x) => x.startsWith('HUBSPOT_API_BASE: must be a HubSpot host over https in production'))).toHaveLength(1);
    expect(local.filter((x) => x.startsWith('HUBSPOT_AUTHORIZE_BASE: must be a HubSpot host over https in production'))).toHaveLength(1);
    for (const bad of ['https://api.hubapi.com.evil.example', 'https://evilhubapi.com', 'http://api.hubapi.com', 'https://api.hubapi.com:8443']) {
      expect(problems({ ...prod, HUBSPOT_API_BASE: bad }).some((x) => x.startsWith('HUBSPOT_API_BASE:')), bad).toBe(true);
    }
    expect(problems({ ...prod, HUBSPOT_AUTHORIZE_BASE: 'https://app.hubspot.example' }).some((x) => x.startsWith('HUBSPOT_AUTHORIZE_BASE:'))).toBe(true);
    // Outside production the sandbox on localhost stays the default way to develop.
    expect(problems({ HUBSPOT_API_BASE: 'http://localhost:3999', HUBSPOT_AUTHORIZE_BASE: 'http://localhost:3999' })).toEqual([]);
  });
});
