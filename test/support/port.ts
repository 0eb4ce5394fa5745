import { createServer, type AddressInfo } from 'node:net';

/**
 * A TCP port free on 127.0.0.1 right now: the OS picks it (listen on 0), we release it and hand
 * it on. Used where the port must be known before the server starts (PUBLIC_URL, a child
 * process's env, a PostgreSQL cluster's `-p`).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
