import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBuild, clearStamp, sourceHash, writeStamp } from '../../scripts/build-stamp';
import type { DemoState } from '../../scripts/demo-state';
import { FRESH_FILES, wipeForFresh } from '../../scripts/fresh';
import { createProgress } from '../../scripts/progress';
import { guideText, type GuideInput } from '../../scripts/start-guide';

/** `npm start`'s helpers (issue 15 items 10 and 11): build skipping, --fresh, progress, the guide. */

const dirs: string[] = [];
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'start-script-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(): string {
  const root = scratch();
  for (const d of ['entrypoints', 'lib', 'backend', '.output/chrome-mv3', '.output/firefox-mv2']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'entrypoints/background.ts'), 'export {};');
  writeFileSync(join(root, 'lib/a.ts'), 'export const a = 1;');
  writeFileSync(join(root, 'backend/server.ts'), 'export {};');
  writeFileSync(join(root, 'package-lock.json'), '{}');
  for (const b of ['chrome-mv3', 'firefox-mv2']) writeFileSync(join(root, '.output', b, 'manifest.json'), '{}');
  return root;
}

describe('build stamp', () => {
  it('skips only when both builds exist and the extension sources, configuration and lockfile are unchanged', () => {
    const root = tree();
    const hash = sourceHash(root);
    expect(checkBuild(root, hash)).toEqual({ current: false, reason: 'no record of the sources the last build used' });
    writeStamp(root, hash);
    expect(checkBuild(root, sourceHash(root))).toEqual({ current: true });
    // The backend is not part of the extension.
    writeFileSync(join(root, 'backend/server.ts'), 'export const changed = true;');
    expect(checkBuild(root, sourceHash(root))).toEqual({ current: true });
    writeFileSync(join(root, 'lib/a.ts'), 'export const a = 2;');
    expect(checkBuild(root, sourceHash(root))).toEqual({ current: false, reason: 'sources changed since the last build' });
    writeStamp(root, sourceHash(root));
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    expect(checkBuild(root, sourceHash(root)).current).toBe(false);
  });

  it('a missing build, or one started and not finished, is never current', () => {
    const root = tree();
    writeStamp(root, sourceHash(root));
    clearStamp(root);
    expect(checkBuild(root, sourceHash(root)).current).toBe(false);
    writeStamp(root, sourceHash(root));
    rmSync(join(root, '.output/firefox-mv2'), { recursive: true });
    expect(checkBuild(root, sourceHash(root))).toEqual({ current: false, reason: 'no firefox-mv2 build yet' });
  });
});

describe('--fresh', () => {
  it('removes the database, the sandbox state and the demo admin together, and nothing else', () => {
    const dir = scratch();
    const kept = ['dev-encryption-key', 'backend.log', 'notes.txt'];
    for (const f of [...FRESH_FILES, ...kept]) writeFileSync(join(dir, f), 'x');
    const removed = wipeForFresh(dir);
    expect(removed.sort()).toEqual(FRESH_FILES.map((f) => join(dir, f)).sort());
    expect(FRESH_FILES).toEqual(expect.arrayContaining(['portside.sqlite', 'sandbox-state.json', 'demo-admin.json']));
    for (const f of FRESH_FILES) expect(existsSync(join(dir, f))).toBe(false);
    for (const f of kept) expect(existsSync(join(dir, f))).toBe(true);
  });
});

describe('progress', () => {
  it('says what each step does when it starts and how long it took when it ends', async () => {
    let t = 0;
    const out: string[] = [];
    const p = createProgress({ write: (s: string) => out.push(s) }, () => t);
    await p.step('Building the extension for Chrome', async () => {
      t += 12_300;
    });
    await expect(p.step('Starting the backend', async () => Promise.reject(new Error('port in use')))).rejects.toThrow('port in use');
    expect(out.join('')).toBe(
      '… Building the extension for Chrome\n✓ Building the extension for Chrome (12.3 s; 12.3 s since start)\n… Starting the backend\n✗ Starting the backend (0.0 s; 12.3 s since start)\n',
    );
  });
});

describe('the guide reflects the demo as the database has it', () => {
  const base: Omit<GuideInput, 'state'> = {
    server: { url: 'http://127.0.0.1:8787', hubspot: { apiBase: 'http://127.0.0.1:8788' } as GuideInput['server']['hubspot'], sandbox: { url: 'http://127.0.0.1:8788', webUrl: 'https://127.0.0.1:8443', state: 'restored' } },
    config: { DATA_DIR: './data' },
    demo: { email: 'alice.admin@acme.example', password: 'pw', workspace: 'Acme Sales' },
    demoFile: 'data/demo-admin.json',
    logFile: 'data/backend.log',
    outputDir: '.output',
  };
  const alice = { email: 'alice.admin@acme.example', name: 'Alice Admin', role: 'admin' as const, status: 'active' as const, signedIn: true, linkedTo: null };

  it('not connected: the next step is Connect HubSpot', () => {
    const text = guideText({ ...base, state: { workspace: 'Acme Sales', install: null, members: [alice] } });
    expect(text).toContain('HubSpot: not connected. Next: in options, "Connect HubSpot"');
    expect(text).toContain('Alice Admin <alice.admin@acme.example>: admin, signed in, not linked to a HubSpot user');
  });

  it('connected: no "Connect HubSpot"; says who is linked and what is left', () => {
    const state: DemoState = {
      workspace: 'Acme Sales',
      install: { status: 'connected', portalId: '1001', hubDomain: 'acme.example' },
      members: [
        { ...alice, linkedTo: { email: 'alice.admin@acme.example', name: 'Alice Admin' } },
        { email: 'oscar@acme.example', name: null, role: 'member', status: 'active', signedIn: false, linkedTo: null },
      ],
    };
    const text = guideText({ ...base, state });
    expect(text).not.toContain('Connect HubSpot');
    expect(text).toContain('HubSpot: connected to portal 1001 (acme.example).');
    expect(text).toContain('admin, signed in, linked to HubSpot user Alice Admin');
    expect(text).toContain('oscar@acme.example: member, not signed in, not linked to a HubSpot user');
    expect(text).toContain('Next: link oscar@acme.example to their HubSpot user');
    expect(text).toContain('state kept from the last run; --fresh starts over');
  });

  it('needs reconnect: says so instead of pretending to be connected or new', () => {
    const text = guideText({ ...base, state: { workspace: 'Acme Sales', install: { status: 'needs_reconnect', portalId: '1001', hubDomain: null }, members: [alice] } });
    expect(text).toContain('portal 1001 needs reconnecting. Next: in options, "Reconnect HubSpot"');
    expect(text).not.toContain('"Connect HubSpot"');
  });
});
