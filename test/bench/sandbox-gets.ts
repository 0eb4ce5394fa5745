/**
 * Benchmark: simple GETs against the HubSpot sandbox (goal: at least 5,000 requests/s on a
 * 2-core machine, so the sandbox never limits the backend's own benchmarks).
 *
 *   npx tsx test/bench/sandbox-gets.ts [--seed=large|default] [--duration=10] [--connections=50]
 *
 * The sandbox runs as a child process (as `npm run sandbox` does) so it does not share an event
 * loop with the load generator. The burst limit is raised for the run: throttled answers would
 * measure the 429 path, not the GETs. Prints requests/s and latency per scenario.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
// autocannon ships no types; the slice used here is declared below.
// @ts-expect-error -- untyped module
import autocannonModule from 'autocannon';

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}
type Request = { method: string; path: string };
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests?: { setupRequest: (req: Request) => Request }[];
}) => Promise<Result>;
const autocannon = autocannonModule as Autocannon;

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const seed = arg('seed', 'large');
const duration = Number(arg('duration', '10'));
const connections = Number(arg('connections', '50'));
const root = fileURLToPath(new URL('../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

const port = await freePort();
const child = spawn(process.execPath, ['--import', 'tsx', 'backend/sandbox/main.ts'], {
  cwd: root,
  env: { ...process.env, SANDBOX_PORT: String(port), SANDBOX_SEED: seed },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  child.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('listening on')) resolve();
  });
});

const base = `http://127.0.0.1:${port}`;
const post = async (path: string, body: unknown, method = 'POST') => {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
};
const install = await post('/_sandbox/install', { portalId: 1001, userId: 5001 });
await post('/_sandbox/rate-limit', { max: 100_000_000, intervalMs: 10_000 }, 'PUT');
const headers = { authorization: `Bearer ${String(install.access_token)}` };

const firstId = seed === 'large' ? 1_000_000 : 101;
const span = seed === 'large' ? 100_000 : 30;
let n = 0;
const scenarios: { name: string; path?: string; dynamic?: () => string }[] = [
  { name: 'GET /crm/v3/objects/contacts/{id} (varying ids)', dynamic: () => `/crm/v3/objects/contacts/${firstId + (n++ % span)}?properties=email,hubspot_owner_id` },
  { name: 'GET /crm/v3/owners/7006', path: '/crm/v3/owners/7006' },
  { name: 'GET /account-info/v3/details', path: '/account-info/v3/details' },
];

console.log(`sandbox GET benchmark: seed=${seed}, ${connections} connections, ${duration}s per scenario`);
let worst = Infinity;
try {
  // A short unreported run first, so the JIT has compiled the hot paths before anything is measured.
  await autocannon({ url: `${base}/crm/v3/owners/7006`, connections, duration: 3, headers });
  for (const sc of scenarios) {
    const result = await autocannon({
      url: `${base}${sc.path ?? '/'}`,
      connections,
      duration,
      headers,
      ...(sc.dynamic ? { requests: [{ setupRequest: (req: Request) => ({ ...req, method: 'GET', path: sc.dynamic!() }) }] } : {}),
    });
    worst = Math.min(worst, result.requests.average);
    console.log(
      `${sc.name}: ${Math.round(result.requests.average)} req/s (total ${result.requests.total}, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors})`,
    );
  }
  console.log(`lowest: ${Math.round(worst)} req/s — goal ≥ 5000 req/s: ${worst >= 5000 ? 'met' : 'NOT met'}`);
} finally {
  child.kill('SIGTERM');
}
