import { readMailedCode } from './mailbox';

/**
 * Sign-up over real HTTP against a backend whose mail goes to the console transport (every
 * non-production backend by default): ask for a code, read it from DATA_DIR/mail/, create.
 */
export async function signUpOverHttp(
  base: string,
  dataDir: string,
  body: { workspaceName: string; email: string; password: string; displayName?: string; staySignedIn?: boolean },
): Promise<Record<string, unknown>> {
  const post = async (path: string, payload: unknown, expected: number) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`POST ${path} → ${res.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const { password, staySignedIn, ...start } = body;
  await post('/api/v1/workspaces', start, 202);
  const code = await readMailedCode(dataDir, body.email.trim().toLowerCase());
  return post('/api/v1/workspaces/verify', { email: body.email, code, password, ...(staySignedIn !== undefined ? { staySignedIn } : {}) }, 201);
}
