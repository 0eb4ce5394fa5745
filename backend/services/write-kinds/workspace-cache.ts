import { ok, type Result } from '../../../lib/contract/errors';

/**
 * A value read from a portal's settings, cached per workspace for a while (the task options, the
 * call outcomes). What is read is turned into the value first; a failed read or a value that
 * does not parse is answered but never cached, so the next request tries HubSpot again.
 */
export class WorkspaceCache<Raw, Value> {
  private readonly cache = new Map<string, { value: Value; expires: number }>();

  constructor(
    private readonly read: (workspaceId: string) => Promise<Result<Raw>>,
    private readonly toValue: (raw: Raw) => Result<Value>,
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  async get(workspaceId: string): Promise<Result<Value>> {
    const hit = this.cache.get(workspaceId);
    if (hit && hit.expires > this.now()) return ok(hit.value);
    const raw = await this.read(workspaceId);
    if (!raw.ok) return raw;
    const value = this.toValue(raw.data);
    if (value.ok) this.cache.set(workspaceId, { value: value.data, expires: this.now() + this.ttlMs });
    return value;
  }
}
