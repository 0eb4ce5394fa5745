import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvSchema } from '../../backend/config';

/**
 * Every environment variable Portside reads is in docs/operations.md's "Every variable" tables:
 * the backend's config schema (which spreads in the HubSpot install variables) and the standalone
 * sandbox's. The sandbox's CLI parses the environment when imported, so its schema's keys are read
 * from the source instead.
 */
const docs = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
const section = docs.slice(docs.indexOf('### Every variable'), docs.indexOf('## 5. '));
const documented = new Set([...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));

function sandboxKeys(): string[] {
  const src = readFileSync(new URL('../../backend/sandbox/main.ts', import.meta.url), 'utf8');
  const body = /const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(src)?.[1] ?? '';
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
}

describe('docs/operations.md documents every environment variable', () => {
  it('has the "Every variable" section with tables', () => {
    expect(section.length).toBeGreaterThan(0);
    expect(documented.size).toBeGreaterThan(0);
  });

  it('lists each key of the backend config schema', () => {
    const keys = Object.keys(EnvSchema.shape);
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter((k) => !documented.has(k))).toEqual([]);
  });

  it("lists each key of the standalone sandbox's schema", () => {
    const keys = sandboxKeys();
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((k) => !documented.has(k))).toEqual([]);
  });
});
