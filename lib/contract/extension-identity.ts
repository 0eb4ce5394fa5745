/**
 * Portside's Chrome extension id, pinned. Chrome derives an unpacked extension's id from its
 * directory path unless the manifest carries a `key`; with this public key every build (any
 * checkout, CI, the e2e browser) has the same id, so the backend can grant CORS to exactly this
 * extension (backend/config.ts EXTENSION_ORIGINS). Only the public half exists: nothing here
 * signs anything. A Chrome Web Store listing has the store's own key and id; operators of such
 * a build list its origin in EXTENSION_ORIGINS.
 */
export const CHROME_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2ezuMKgMMntH0zxvojeI3MGYU1vr2jeVNhSF9lsAR6niYpKTR/XPZh0OWXzmuYzV99h7jp6Gdql5t8igxa8xzEHEORTCNFXww1tIBRSXZaaccq9e3SyBNnZApsrnFeuJEohRBflmQRu5KSKcw41YNlY4s6moIlyP4FwZ0G8aIAQ8mG0eLzS4tbThUYs5KfisWyiFLt+oxn1bg7jJz5gaKxJIVLLiIHyKO95R7cmglaTAWPhFerrBy7RsNIIZJ+aJAnIxfNPcRgGa9g8VApmeYjVYDglI3GbvMLF0J7r1xF0usev/2lvYybLcOSlsLziEKwYmTnrSz1e1lNjtNPU9bQIDAQAB';

/** The id Chrome derives from CHROME_EXTENSION_KEY (checked by test/unit/extension-identity.test.ts). */
export const CHROME_EXTENSION_ID = 'ncjlmmkjnohlokmnmocaeeaimiokdoih';
