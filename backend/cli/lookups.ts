import type { Kysely } from 'kysely';
import type { Database, WorkspaceRow } from '../db/schema';
import { findWorkspace } from '../services/accounts/workspaces-store';
import { line, type CliContext } from './command';

/** The workspace an option names, or a message saying how to find the right id. */
export async function workspaceOrReport(ctx: CliContext, db: Kysely<Database>, id: string): Promise<WorkspaceRow | null> {
  const ws = await findWorkspace(db, id);
  if (!ws) line(ctx.stderr, `No workspace with id ${id}. List them with: npm run portside -- workspace list`);
  return ws ?? null;
}

/** Reads a password from stdin (pipe it: `printf %s "$PW" | …`), so it never sits in argv or shell history. */
export async function readStdin(ctx: CliContext, maxBytes = 4096): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > maxBytes) break;
    chunks.push(b);
  }
  // One trailing newline (from echo or a heredoc) is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
