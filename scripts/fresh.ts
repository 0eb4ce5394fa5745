import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_STATE_FILE } from '../backend/server';

/**
 * `npm start --fresh`: the demo starts over. Portside's SQLite database and the embedded
 * sandbox's state go together (the database holds tokens and ids the sandbox issued), and so does
 * the demo admin's password file (its account lives in that database). The development
 * encryption key, the sandbox's TLS certificate (a browser may have accepted it) and the log stay.
 */
export const FRESH_FILES = [
  'portside.sqlite',
  'portside.sqlite-wal',
  'portside.sqlite-shm',
  SANDBOX_STATE_FILE,
  `${SANDBOX_STATE_FILE}.tmp`,
  `${SANDBOX_STATE_FILE}.unreadable`,
  'demo-admin.json',
];

/** Which of the files `--fresh` removes exist now (to say so before removing them). */
export function freshTargets(dataDir: string): string[] {
  return FRESH_FILES.map((f) => join(dataDir, f)).filter((f) => existsSync(f));
}

export function wipeForFresh(dataDir: string): string[] {
  const targets = freshTargets(dataDir);
  for (const f of targets) rmSync(f, { force: true });
  return targets;
}
