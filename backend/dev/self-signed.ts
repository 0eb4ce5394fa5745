import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** HubSpot's web hosts the sandbox serves over HTTPS; the certificate covers them all. */
export const HUBSPOT_WEB_HOSTS = ['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com'];

/**
 * A self-signed certificate for the sandbox's HubSpot web pages, made with openssl on this
 * machine (never committed, never used outside development and tests). With `dir` it is kept
 * there and reused; without, it lives in a fresh temporary folder.
 */
export function selfSignedCert(dir?: string): { key: Buffer; cert: Buffer } {
  const where = dir ?? mkdtempSync(join(tmpdir(), 'portside-tls-'));
  const keyPath = join(where, 'key.pem');
  const certPath = join(where, 'cert.pem');
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    mkdirSync(where, { recursive: true, mode: 0o700 });
    const san = HUBSPOT_WEB_HOSTS.map((h) => `DNS:${h}`).join(',');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '30',
      '-keyout', keyPath, '-out', certPath,
      '-subj', '/CN=app.hubspot.com', '-addext', `subjectAltName=${san}`,
    ], { stdio: 'pipe' });
  }
  return { key: readFileSync(keyPath), cert: readFileSync(certPath) };
}
