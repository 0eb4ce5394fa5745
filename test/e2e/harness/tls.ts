import { selfSignedCert as make } from '../../../backend/dev/self-signed';

export { HUBSPOT_WEB_HOSTS } from '../../../backend/dev/self-signed';

let cached: { key: Buffer; cert: Buffer } | null = null;

/** One throwaway certificate per test run. */
export function selfSignedCert(): { key: Buffer; cert: Buffer } {
  cached ??= make();
  return cached;
}
