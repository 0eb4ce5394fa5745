import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fail, ok, type Result } from '../../lib/contract/errors';
import { kdfLanes, type KdfLane } from './kdf-lanes';

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
  /**
   * Hashes a newly chosen password (sign-up, invite accept, password change, reset) in the
   * bounded `new_password` lane: when its share is full the answer is "busy, try again" at once
   * (503 service_unavailable with Retry-After), never a wait behind a storm.
   */
  hash(password: string): Promise<Result<string>>;
  /**
   * Checks an existing account's password, by default in the `sign_in` lane, served before new
   * passwords; a password change checks the current one in the `new_password` lane, so a storm of
   * changes queues with new passwords, not in front of sign-ins. Check `saturated(lane)` first.
   * `rehash` is true when the stored hash used other parameters than the current ones.
   */
  verify(password: string, phc: string, lane?: KdfLane): Promise<{ ok: boolean; rehash: boolean }>;
  /**
   * Runs one KDF at the current cost (in `lane`, like verify) and returns false: used for unknown
   * emails and accounts without a password, so they take as long as a wrong password for a real
   * account. It needs no stored dummy hash (a random salt is as good), so there is no first
   * storm after start that runs before any admission check.
   */
  verifyDummy(password: string, lane?: KdfLane): Promise<false>;
  /**
   * True when so many runs of the lane (default `sign_in`) already wait their turn that one more
   * would wait seconds: the caller then answers "busy, try again" at once (503
   * service_unavailable, Retry-After) instead of queueing a person behind a storm.
   */
  saturated(lane?: KdfLane): boolean;
}

/** KDF runs allowed to wait per running one: at OWASP cost (~0.4 s a run here) about 3 s of queue. */
export const KDF_QUEUE_PER_SLOT = 8;
/** New passwords waiting per run of their share: a sign-up waits about 2 s at most, then hears "busy". */
export const NEW_PASSWORD_QUEUE_PER_SLOT = 4;

export const PASSWORD_BUSY = 'Portside is handling many password changes right now. Try again in a few seconds.';

export function createPasswordHasher(
  params: ScryptParams,
  opts: { concurrency?: number; maxQueue?: number; newShare?: number; maxNewQueue?: number } = {},
): PasswordHasher {
  const concurrency = opts.concurrency ?? defaultKdfConcurrency();
  const maxQueue = opts.maxQueue ?? concurrency * KDF_QUEUE_PER_SLOT;
  // At most half the runs (at least one) hash new passwords; the rest stay free for sign-ins.
  const newShare = opts.newShare ?? Math.max(1, Math.floor(concurrency / 2));
  const maxNewQueue = opts.maxNewQueue ?? newShare * NEW_PASSWORD_QUEUE_PER_SLOT;
  const lanes = kdfLanes(concurrency, newShare);
  const kdf = (lane: KdfLane, password: string, salt: Buffer, p: ScryptParams) => lanes.run(lane, () => scryptAsync(password, salt, p));
  const bound: Record<KdfLane, number> = { sign_in: maxQueue, new_password: maxNewQueue };
  return {
    params,
    async hash(password) {
      // Checked and queued in the same turn: nothing can join the lane in between.
      if (lanes.waiting('new_password') >= maxNewQueue) return fail('service_unavailable', PASSWORD_BUSY, { retryAfterSeconds: 5 });
      const salt = randomBytes(SALT_LEN);
      return ok(formatPhc(params, salt, await kdf('new_password', password, salt, params)));
    },
    async verify(password, phc, lane = 'sign_in') {
      const parsed = parsePhc(phc);
      if (!parsed) return { ok: false, rehash: false };
      const candidate = await kdf(lane, password, parsed.salt, parsed.params);
      const match = candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
      const same = parsed.params.ln === params.ln && parsed.params.r === params.r && parsed.params.p === params.p;
      return { ok: match, rehash: match && !same };
    },
    async verifyDummy(password, lane = 'sign_in') {
      const candidate = await kdf(lane, password, randomBytes(SALT_LEN), params);
      // Compared like a real hash so the work after the KDF matches verify's too.
      timingSafeEqual(candidate, Buffer.alloc(candidate.length));
      return false;
    },
    saturated: (lane = 'sign_in') => lanes.waiting(lane) >= bound[lane],
  };
}

/** The server's hasher for its configuration: r=8, p=1 fixed, cost from PASSWORD_SCRYPT_LN, parallelism from KDF_CONCURRENCY. */
export function hasherFromConfig(config: { PASSWORD_SCRYPT_LN: number; KDF_CONCURRENCY?: number | undefined }): PasswordHasher {
  return createPasswordHasher({ ln: config.PASSWORD_SCRYPT_LN, r: 8, p: 1 }, { concurrency: config.KDF_CONCURRENCY });
}
