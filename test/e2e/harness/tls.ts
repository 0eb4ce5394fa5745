import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** HubSpot's web hosts the fake serves; the certificate covers them all. */
export const HUBSPOT_WEB_HOSTS = ['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com'];

let cached: { key: Buffer; cert: Buffer } | null = null;

/** A throwaway self-signed certificate, made with openssl for this run only (never committed). */
export function selfSignedCert(): { key: Buffer; cert: Buffer } {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'portside-tls-'));
  const san = HUBSPOT_WEB_HOSTS.map((h) => `DNS:${h}`).join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-subj', '/CN=app.hubspot.com', '-addext', `subjectAltName=${san}`,
  ], { stdio: 'pipe' });
  cached = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  return cached;
}
