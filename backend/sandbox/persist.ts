import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { restoreSnapshot, snapshotSchema, takeSnapshot } from './snapshot.js';
import type { SandboxState } from './state.js';

/**
 * The sandbox's state file: restored at start, rewritten after changes (at most once per
 * `intervalMs`, and once more at close), so a restarted sandbox still knows the installs, tokens,
 * notes and tasks a backend holds ids of. Writes are atomic (a temporary file, fsync, rename) and
 * the file is 0600 in a 0700 folder: it holds live OAuth tokens. A file that cannot be used (not
 * JSON, another format version, another seed) is moved aside to `<file>.unreadable` and the
 * sandbox starts from the seed, saying so through `warn`.
 */

export type RestoreOutcome = 'restored' | 'no_file' | 'unreadable';

export function loadState(state: SandboxState, file: string, warn: (message: string) => void): RestoreOutcome {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'no_file';
    throw e;
  }
  const problem = (() => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return 'not JSON';
    }
    const parsed = snapshotSchema.safeParse(json);
    if (!parsed.success) return `not a sandbox state file of version 1 (${parsed.error.issues[0]?.path.join('.') || 'root'}: ${parsed.error.issues[0]?.message})`;
    if (parsed.data.seed !== state.seedKind) return `saved with the "${parsed.data.seed}" seed, this sandbox runs the "${state.seedKind}" seed`;
    restoreSnapshot(state, parsed.data);
    return null;
  })();
  if (problem === null) return 'restored';
  renameSync(file, `${file}.unreadable`);
  warn(`sandbox state file ${file} was not restored: ${problem}. Moved to ${file}.unreadable; starting from the seed (an install made before needs reconnecting).`);
  return 'unreadable';
}

export function writeState(state: SandboxState, file: string, now: number): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(takeSnapshot(state, now)));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The mode given to open is masked by the umask and ignored for an existing file: set it exactly.
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export class StatePersister {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly state: SandboxState,
    private readonly file: string,
    private readonly opts: { now: () => number; warn: (message: string) => void; intervalMs?: number },
  ) {}

  /** Something changed: write within `intervalMs` (one write covers every change until then). */
  changed(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.save();
    }, this.opts.intervalMs ?? 200);
    this.timer.unref();
  }

  /** Final write, after the servers stopped taking requests. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.save();
  }

  private save(): void {
    try {
      writeState(this.state, this.file, this.opts.now());
    } catch (e) {
      // A full disk must not take the sandbox down; the next change tries again.
      this.opts.warn(`sandbox state file ${this.file} could not be written: ${(e as Error).message}`);
    }
  }
}
