/**
 * Admission to the KDF for every password path, in two lanes that share `concurrency` runs.
 *
 * scrypt runs on libuv's pool (4 threads by default): on a 2-core host, 4 concurrent hashes
 * would starve the event loop and every other route with it, so at most `concurrency` run at
 * once and the rest wait. Who waits in front of whom is the point of the two lanes:
 *
 * - `sign_in` — an existing account proving its password (sign-in, the current password of a
 *   password change). Always served first when a run frees up, so a person signing in waits
 *   behind at most the runs already under way, never behind a queue of new passwords.
 * - `new_password` — hashing a password someone just chose (sign-up, invite accept, password
 *   change, reset): at most `newShare` runs at once and `newQueue` waiting. Past that the
 *   caller is told "busy" at once; an open sign-up endpoint must never be able to fill the
 *   queue existing users sign in through.
 *
 * `enter` takes the lane's place in the same turn it is called, so a caller's admission check
 * (`waiting`) still holds when the run joins the queue.
 */
export type KdfLane = 'sign_in' | 'new_password';

export interface KdfLanes {
  run<T>(lane: KdfLane, task: () => Promise<T>): Promise<T>;
  /** Runs waiting in the lane (not counting those running). */
  waiting(lane: KdfLane): number;
  /** Runs of the lane under way now. */
  active(lane: KdfLane): number;
}

export function kdfLanes(concurrency: number, newShare: number): KdfLanes {
  const queues: Record<KdfLane, Array<() => void>> = { sign_in: [], new_password: [] };
  const running: Record<KdfLane, number> = { sign_in: 0, new_password: 0 };
  const busy = () => running.sign_in + running.new_password;

  // Starts whoever may start: sign-ins first, new passwords only within their share.
  const dispatch = () => {
    while (busy() < concurrency) {
      const lane: KdfLane | null = queues.sign_in.length > 0 ? 'sign_in' : queues.new_password.length > 0 && running.new_password < newShare ? 'new_password' : null;
      if (!lane) return;
      running[lane]++;
      queues[lane].shift()!();
    }
  };

  return {
    async run(lane, task) {
      await new Promise<void>((resolve) => {
        queues[lane].push(resolve);
        dispatch();
      });
      try {
        return await task();
      } finally {
        running[lane]--;
        dispatch();
      }
    },
    waiting: (lane) => queues[lane].length,
    active: (lane) => running[lane],
  };
}
