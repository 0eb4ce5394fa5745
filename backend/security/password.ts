import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';

/**
 * Password hashing with scrypt (memory-hard, in node:crypto, no native add-on) at OWASP's
 * parameters by default: N=2^17, r=8, p=1. Hashes are PHC strings that carry their parameters,
 * `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (unpadded base64), so a cost change is noticed at the
 * next sign-in and the hash is upgraded then.
 */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

const KEY_LEN = 32;
const SALT_LEN = 16;
// A stored string outside these bounds is treated as corrupt rather than run (N=2^25 would need 4 GiB).
const MAX_LN = 22;

/**
 * At most `limit` KDF runs at once; the rest wait their turn. scrypt runs on libuv's pool
 * (4 threads by default): on a 2-core host, 4 concurrent hashes would starve the event loop and
 * every other route with it. Keeping one core free keeps other routes' latency flat while
 * sign-ins queue.
 */
function semaphore(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  const run = async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
  return Object.assign(run, { waiting: () => waiting.length });
}

export const defaultKdfConcurrency = () => Math.max(1, availableParallelism() - 1);

function scryptAsync(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  // scrypt needs 128·N·r·p bytes; Node's default cap (32 MiB) is below OWASP's cost, so allow 2×.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r * params.p };
  return new Promise((resolve, reject) => {
    // The string is hashed exactly as typed (UTF-8), never trimmed or truncated.
    scrypt(password, salt, KEY_LEN, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export function formatPhc(params: ScryptParams, salt: Buffer, hash: Buffer): string {
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

interface ParsedPhc {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/;

export function parsePhc(phc: string): ParsedPhc | null {
  const m = PHC.exec(phc);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 1 || params.ln > MAX_LN || params.r < 1 || params.p < 1 || params.p > 4) return null;
  return { params, salt: Buffer.from(m[4]!, 'base64'), hash: Buffer.from(m[5]!, 'base64') };
}

export interface PasswordHasher {
  readonly params: ScryptParams;
  hash(password: string): Promise<string>;
  /** `rehash` is true when the stored hash used other parameters than the current ones. */
  verify(password: string, phc: string): Promise<{ ok: boolean; rehash: boolean }>;
  /**
   * Runs one KDF at the current cost and returns false: used for unknown emails and accounts
   * without a password, so they take as long as a wrong password for a real account.
   */
  verifyDummy(password: string): Promise<false>;
  /**
   * True when so many KDF runs already wait their turn that one more would wait seconds: sign-in
   * then answers "busy, try again" at once instead of queueing a person behind a password storm.
   */
  saturated(): boolean;
}

/** KDF runs allowed to wait per running one: at OWASP cost (~0.4 s a run here) about 3 s of queue. */
export const KDF_QUEUE_PER_SLOT = 8;

export function createPasswordHasher(params: ScryptParams, opts: { concurrency?: number; maxQueue?: number } = {}): PasswordHasher {
  let dummy: Promise<string> | null = null;
  let dummyHash: string | null = null;
  const concurrency = opts.concurrency ?? defaultKdfConcurrency();
  const maxQueue = opts.maxQueue ?? concurrency * KDF_QUEUE_PER_SLOT;
  const limited = semaphore(concurrency);
  const kdf = (password: string, salt: Buffer, p: ScryptParams) => limited(() => scryptAsync(password, salt, p));
  const hasher: PasswordHasher = {
    params,
    async hash(password) {
      const salt = randomBytes(SALT_LEN);
      return formatPhc(params, salt, await kdf(password, salt, params));
    },
    async verify(password, phc) {
      const parsed = parsePhc(phc);
      if (!parsed) return { ok: false, rehash: false };
      const candidate = await kdf(password, parsed.salt, parsed.params);
      const ok = candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
      const same = parsed.params.ln === params.ln && parsed.params.r === params.r && parsed.params.p === params.p;
      return { ok, rehash: ok && !same };
    },
    async verifyDummy(password) {
      // Once the dummy hash exists the KDF is queued in this same turn, like verify's, so the
      // caller's saturated() check still holds when the run joins the queue.
      if (dummyHash === null) {
        dummy ??= hasher.hash(randomBytes(24).toString('base64'));
        dummyHash = await dummy;
      }
      await hasher.verify(password, dummyHash);
      return false;
    },
    saturated: () => limited.waiting() >= maxQueue,
  };
  return hasher;
}

/** The server's hasher for its configuration: r=8, p=1 fixed, cost from PASSWORD_SCRYPT_LN, parallelism from KDF_CONCURRENCY. */
export function hasherFromConfig(config: { PASSWORD_SCRYPT_LN: number; KDF_CONCURRENCY?: number | undefined }): PasswordHasher {
  return createPasswordHasher({ ln: config.PASSWORD_SCRYPT_LN, r: 8, p: 1 }, { concurrency: config.KDF_CONCURRENCY });
}
