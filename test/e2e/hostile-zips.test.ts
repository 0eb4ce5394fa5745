import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSecrets } from '../backend/hostile/secrets';

/**
 * The packages a store receives: `wxt zip -b firefox` makes the Firefox zip and the sources zip
 * AMO asks for. Each entry of each zip is scanned for secrets. (The Chrome zip is the
 * .output/chrome-mv3 directory that test/backend/hostile/manifest.test.ts scans file by file;
 * zipping it again here would cost another full build.)
 */
function entries(zip: string): Array<{ name: string; body: Buffer }> {
  const dir = mkdtempSync(join(tmpdir(), 'portside-zip-'));
  try {
    execFileSync('unzip', ['-q', zip, '-d', dir]);
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    return walk(dir).map((f) => ({ name: f.slice(dir.length + 1), body: readFileSync(f) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('store packages contain no secrets', () => {
  let zips: string[] = [];
  beforeAll(() => {
    // Vitest sets NODE_ENV=test, which would make WXT rebuild .output/firefox-mv2 with React's
    // development build (and break the Firefox suites that load it next): zip as production.
    execFileSync('npx', ['wxt', 'zip', '-b', 'firefox', '--mode', 'production'], { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
    zips = readdirSync('.output').filter((f) => f.endsWith('.zip')).map((f) => join('.output', f));
  }, 120_000);
  afterAll(() => {
    for (const z of zips) if (existsSync(z)) rmSync(z);
  });

  it('the Firefox zip: no secret in any file', () => {
    const zip = zips.find((z) => z.endsWith('-firefox.zip'))!;
    expect(zip).toBeTruthy();
    expect(entries(zip).flatMap((e) => findSecrets(e.body).map((s) => `${e.name}: ${s}`))).toEqual([]);
  });

  // The sources zip is for the add-on's review: no backend, sandbox seed (its dev client secret) or tests.
  it('the sources zip: no secret, and no backend or test code', () => {
    const zip = zips.find((z) => z.endsWith('-sources.zip'))!;
    const all = entries(zip);
    expect(all.flatMap((e) => findSecrets(e.body).map((s) => `${e.name}: ${s}`))).toEqual([]);
    expect(all.filter((e) => /^(backend|test|scripts)\//.test(e.name)).map((e) => e.name)).toEqual([]);
  });
});
