import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, startAccountsApp, type TestApp } from '../helpers/accounts-app';
import { createTestDatabase, type TestDatabase } from '../helpers/engines';

/**
 * Issue 14, item 9: slow bodies and uncapped connections, against the app's own HTTP server on a
 * real port with real sockets. The timers are scaled down (1 s for headers, 2 s for the request)
 * so a drip of one byte every 400 ms stands for the one byte every 5 s: what matters is
 * that the drip never goes idle long enough for an idle timer, yet the request never completes.
 * Socket behaviour does not depend on the database engine, so SQLite alone serves here.
 */
const HEADERS_MS = 1_000;
const REQUEST_MS = 2_000;
const MAX_CONNECTIONS = 4;

interface Conn {
  socket: Socket;
  /** Everything received so far. */
  text: () => string;
  closed: Promise<number>;
}

async function open(port: number): Promise<Conn> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.setEncoding('utf8').on('data', (d: string) => (text += d));
  socket.on('error', () => {});
  const opened = Date.now();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, text: () => text, closed };
}

/** One keep-alive GET on an open connection; resolves with the status line's code. */
async function get(c: Conn, path = '/healthz'): Promise<number> {
  const before = c.text().length;
  c.socket.write(`GET ${path} HTTP/1.1\r\nHost: portside\r\n\r\n`);
  for (let i = 0; i < 100 && !/\r\n\r\n/.test(c.text().slice(before)); i++) await new Promise((r) => setTimeout(r, 20));
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(c.text().slice(before))?.[1] ?? 0);
}

/** Writes `bytes` one at a time, every `everyMs`, until the socket closes (or the bytes run out). */
function drip(c: Conn, bytes: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (c.socket.destroyed || i >= bytes.length) return clearInterval(timer);
    c.socket.write(bytes[i++]!);
  }, everyMs);
  void c.closed.then(() => clearInterval(timer));
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);

describe('round 2: slow requests and the connection cap on a real socket', () => {
  let db: TestDatabase;
  let t: TestApp;
  let port = 0;
  const conns: Conn[] = [];
  const tracked = async (p: Promise<Conn>) => (conns.push(await p), conns[conns.length - 1]!);
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    t = await startAccountsApp(db, { HEADERS_TIMEOUT_MS: String(HEADERS_MS), REQUEST_TIMEOUT_MS: String(REQUEST_MS), MAX_CONNECTIONS: String(MAX_CONNECTIONS) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const c of conns) c.socket.destroy();
    await t.close();
    await db.destroy();
  });

  it('a body dripped a byte at a time is cut with 408 soon after REQUEST_TIMEOUT_MS', async () => {
    const ws = await createWorkspace(t.app);
    const body = JSON.stringify({ email: ws.email, password: ws.password });
    const c = await tracked(open(port));
    c.socket.write(`POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: portside\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    drip(c, body, 400);
    const after = await within(c.closed, REQUEST_MS + 3_000);
    expect(after, 'the server never closed the dripping connection').not.toBe('still open');
    expect(after).toBeGreaterThanOrEqual(REQUEST_MS - 100);
    expect(c.text()).toMatch(/^HTTP\/1\.1 408 /);
    expect(c.text()).toContain('{"error":{"code":"bad_request","message":"The request did not arrive in time."}}');
  });

  it('headers dripped a line at a time are cut soon after HEADERS_TIMEOUT_MS', async () => {
    const c = await tracked(open(port));
    c.socket.write('GET /healthz HTTP/1.1\r\n');
    drip(c, 'X-Slow: abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz', 200);
    const after = await within(c.closed, HEADERS_MS + 3_000);
    expect(after, 'the server never closed the connection').not.toBe('still open');
    expect(c.text()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a connection that never sends a byte is closed soon after HEADERS_TIMEOUT_MS', async () => {
    const c = await tracked(open(port));
    expect(await within(c.closed, HEADERS_MS + 3_000), 'the server kept the silent connection').not.toBe('still open');
  });

  it('holds MAX_CONNECTIONS: the next connection is dropped unanswered, the open ones are still served, and a freed slot is reused', async () => {
    // Wait for the sockets of the tests above to be gone from the server's count.
    for (let i = 0; i < 50 && (await new Promise<number>((r) => t.app.server.getConnections((_e, n) => r(n)))) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => tracked(open(port))));
    for (const c of held) expect(await get(c)).toBe(200);

    const extra = await tracked(open(port));
    extra.socket.write('GET /healthz HTTP/1.1\r\nHost: portside\r\n\r\n');
    expect(await within(extra.closed, 2_000)).not.toBe('still open');
    expect(extra.text()).toBe('');
    // The operator learns the cap is being hit.
    expect(t.logs.some((l) => l.includes('"msg":"http.connections_dropped"') && l.includes(`"maxConnections":${MAX_CONNECTIONS}`))).toBe(true);

    for (const c of held) expect(await get(c)).toBe(200);
    held[0]!.socket.end();
    await held[0]!.closed;
    for (let i = 0; i < 50 && (await new Promise<number>((r) => t.app.server.getConnections((_e, n) => r(n)))) >= MAX_CONNECTIONS; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await get(await tracked(open(port)))).toBe(200);
  });
});
