import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A backend started the way production starts it (`backend/main.ts`, its own process, config
 * from the environment), for the operations tests: its log lines are kept (to scan for
 * secrets and to read what happened), and it can be stopped with SIGTERM or killed with SIGKILL.
 */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface BackendProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Every stdout/stderr line so far (JSON log lines, plus anything else printed). */
  lines: string[];
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  logs(): Array<Record<string, unknown>>;
}

export async function startBackend(name: string, env: Record<string, string>, timeoutMs = 30_000, o: { cwd?: string; args?: string[] } = {}): Promise<BackendProcess> {
  const child = spawn(process.execPath, o.args ?? ['--import', 'tsx', 'backend/main.ts'], {
    cwd: o.cwd ?? ROOT,
    // Only what the backend needs: no inherited secrets or test-runner variables.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
    });
  };
  collect(child.stdout!);
  collect(child.stderr!);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const parse = () =>
    lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const started = Date.now();
  for (;;) {
    const hit = parse().find((l) => l.msg === 'server.started');
    if (hit) return { name, url: String(hit.url), child, lines, exited, logs: parse };
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`backend ${name} did not start:\n${lines.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The environment of a backend talking to a sandbox as a real HubSpot app (credentials set). */
export function backendEnv(o: { port: number; publicUrl: string; dataDir: string; databaseUrl?: string; encryptionKeys: string; sandboxUrl: string; clientId: string; clientSecret: string; appId: number }): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(o.port),
    PUBLIC_URL: o.publicUrl,
    DATA_DIR: o.dataDir,
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    ENCRYPTION_KEYS: o.encryptionKeys,
    PASSWORD_SCRYPT_LN: '10',
    HUBSPOT_CLIENT_ID: o.clientId,
    HUBSPOT_CLIENT_SECRET: o.clientSecret,
    HUBSPOT_APP_ID: String(o.appId),
    HUBSPOT_REDIRECT_URI: `${o.publicUrl}/install/callback`,
    HUBSPOT_API_BASE: o.sandboxUrl,
    HUBSPOT_AUTHORIZE_BASE: o.sandboxUrl,
  };
}
