import fc from 'fast-check';

/**
 * The inputs a hostile client sends. Sizes stay a little over every limit the contract sets
 * (strings ≤ 64 KiB, arrays ≤ a few hundred) rather than at the body limit, so a thousand cases
 * a route run in seconds; the transport test sends the body-limit-sized ones once.
 */

/** Strings that break naive code: control characters, CR/LF, NUL, lone surrogates, RTL marks, HTML, SQL. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\r\nX-Injected: 1',
    '\ud800',
    '\u202egnp.exe',
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '"; drop table members; --',
    '__proto__',
    'constructor',
    '${jndi:ldap://x}',
    '{{7*7}}',
    '../../etc/passwd',
    'null',
    'NaN',
    '1e309',
  ),
  fc.integer({ min: 65_000, max: 70_000 }).map((n) => 'x'.repeat(n)),
);

/** Numbers JSON can carry that break range checks: negatives, zero, floats, huge, unsafe integers. */
export const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, -0, 1.5, 2 ** 53 + 1, 1e308, Number.MIN_VALUE, 9999999999999999999999999999999999999999),
);

/** Deeply nested arrays/objects (JSON parsers and recursive validators choke on these). */
export const deepNesting = fc.integer({ min: 50, max: 2_000 }).chain((depth) =>
  fc.constantFrom('array', 'object').map((kind) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
    return v;
  }),
);

export const hugeArray = fc.integer({ min: 200, max: 5_000 }).map((n) => Array.from({ length: n }, (_, i) => i));

/** Any JSON value, weighted towards the kinds that find bugs. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: hugeArray },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'x'), fc.jsonValue({ maxDepth: 1 })) },
);

/** Ids as path segments: traversal, encoded slashes, negatives, 40 digits, exponents, unicode, overlong. */
export const pathTrick = fc.oneof(
  fc.constantFrom(
    '..',
    '../',
    '..%2F..%2Fhealthz',
    '%2F',
    '%2e%2e',
    '%252e%252e%252f',
    '-1',
    '0',
    '00001',
    '1'.repeat(40),
    '9'.repeat(19),
    '1e3',
    '0x10',
    ' 1',
    '1%20',
    '%00',
    '1%00',
    '1;drop',
    '%E2%80%AE',
    '%FF%FE',
    'null',
    'undefined',
    '__proto__',
    'a'.repeat(5_000),
  ),
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.stringMatching(/^-?\d{0,45}$/).filter((s) => s.length > 0),
  fc.uuid().map((u) => u.toUpperCase() + 'x'),
);

export const hostileHeaderValue = fc.oneof(
  fc.constantFrom('', 'Bearer', 'Bearer ', 'Bearer null', 'Basic YTpi', 'bearer x', `Bearer ${'A'.repeat(43)}`, `Bearer ${'a'.repeat(8_000)}`, 'Bearer ../../', 'Bearer \u00ff'),
  fc.string({ maxLength: 60 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, '')}`),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((s) => `Bearer ${s}`),
);

/** Bodies that are not JSON at all, sent as application/json. */
export const notJson = fc.oneof(
  fc.constantFrom('{', '}', '{"a":', '[1,2', 'nul', 'undefined', "{'a':1}", '{"a":1,}', '\u0000', '{"__proto__":{"x":1}', '1 2'),
  fc.string({ minLength: 1, maxLength: 60 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return s.trim().length > 0;
    }
  }),
);

/** A valid object with one field broken: replaced, removed, or joined by unknown fields. */
export function mutateObject(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  const replaced = keys.length ? fc.tuple(fc.constantFrom(...keys), hostileValue).map(([k, v]) => ({ ...base, [k]: v })) : fc.constant(base);
  const removed = keys.length ? fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(base).filter(([x]) => x !== k))) : fc.constant(base);
  const extra = fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'role', 'workspaceId', 'memberId', 'portalId', 'isAdmin'), fc.string({ maxLength: 12 })), hostileValue).map(([k, v]) => {
    const o: Record<string, unknown> = { ...base };
    Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
    return o;
  });
  return fc.oneof(replaced, removed, extra, hostileValue);
}
