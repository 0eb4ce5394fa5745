import { fail, ok, type Result } from '../contract/errors';

/**
 * Normalises a backend URL typed by an admin (checked on the options page as they type, and again
 * by the background before it is stored). https is required except on loopback, so a
 * session token is never sent in clear text over a network.
 */
export function normaliseBackendUrl(input: string): Result<string> {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return fail('bad_request', 'Enter a full address, like https://portside.example.com.');
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return fail('bad_request', 'The server address must start with https:// (http:// is only allowed for localhost).');
  }
  if (url.username || url.password || url.search || url.hash) {
    return fail('bad_request', 'The server address must not contain a user name, query or fragment.');
  }
  return ok(`${url.origin}${url.pathname.replace(/\/+$/, '')}`);
}

export function originPattern(backendUrl: string): string {
  const url = new URL(backendUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
