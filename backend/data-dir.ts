import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * DATA_DIR holds the SQLite database, the development encryption key, the embedded sandbox's
 * state and TLS key and, under `npm start`, the log and the demo admin's password. None of it is
 * for other users of the machine: folders are 0700 and files 0600, set explicitly rather than
 * left to the process umask (a typical 022 would make every file world-readable). Each writer
 * calls these for its own paths, so an operator's `npm run backend` gets the same as `npm start`.
 * The answers are warning lines for the caller to log (nothing is logged here).
 */

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const mode = (m: number) => (m & 0o7777).toString(8).padStart(4, '0');

/** Creates `dir` (and missing parents) as 0700, or tightens an existing folder that others can enter. */
export function privateDir(dir: string): string[] {
  let existing: number;
  try {
    existing = statSync(dir).mode;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    // mkdir's mode is masked by the umask, which can only remove bits; set it exactly anyway.
    chmodSync(dir, PRIVATE_DIR_MODE);
    return [];
  }
  if ((existing & 0o077) === 0) return [];
  // A shared folder such as /tmp (sticky bit) belongs to everyone: leave it, say so.
  if (existing & 0o1000) return [`${dir} is a shared folder (mode ${mode(existing)}); Portside's files in it are 0600, but set DATA_DIR to a private folder`];
  try {
    chmodSync(dir, PRIVATE_DIR_MODE);
    return [`${dir} was mode ${mode(existing)}, readable by other users; tightened to 0700`];
  } catch (e) {
    return [`${dir} is mode ${mode(existing)}, readable by other users, and could not be tightened (${(e as NodeJS.ErrnoException).code ?? 'error'})`];
  }
}

/**
 * Makes `file` 0600: created empty with that mode when `create` is set and it is missing, an
 * existing one tightened (with a warning when it was looser). A missing file without `create` is left alone.
 */
export function privateFile(file: string, opts: { create?: boolean } = {}): string[] {
  let existing: number;
  try {
    existing = statSync(file).mode;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    if (!opts.create) return [];
    // 'a' never truncates: if another process created it meanwhile, its content stays.
    closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    chmodSync(file, PRIVATE_FILE_MODE);
    return [];
  }
  if ((existing & 0o777) === PRIVATE_FILE_MODE) return [];
  chmodSync(file, PRIVATE_FILE_MODE);
  return existing & 0o077 ? [`${file} was mode ${mode(existing)}, readable by other users; tightened to 0600`] : [];
}
