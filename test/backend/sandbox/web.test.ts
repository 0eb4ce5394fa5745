import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

/** The HubSpot-like web pages: record page per viewer, access denied, list, SPA fragments, HTTPS. */

const acme = SEED.portals.acme;
const U = acme.users;
let s: StartedSandbox;
let certDir: string;

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'sandbox-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=app.hubspot.com', '-addext', 'subjectAltName=DNS:app.hubspot.com',
    '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' });
  s = await start({ https: { port: 0, key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) } });
});
afterAll(async () => {
  await s.close();
  rmSync(certDir, { recursive: true, force: true });
});

const page = async (path: string, as?: number, headers: Record<string, string> = {}) => {
  const res = await fetch(`${s.url}${path}${as ? `${path.includes('?') ? '&' : '?'}as=${as}` : ''}`, { headers });
  return { status: res.status, html: await res.text(), headers: res.headers };
};

describe('contact record page', () => {
  it('renders the record for a user who can view it, on both URL shapes', async () => {
    for (const path of ['/contacts/1001/record/0-1/101', '/contacts/1001/contact/101']) {
      const r = await page(path, U.ownedOnly.userId);
      expect(r.status).toBe(200);
      expect(r.html).toContain('data-test-id="contact-record"');
      expect(r.html).toContain('Olivia Oakes');
      expect(r.html).toContain('data-test-id="record-sidebar"');
      expect(r.html).toContain(`data-user-id="${U.ownedOnly.userId}"`);
      expect(r.html).toContain('data-can-edit="true"');
    }
    expect((await page('/contacts/1001/record/0-1/101', U.viewOnly.userId)).html).toContain('data-can-edit="false"');
  });

  it("shows HubSpot's access-denied page when the viewer cannot see the record", async () => {
    const r = await page('/contacts/1001/record/0-1/105', U.ownedOnly.userId);
    expect(r.html).toContain('data-test-id="access-denied"');
    expect(r.html).toContain("You don't have access to this record");
    expect(r.html).not.toContain('Ezra');
  });

  it('remembers the viewer in the sandbox_user cookie', async () => {
    const first = await page('/contacts/1001/record/0-1/101', U.ownedOnly.userId);
    expect(first.headers.get('set-cookie')).toContain(`sandbox_user=${U.ownedOnly.userId}`);
    const again = await page('/contacts/1001/record/0-1/105', undefined, { cookie: `sandbox_user=${U.ownedOnly.userId}` });
    expect(again.html).toContain('data-test-id="access-denied"');
    expect((await page('/contacts/1001/record/0-1/105')).html).toContain('data-test-id="contact-record"');
  });

  it('shows notes and tasks written through the API, escaped', async () => {
    const token = s.sandbox.control.install(acme.portalId, U.superAdmin.userId).access_token;
    const assoc = (typeId: number) => [{ to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] }];
    await api(s.url, token, '/crm/v3/objects/notes', { method: 'POST', body: { properties: { hs_note_body: '<p>Met at <b>expo</b></p>', hs_timestamp: '2026-12-01T09:00:00Z' }, associations: assoc(202) } });
    await api(s.url, token, '/crm/v3/objects/tasks', { method: 'POST', body: { properties: { hs_task_subject: '<script>alert(1)</script>', hs_timestamp: '2026-12-01T09:00:00Z' }, associations: assoc(204) } });
    await api(s.url, token, '/crm/v3/objects/contacts/101', { method: 'PATCH', body: { properties: { jobtitle: '"><img src=x onerror=alert(1)>' } } });
    const r = await page('/contacts/1001/record/0-1/101', U.superAdmin.userId);
    expect(r.html).toContain('data-test-id="note"');
    expect(r.html).toContain('Met at expo');
    expect(r.html).toContain('data-test-id="task"');
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.html).not.toContain('<script>alert(1)</script>');
    expect(r.html).not.toContain('<img src=x');
  });

  it('answers unknown records and portals with not-found pages', async () => {
    expect((await page('/contacts/1001/record/0-1/999999')).html).toContain('data-test-id="record-not-found"');
    expect((await page('/contacts/77/record/0-1/101')).status).toBe(404);
  });
});

describe('contacts list and SPA navigation', () => {
  it('lists only the records the viewer may see, with client-side links', async () => {
    const r = await page('/contacts/1001/objects/0-1/views/all/list', U.ownedOnly.userId);
    expect(r.html).toContain('data-test-id="contacts-list"');
    expect(r.html).toContain('href="/contacts/1001/record/0-1/101" data-spa-link');
    expect(r.html).not.toContain('data-contact-id="105"');
    expect(r.html).toContain('history.pushState');
  });

  it('serves only the main region when the SPA script asks for a fragment', async () => {
    const r = await page('/contacts/1001/record/0-1/101', undefined, { 'x-sandbox-fragment': '1' });
    expect(r.html.startsWith('<div class="page"')).toBe(true);
    expect(decodeURIComponent(r.headers.get('x-sandbox-title') ?? '')).toContain('Olivia Oakes');
  });
});

describe('https listener', () => {
  it('serves the same app over TLS', async () => {
    expect(s.webUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(`${s.webUrl}/contacts/1001/record/0-1/101`, { rejectUnauthorized: false, servername: 'app.hubspot.com' }, (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve(data));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toContain('data-test-id="contact-record"');
  });
});
