import { createHash } from 'node:crypto';

/**
 * A stable fingerprint of a write request, to tell "the same request again" (same idempotency
 * key, same body: answer the stored write) from a reused key (different body: refuse). Object
 * keys are sorted so the JSON's key order does not matter.
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function requestHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(parts))).digest('hex');
}
