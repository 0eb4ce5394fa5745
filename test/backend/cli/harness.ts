import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../../backend/cli/run';
import type { SandboxApp } from '../../../backend/hubspot/app';
import { Keyring } from '../../../backend/vault/keyring';
import type { TestDatabase } from '../helpers/engines';
import { installTokenAad } from '../../../backend/vault/aad';

/** Runs the CLI in-process against a test database, capturing stdout/stderr and the exit code. */
export const CLI_ENV = { NODE_ENV: 'test', PASSWORD_SCRYPT_LN: '10', LOG_LEVEL: 'silent' } as const;

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(db: TestDatabase, argv: string[], o: { stdin?: string; env?: Record<string, string>; now?: number; sandboxApp?: SandboxApp } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  const code = await runCli(argv, {
    env: { ...CLI_ENV, ...db.env, ...o.env },
    stdout,
    stderr,
    stdin: Readable.from(o.stdin === undefined ? [] : [Buffer.from(o.stdin)]),
    ...(o.now !== undefined ? { now: () => o.now! } : {}),
    ...(o.sandboxApp ? { sandboxApp: o.sandboxApp } : {}),
  });
  return { code, out, err };
}

/** `workspace create` and the ids it printed. */
export async function makeWorkspace(db: TestDatabase, email: string, name = 'Acme'): Promise<{ workspaceId: string; memberId: string; out: string }> {
  const r = await cli(db, ['workspace', 'create', '--name', name, '--admin-email', email]);
  if (r.code !== 0) throw new Error(`workspace create failed: ${r.err}`);
  const m = /admin: \S+ \(member (\S+)\) in workspace (\S+),/.exec(r.out)!;
  return { memberId: m[1]!, workspaceId: m[2]!, out: r.out };
}

export function newKey(id: string): { id: string; key: Buffer; spec: string } {
  const key = randomBytes(32);
  return { id, key, spec: `${id}:${key.toString('base64')}` };
}

/** An install row with tokens sealed by `keyring`, as the install service stores them. */
export async function insertInstall(db: TestDatabase, workspaceId: string, portalId: string, keyring: Keyring, over: Record<string, unknown> = {}): Promise<string> {
  const id = `inst-${portalId}`;
  const now = Date.now();
  const r = keyring.seal(`refresh-secret-${portalId}`, installTokenAad(id, 'refresh'));
  const a = keyring.seal(`access-secret-${portalId}`, installTokenAad(id, 'access'));
  await db.handle.db
    .insertInto('installs')
    .values({
      id,
      workspace_id: workspaceId,
      portal_id: portalId,
      hub_domain: `p${portalId}.example`,
      installer_user_id: '1',
      installer_email: 'installer@example.com',
      installed_by_member_id: null,
      granted_scopes: 'crm.objects.contacts.read crm.objects.contacts.write crm.objects.owners.read oauth',
      missing_optional_scopes: '',
      refresh_token_sealed: r.sealed,
      refresh_key_id: r.keyId,
      access_token_sealed: a.sealed,
      access_key_id: a.keyId,
      access_expires_at: now + 1_800_000,
      status: 'connected',
      installed_at: now,
      last_refresh_at: null,
      last_success_at: now,
      last_error_at: null,
      last_error_code: null,
      last_error_message: null,
      last_error_correlation_id: null,
      updated_at: now,
      ...over,
    })
    .execute();
  return id;
}

export { Keyring };
