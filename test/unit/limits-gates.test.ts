import { describe, expect, it } from 'vitest';
import { DenialLog } from '../../backend/services/audit/denial-log';
import { MemberShare } from '../../backend/services/access/member-share';

describe('DenialLog: de-duplication and a per-member cap', () => {
  it('writes each distinct denial once per window and reports what it left out on the next row', () => {
    const log = new DenialLog({ windowMs: 1_000, capPerMember: 10, capWindowMs: 60_000 });
    expect(log.admit('ws|m1', 'view|1|not_found', 0)).toEqual({ write: true, suppressedBefore: 0 });
    expect(log.admit('ws|m1', 'view|1|not_found', 10)).toEqual({ write: false, summary: null });
    expect(log.admit('ws|m1', 'view|1|not_found', 20)).toEqual({ write: false, summary: null });
    // Another member's identical denial is theirs.
    expect(log.admit('ws|m2', 'view|1|not_found', 20)).toEqual({ write: true, suppressedBefore: 0 });
    expect(log.admit('ws|m1', 'view|2|not_found', 30)).toEqual({ write: true, suppressedBefore: 2 });
    // After the window the same denial is written again.
    expect(log.admit('ws|m1', 'view|1|not_found', 1_100)).toEqual({ write: true, suppressedBefore: 0 });
  });

  it('past the cap: one summary, then silence until the next cap window, which reports the count', () => {
    const log = new DenialLog({ windowMs: 1_000, capPerMember: 3, capWindowMs: 10_000 });
    for (let i = 0; i < 3; i++) expect(log.admit('ws|m', `k${i}`, i).write).toBe(true);
    expect(log.admit('ws|m', 'k3', 5)).toEqual({ write: false, summary: { cap: 3, capWindowSeconds: 10, windowStartedAt: 0, suppressed: 1 } });
    for (let i = 4; i < 50; i++) expect(log.admit('ws|m', `k${i}`, i)).toEqual({ write: false, summary: null });
    expect(log.admit('ws|m2', 'k0', 60).write).toBe(true);
    expect(log.admit('ws|m', 'k99', 10_001)).toEqual({ write: true, suppressedBefore: 46 });
  });

  it('forgets the oldest entries past its size bound', () => {
    const log = new DenialLog({ windowMs: 60_000, capPerMember: 1_000, maxEntries: 10 });
    for (let i = 0; i < 20; i++) log.admit('ws|m', `k${i}`, i);
    expect(log.admit('ws|m', 'k0', 30).write).toBe(true);
    expect(log.admit('ws|m', 'k19', 30).write).toBe(false);
  });
});

describe('MemberShare: a member-level limit in front of the portal budget', () => {
  it('caps views under way and views per window per member, and says when to retry', () => {
    const share = new MemberShare({ inFlight: 2, perWindow: 3, windowMs: 10_000 });
    const a1 = share.enter('ws', 'a', 0);
    const a2 = share.enter('ws', 'a', 0);
    expect(a1.ok && a2.ok).toBe(true);
    const busy = share.enter('ws', 'a', 0);
    expect(busy).toMatchObject({ ok: false, failure: { error: { code: 'rate_limited', details: { retryAfterSeconds: 1 } } } });
    // Another member is not affected.
    expect(share.enter('ws', 'b', 0).ok).toBe(true);
    if (a1.ok) a1.leave();
    if (a1.ok) a1.leave(); // leaving twice frees one place only
    const a3 = share.enter('ws', 'a', 1_000);
    expect(a3.ok).toBe(true);
    if (a2.ok) a2.leave();
    if (a3.ok) a3.leave();
    expect(share.enter('ws', 'a', 2_000)).toMatchObject({ ok: false, failure: { error: { details: { retryAfterSeconds: 8 } } } });
    expect(share.enter('ws', 'a', 10_000).ok).toBe(true);
  });
});
