/**
 * `npm start`: the main job on a fresh machine. Builds the extension for Chrome and Firefox
 * (skipped when its sources did not change since the last build), starts the backend with SQLite
 * and the embedded HubSpot sandbox (both keep their state in DATA_DIR across restarts), makes sure
 * a demo admin exists, and prints where everything is and what to do next. Each step says what it
 * is doing and how long it took. Backend logs go to DATA_DIR/backend.log.
 *
 *   npm start                  build if needed, start
 *   npm start -- --no-build    start with whatever .output holds
 *   npm start -- --fresh       forget the demo (database, sandbox state, demo admin) and start over
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, parseConfig, type Config } from '../backend/config';
import { privateDir, privateFile } from '../backend/data-dir';
import { createLogger, privateLogFile } from '../backend/logger';
import { startServer } from '../backend/server';
import { embeddedSandbox } from '../backend/dev/embedded-sandbox';
import { SEED } from '../backend/sandbox/seed';
import { checkBuild, clearStamp, sourceHash, writeStamp } from './build-stamp';
import { readDemoState } from './demo-state';
import { freshTargets, wipeForFresh } from './fresh';
import { createProgress } from './progress';
import { guideText, type DemoAdmin } from './start-guide';

const FLAGS = new Set(['--no-build', '--fresh']);
const args = process.argv.slice(2);
const env = { PORT: '8787', SANDBOX_PORT: '8788', SANDBOX_HTTPS_PORT: '8443', DATA_DIR: './data', ...process.env };
const root = process.cwd();
const progress = createProgress(process.stdout);
const demoAdminSchema = z.object({ email: z.string().email(), password: z.string().min(1), workspace: z.string().min(1) });

function fail(message: string, code = 1): never {
  process.stderr.write(`portside: ${message}\n`);
  process.exit(code);
}

/** One `wxt build`; its output is kept back and shown only if it fails or warns. */
function wxtBuild(extra: string[]): Promise<void> {
  return new Promise((done, reject) => {
    const child = spawn('npx', ['wxt', 'build', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`wxt build ${extra.join(' ')} failed (exit ${code}):\n${out}${err}`));
      // WXT's own "Preparing..." spinner line is not a warning; anything else on stderr is shown.
      const warnings = err.split('\n').filter((l) => l.trim() && !/^\W*Preparing\.\.\.\s*$/.test(l));
      if (warnings.length) process.stderr.write(`${warnings.join('\n')}\n`);
      done();
    });
  });
}

async function buildExtension(): Promise<void> {
  const hash = sourceHash(root);
  const check = checkBuild(root, hash);
  if (check.current) {
    progress.line('✓ Extension build is current (its sources did not change since the last build); not rebuilding.');
    return;
  }
  progress.line(`Building the extension: ${check.reason}.`);
  clearStamp(root);
  await progress.step('Building the extension for Chrome (wxt build)', () => wxtBuild([]));
  await progress.step('Building the extension for Firefox (wxt build -b firefox)', () => wxtBuild(['-b', 'firefox']));
  writeStamp(root, hash);
}

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

async function createDemoAdmin(url: string, file: string, dataDir: string): Promise<DemoAdmin | null> {
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
  // Creating a workspace signs its admin in; this script is not the admin's browser, so that
  // session ends here and "signed in" in the guide only ever means a real sign-in.
  const created = z.object({ token: z.string().min(1) }).safeParse(await res.json());
  if (created.success) await fetch(`${url}/api/v1/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${created.data.token}` } });
  // A local demo credential for this machine's data folder only, readable by this user alone.
  writeFileSync(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return demo;
}

function readDemoAdmin(file: string): DemoAdmin | null {
  if (!existsSync(file)) return null;
  privateFile(file);
  const parsed = demoAdminSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

function startOver(config: Config, dataDir: string): void {
  if (config.DATABASE_URL) fail('--fresh only wipes the SQLite demo; DATABASE_URL is set, so nothing was removed.', 64);
  const targets = freshTargets(dataDir);
  if (!targets.length) return progress.line('--fresh: nothing to remove; this is a fresh start already.');
  progress.line(`--fresh: starting over. Removing the demo's database, the sandbox's state and the demo admin:\n${targets.map((t) => `  ${t}`).join('\n')}`);
  wipeForFresh(dataDir);
}

async function main() {
  const unknown = args.filter((a) => !FLAGS.has(a));
  if (unknown.length) fail(`unknown option ${unknown.join(' ')} (options: --no-build, --fresh)`, 64);
  let config: Config;
  try {
    config = parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 78);
    throw err;
  }
  const dataDir = resolve(config.DATA_DIR);
  if (args.includes('--fresh')) startOver(config, dataDir);
  if (args.includes('--no-build')) progress.line('Not building the extension (--no-build); using what .output holds.');
  else await buildExtension();

  for (const w of privateDir(dataDir)) progress.line(`warning: ${w}`);
  const logFile = join(dataDir, 'backend.log');
  const log = privateLogFile(logFile);
  const logger = createLogger(config.LOG_LEVEL, log.destination);
  for (const w of log.warnings) logger.warn({ warning: w }, 'data_dir.permissions');
  const server = await progress.step('Starting the backend (database migrations, HubSpot sandbox)', () => startServer(config, logger, { embeddedHubSpot: embeddedSandbox }));
  const demoFile = join(dataDir, 'demo-admin.json');
  let demo: DemoAdmin | null = null;
  let state = null;
  if (server.sandbox) {
    demo = readDemoAdmin(demoFile);
    state = demo ? await readDemoState(server.database.db, demo.email, Date.now()) : null;
    // A password file whose account is not in the database (deleted by hand) would print a lie.
    if (!state) {
      rmSync(demoFile, { force: true });
      demo = await progress.step('Creating the demo admin', () => createDemoAdmin(server.url, demoFile, dataDir));
      state = demo ? await readDemoState(server.database.db, demo.email, Date.now()) : null;
    }
  }
  process.stdout.write(guideText({ server, config, demo, demoFile, state, logFile, outputDir: resolve('.output') }));

  const stop = async () => {
    process.stdout.write('\nStopping Portside…\n');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
