import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { originPattern } from '../../../lib/extension/backend-url';
import { DEFAULT_BACKEND_URL } from '../../../lib/extension/extension-config';
import { findSecrets } from './secrets';

/**
 * The built extensions, as a store reviewer (or an attacker) reads them. `npm test` builds them
 * before vitest runs; a missing build fails here rather than skipping.
 *  - Host access: the backend origin and HubSpot's contact pages (the background injects the panel
 *    into record pages, which needs host access), nothing else up front; other origins are
 *    optional, asked for at run time. No content script is declared, so other pages run nothing.
 *  - Nobody outside the extension can message it (no `externally_connectable`).
 *  - No remote code: no http(s) script sources, no eval / new Function in the bundles.
 *  - Extension pages keep the browser's default CSP or a stricter one.
 *  - No secret in any shipped file.
 */
const BUILDS = { chrome: resolve('.output/chrome-mv3'), firefox: resolve('.output/firefox-mv2') };
const BACKEND = originPattern(DEFAULT_BACKEND_URL);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

const isHostPattern = (p: string) => p.includes('://') || p === '<all_urls>';

for (const [browser, dir] of Object.entries(BUILDS)) {
  describe(`${browser} build (${dir.split('/').slice(-2).join('/')})`, () => {
    if (!existsSync(join(dir, 'manifest.json'))) {
      it('exists', () => expect.fail(`no build in ${dir}: run \`npm run build\` (npm test does)`));
      return;
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

    it('asks up front only for the backend origin and HubSpot contact pages; everything else is optional', () => {
      const hosts = [...(manifest.host_permissions ?? []), ...(manifest.permissions ?? []).filter(isHostPattern)];
      expect(hosts.sort()).toEqual([BACKEND, 'https://*.hubspot.com/contacts/*'].sort());
      expect((manifest.permissions ?? []).filter((p: string) => !isHostPattern(p)).sort()).toEqual(['scripting', 'storage']);
    });

    it('declares no content script: the panel script ships unlisted, for the background to inject', () => {
      expect(manifest.content_scripts ?? []).toEqual([]);
      expect(existsSync(join(dir, 'content-scripts/panel.js'))).toBe(true);
    });

    it('cannot be messaged from outside (no externally_connectable)', () => {
      expect(manifest.externally_connectable).toBeUndefined();
    });

    it('keeps the default CSP or a stricter one for extension pages', () => {
      const csp = manifest.content_security_policy;
      const text = typeof csp === 'string' ? csp : (csp?.extension_pages ?? '');
      expect(text).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*|data:|blob:/);
    });

    it('exposes only its stylesheet to web pages', () => {
      const war = (manifest.web_accessible_resources ?? []).flatMap((w: string | { resources: string[] }) => (typeof w === 'string' ? [w] : w.resources));
      for (const r of war) expect(r).toMatch(/\.css$/);
    });

    it('ships no remote code: no http(s) script sources, no eval or new Function', () => {
      for (const f of files(dir)) {
        const text = readFileSync(f, 'utf8');
        if (f.endsWith('.html')) expect(text, f).not.toMatch(/<script[^>]+src=["']?(https?:)?\/\//i);
        if (f.endsWith('.js')) {
          expect(text, f).not.toMatch(/\beval\(|new Function\(|importScripts\(\s*["'`]https?:/);
          expect(text, f).not.toMatch(/import\(\s*["'`]https?:/);
        }
      }
    });

    it('contains no secret (sandbox client secret, keys, tokens)', () => {
      const found = files(dir).flatMap((f) => findSecrets(readFileSync(f)).map((s) => `${f}: ${s}`));
      expect(found).toEqual([]);
    });
  });
}

// `web-ext lint` (0 errors) runs in `npm test` itself, after vitest (`npm run lint:firefox`).
