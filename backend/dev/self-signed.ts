import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateDir, privateFile } from '../data-dir';

/** HubSpot's web hosts the sandbox serves over HTTPS; the certificate covers them all. */
export const HUBSPOT_WEB_HOSTS = ['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com'];

/**
 * A self-signed certificate for the sandbox's HubSpot web pages, made with openssl on this
 * machine (never committed, never used outside development and tests). With `dir` it is kept
 * there and reused; without, it lives in a fresh temporary folder. The folder is 0700 and both
 * files 0600 (openssl writes them with the umask's mode). Answers warnings about a looser
 * folder or key found from an earlier run (tightened).
 */
export function selfSignedCert(dir?: string): { key: Buffer; cert: Buffer; warnings: string[] } {
  const where = dir ?? mkdtempSync(join(tmpdir(), 'portside-tls-'));
  const keyPath = join(where, 'key.pem');
  const certPath = join(where, 'cert.pem');
  const warnings = privateDir(where);
  const fresh = !existsSync(keyPath) || !existsSync(certPath);
  if (fresh) {
    const san = HUBSPOT_WEB_HOSTS.map((h) => `DNS:${h}`).join(',');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '30',
      '-keyout', keyPath, '-out', certPath,
      '-subj', '/CN=app.hubspot.com', '-addext', `subjectAltName=${san}`,
    ], { stdio: 'pipe' });
  }
  const loose = [...privateFile(keyPath), ...privateFile(certPath)];
  // Files openssl just wrote are only tightened; a looser pair from an earlier run is worth a warning.
  if (!fresh) warnings.push(...loose);
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), warnings };
}
