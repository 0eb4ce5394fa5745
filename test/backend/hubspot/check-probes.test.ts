import { describe, expect, it } from 'vitest';
import { rateLimitRow } from '../../../backend/cli/hubspot-check/probe-rate';
import { hubletOfApiBase } from '../../../backend/hubspot/account-details';
import { describePermittedUsersAnswer } from '../../../backend/hubspot/permitted-users-shape';
import { readRateLimitHeaders } from '../../../backend/hubspot/rate-headers';

/** The pure parts of `hubspot check`: what it reports for answers the sandbox never gives. */

const answer = (headers: Record<string, string>) => ({ method: 'GET', path: '/x', response: { status: 200, headers: new Headers(headers), body: null } });

describe('hubspot check probes', () => {
  it('describes a permitted-users answer by its keys, whatever they are', () => {
    const viewOnly = { resources: { 'hcrn:1:crm-object:0-1:5': { 'crm-object:VIEW': { permittedUsers: [1, '2'] }, 'crm-object:COMMUNICATE': { permittedUsers: [] } } } };
    expect(describePermittedUsersAnswer(viewOnly)).toEqual({ readable: true, resources: 1, actionKeys: ['crm-object:COMMUNICATE', 'crm-object:VIEW'], userCounts: { 'crm-object:VIEW': 2, 'crm-object:COMMUNICATE': 0 }, errors: 0 });
    expect(describePermittedUsersAnswer({ results: [] }).readable).toBe(false);
    expect(describePermittedUsersAnswer({ resources: {}, errors: [{ category: 'OBJECT_NOT_FOUND' }] })).toMatchObject({ readable: true, resources: 0, errors: 1 });
  });

  it('reads the rate-limit headers that are there and numeric', () => {
    expect(readRateLimitHeaders(new Headers({ 'X-HubSpot-RateLimit-Max': '110', 'x-hubspot-ratelimit-remaining': '7', 'x-hubspot-ratelimit-secondly': 'n/a' }))).toEqual({ max: 110, remaining: 7 });
  });

  it('warns when no answer carried rate-limit headers, passes on the budgeted limit', () => {
    expect(rateLimitRow([answer({}), { method: 'GET', path: '/y', response: null }])).toMatchObject({ status: 'warn', detail: 'none in 1 answer(s)' });
    const r = rateLimitRow([
      answer({ 'x-hubspot-ratelimit-max': '110', 'x-hubspot-ratelimit-remaining': '100', 'x-hubspot-ratelimit-interval-milliseconds': '10000' }),
      answer({ 'x-hubspot-ratelimit-max': '110', 'x-hubspot-ratelimit-remaining': '42', 'x-hubspot-ratelimit-interval-milliseconds': '10000' }),
    ]);
    expect(r.status).toBe('ok');
    expect(r.detail).toContain('max 110 per 10000 ms; lowest remaining 42');
  });

  it('names the data centre of regional HubSpot API bases only', () => {
    expect(hubletOfApiBase('https://api.hubapi.com')).toBeNull();
    expect(hubletOfApiBase('https://api-eu1.hubapi.com')).toBe('eu1');
    expect(hubletOfApiBase('http://127.0.0.1:8788')).toBeNull();
  });
});
