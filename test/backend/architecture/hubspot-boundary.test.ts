import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHubSpotKnowledge, withoutComments } from './hubspot-knowledge';

/**
 * Only backend/hubspot/ knows HubSpot (URLs, headers, error formats) besides the sandbox that
 * plays it; services speak Portside terms. A HubSpot detail anywhere else in backend/ or lib/
 * fails here with its file and line.
 */

const ROOT = join(__dirname, '../../..');
const ALLOWED = ['backend/hubspot/', 'backend/sandbox/'];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(path);
    return /\.(?:ts|tsx)$/.test(e.name) ? [path] : [];
  });
}

describe('the HubSpot boundary', () => {
  it('no HubSpot URL, header or error field outside backend/hubspot/ and backend/sandbox/', () => {
    const files = [...sources('backend'), ...sources('lib')].filter((f) => !ALLOWED.some((a) => f.startsWith(a)));
    expect(files.length).toBeGreaterThan(100);
    const leaks = files.flatMap((f) => findHubSpotKnowledge(readFileSync(join(ROOT, f), 'utf8')).map((x) => `${relative('.', f)}:${x.line} ${x.rule}: ${x.text}`));
    expect(leaks).toEqual([]);
  });

  it('the scanner finds each kind of HubSpot detail in code and strings, not in comments', () => {
    const fixture = [
      "const r = await send({ method: 'GET', path: `/crm/v3/objects/contacts/${id}` });",
      "const url = 'https://api.hubapi.com/crm/v4/objects';",
      "const left = h.get('X-HubSpot-RateLimit-Remaining');",
      'const missing = body.errors.flatMap((e) => e.context?.ids ?? []);',
      "if (body.category === 'MISSING_SCOPES') return fail();",
      'const why = err.subCategory;',
      "await post('/oauth/v1/token', form);",
      '// a comment may mention /crm/v3/objects and x-hubspot-correlation-id',
      '/* and so may a block: /settings/v3/users/ */',
      "const fine = 'https://example.com/path'; // trailing /resource-permissions comment",
    ].join('\n');
    expect(findHubSpotKnowledge(fixture).map((f) => [f.line, f.rule])).toEqual([
      [1, 'HubSpot API path'],
      [2, 'HubSpot API path'],
      [2, 'HubSpot API host'],
      [3, 'HubSpot header'],
      [4, 'HubSpot error field'],
      [5, 'HubSpot error category'],
      [6, 'HubSpot error field'],
      [7, 'HubSpot API path'],
    ]);
  });

  it('keeps strings intact while blanking comments (a URL in a string is not a comment)', () => {
    expect(withoutComments("const a = 'http://x/y'; // gone\nconst b = \"a\\\"//b\";")).toBe("const a = 'http://x/y'; \nconst b = \"a\\\"//b\";");
  });
});
