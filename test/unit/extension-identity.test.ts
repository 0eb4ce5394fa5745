import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, CHROME_EXTENSION_KEY } from '../../lib/contract/extension-identity';

describe('the pinned Chrome extension id', () => {
  it("is the id Chrome derives from the manifest key (SHA-256 of the key's DER, first 32 hex digits as a-p)", () => {
    const hex = createHash('sha256').update(Buffer.from(CHROME_EXTENSION_KEY, 'base64')).digest('hex').slice(0, 32);
    expect([...hex].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('')).toBe(CHROME_EXTENSION_ID);
  });
});
