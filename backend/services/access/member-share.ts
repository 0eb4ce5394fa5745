import { fail, type Failure } from '../../../lib/contract/errors';

/**
 * Each member's fair share of the portal's HubSpot read budget, as a layer in front of it (the
 * budget itself, services/delivery/rate-budget.ts, is per portal and knows no members).
 *
 * Record views (services/records/view.ts) and write acceptances (their fresh access check,
 * services/delivery/create.ts) of a member draw on the same share.
 *
 * Without it one rep opening made-up record ids in parallel takes every slot of the portal's
 * window (HubSpot's 110 calls per 10 s), and everyone else's panel fails with "try again". With
 * it a member has at most `inFlight` record views under way and `perWindow` views per
 * `windowMs`; past either, that member alone is told to slow down (429 rate_limited with
 * Retry-After) before any HubSpot call, and the rest of the budget stays for the others.
 *
 * A view costs at most two HubSpot calls (the contact, and the permission lookup shared in
 * batches), so the defaults — 4 at once, 20 per 10 s — leave a flooding member at most about a
 * third of the portal's budget; no person reading records comes near them. In memory, per process.
 */
export interface MemberShareOptions {
  inFlight?: number;
  perWindow?: number;
  windowMs?: number;
  /** Members tracked at once; the least recently seen are forgotten past it. */
  maxMembers?: number;
}

export type Admission = { ok: true; leave(): void } | { ok: false; failure: Failure };

interface MemberUse {
  active: number;
  /** Start times of the views admitted within the window, oldest first. */
  started: number[];
}

export class MemberShare {
  private readonly members = new Map<string, MemberUse>();
  private readonly inFlight: number;
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly maxMembers: number;

  constructor(opts: MemberShareOptions = {}) {
    this.inFlight = opts.inFlight ?? 4;
    this.perWindow = opts.perWindow ?? 20;
    this.windowMs = opts.windowMs ?? 10_000;
    this.maxMembers = opts.maxMembers ?? 10_000;
  }

  /** Admits one view of `memberId` now, or says when the member may try again. Call `leave` when it ends. */
  enter(workspaceId: string, memberId: string, now: number): Admission {
    const key = `${workspaceId}|${memberId}`;
    const use = this.use(key);
    while (use.started.length > 0 && now - use.started[0]! >= this.windowMs) use.started.shift();
    if (use.active >= this.inFlight) return { ok: false, failure: slowDown(1) };
    if (use.started.length >= this.perWindow) return { ok: false, failure: slowDown(Math.ceil((use.started[0]! + this.windowMs - now) / 1000)) };
    use.active++;
    use.started.push(now);
    let left = false;
    return {
      ok: true,
      leave: () => {
        if (left) return;
        left = true;
        use.active--;
      },
    };
  }

  private use(key: string): MemberUse {
    const known = this.members.get(key);
    if (known) {
      // Most recently seen last, so the oldest entry is the first to forget.
      this.members.delete(key);
      this.members.set(key, known);
      return known;
    }
    const fresh: MemberUse = { active: 0, started: [] };
    this.members.set(key, fresh);
    for (const [k, u] of this.members) {
      if (this.members.size <= this.maxMembers) break;
      if (u.active === 0) this.members.delete(k);
    }
    return fresh;
  }
}

function slowDown(seconds: number): Failure {
  const retryAfterSeconds = Math.min(60, Math.max(1, seconds));
  return fail('rate_limited', `You are opening records faster than Portside can check them with HubSpot. Try again in ${retryAfterSeconds} s.`, {
    // `rate_limited` also tells the write path's error translation this is "slow down", not a verdict.
    kind: 'rate_limited',
    reason: 'member_share',
    retryable: true,
    retryAfterSeconds,
  });
}
