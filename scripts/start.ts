/**
 * `npm start`: the main job on a fresh machine. Builds the extension for Chrome and Firefox,
 * starts the backend with SQLite and the embedded HubSpot sandbox, makes sure a demo admin
 * exists, and prints where everything is. Backend logs go to data/backend.log.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { ConfigError, parseConfig } from '../backend/config';
import { createLogger } from '../backend/logger';
import { startServer } from '../backend/server';
import { SEED } from '../backend/sandbox/seed';
import { printGuide, type DemoAdmin } from './start-guide';

const args = new Set(process.argv.slice(2));
const env = { PORT: '8787', SANDBOX_PORT: '8788', SANDBOX_HTTPS_PORT: '8443', DATA_DIR: './data', ...process.env };

/** The code in the newest console-transport mail to `to` (the mail is written just after the answer). */
async function mailedCode(dataDir: string, to: string): Promise<string | null> {
  const dir = join(dataDir, 'mail');
  for (let i = 0; i < 50; i++) {
    const files = existsSync(dir) ? readdirSync(dir).sort().reverse() : [];
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      const code = text.startsWith(`To: ${to}\n`) ? /^\s{4}(\d{8})$/m.exec(text)?.[1] : undefined;
      if (code) return code;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

async function ensureDemoAdmin(url: string, dataDir: string): Promise<DemoAdmin | null> {
  const file = join(dataDir, 'demo-admin.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoAdmin;
  const admin = SEED.portals.acme.users.superAdmin;
  const demo: DemoAdmin = { email: admin.email, password: randomBytes(9).toString('base64url'), workspace: 'Acme Sales' };
  const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // Sign-up is two steps (a mailed code proves the address); with no mail server the development
  // console transport writes the mail under DATA_DIR/mail/, where this script reads the code.
  const started = await post('/api/v1/workspaces', { workspaceName: demo.workspace, email: demo.email, displayName: `${admin.firstName} ${admin.lastName}` });
  const code = started.status === 202 ? await mailedCode(dataDir, demo.email) : null;
  if (!code) return null;
  const res = await post('/api/v1/workspaces/verify', { email: demo.email, code, password: demo.password });
  if (!res.ok) return null;
  // A local demo credential for this machine's data folder only, readable by this user alone.
  writeFileSync(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return demo;
}

async function main() {
  if (!args.has('--no-build')) {
    process.stdout.write('Building the extension for Chrome and Firefox…\n');
    execFileSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  let config;
  try {
    config = parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`portside: ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const logFile = join(dataDir, 'backend.log');
  const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: logFile, sync: false }));
  const server = await startServer(config, logger);
  const demo = server.sandbox ? await ensureDemoAdmin(server.url, dataDir) : null;
  printGuide({ server, config, demo, logFile, outputDir: resolve('.output') });

  const stop = async () => {
    process.stdout.write('\nStopping Portside…\n');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
