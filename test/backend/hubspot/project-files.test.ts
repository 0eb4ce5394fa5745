import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CALLBACK_PATH } from '../../../backend/hubspot/app';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../../backend/hubspot/scopes';

/**
 * The HubSpot developer-platform project in hubspot/ (what `hs project upload` registers) must
 * ask for exactly the scopes the backend puts in its authorize URL (backend/hubspot/scopes.ts is
 * the source of truth): HubSpot fails an install whose URL asks for a scope the app does not
 * declare, and a required scope declared only as optional fails it too.
 */

const root = join(import.meta.dirname, '../../../hubspot');
const read = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));

const Project = z.strictObject({ name: z.string().regex(/^[\w.-]+$/), srcDir: z.literal('src'), platformVersion: z.string().regex(/^\d{4}\.\d{1,2}$/) });
const App = z.strictObject({
  uid: z.string().regex(/^[\w.-]{1,64}$/),
  type: z.literal('app'),
  config: z.object({
    name: z.string().min(1).max(200),
    description: z.string().min(1).max(8192),
    distribution: z.enum(['marketplace', 'private']),
    isUserLevel: z.literal(false),
    auth: z.strictObject({
      type: z.literal('oauth'),
      redirectUrls: z.array(z.url()).min(1),
      requiredScopes: z.array(z.string()),
      optionalScopes: z.array(z.string()),
      conditionallyRequiredScopes: z.array(z.string()),
    }),
  }),
});

describe('hubspot/ developer project', () => {
  const project = Project.parse(read('hsproject.json'));
  const app = App.parse(read(`${project.srcDir}/app/app-hsmeta.json`));
  const sorted = (a: readonly string[]) => [...a].sort();

  it('declares the scopes backend/hubspot/scopes.ts asks for, required and optional alike', () => {
    expect(sorted(app.config.auth.requiredScopes)).toEqual(sorted(REQUIRED_SCOPES));
    expect(sorted(app.config.auth.optionalScopes)).toEqual(sorted(OPTIONAL_SCOPES));
    expect(app.config.auth.conditionallyRequiredScopes).toEqual([]);
  });

  it('is an account-level OAuth app whose redirect URLs are Portside callbacks (https, or http on localhost)', () => {
    expect(app.config.isUserLevel).toBe(false);
    for (const u of app.config.auth.redirectUrls.map((s) => new URL(s))) {
      expect(u.pathname).toBe(CALLBACK_PATH);
      expect(u.protocol === 'https:' || (u.protocol === 'http:' && u.hostname === 'localhost')).toBe(true);
    }
  });
});
