import { SANDBOX_APP } from '../../../backend/sandbox/seed';

/**
 * What must never ship in an extension or its sources zip. Patterns are for real credential
 * shapes (not words like "token"), so the scan stays quiet on ordinary code and loud on a leak.
 */
const PATTERNS: Array<[string, RegExp]> = [
  ['the sandbox app client secret', new RegExp(SANDBOX_APP.clientSecret.replace(/[-]/g, '\\-'))],
  ['a private key', /-----BEGIN (RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/],
  ['a HubSpot private app / OAuth token', /\b(pat|CKj|COu)-(na|eu|ap)\d-[0-9a-f-]{20,}/],
  ['an AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['a JWT', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ['an ENCRYPTION_KEYS value', /ENCRYPTION_KEYS\s*=\s*["']?[A-Za-z0-9+/=:_-]{20,}/],
  ['a HubSpot client secret assignment', /HUBSPOT_CLIENT_SECRET\s*=\s*["']?[0-9a-f-]{20,}/i],
];

export function findSecrets(content: Buffer | string): string[] {
  const text = typeof content === 'string' ? content : content.toString('latin1');
  return PATTERNS.filter(([, re]) => re.test(text)).map(([name]) => name);
}
