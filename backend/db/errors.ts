/** True for a unique-constraint violation on either engine (SQLite's code or PostgreSQL's SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// PostgreSQL SQLSTATEs of a server going away or not taking connections (admin shutdown, crash
// shutdown, starting up, connection failures, too many connections), and the socket errors of
// reaching it; SQLite's "cannot get at the file right now".
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'SQLITE_BUSY', 'SQLITE_CANTOPEN']);
// node-postgres reports a dropped or unobtainable connection in words, without a code.
const UNAVAILABLE_WORDS = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (?:starting up|shutting down)|Connection ended unexpectedly/i;

/**
 * True when the error means "the database cannot be reached right now" (a restart, a failover,
 * a dropped connection), as opposed to a bug or a bad query: the request can be answered with a
 * clean 503 and retried, and the pool reconnects by itself.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_WORDS.test(e.message)) return true;
  // Node's connect error for several addresses is an AggregateError of the per-address ones.
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause);
}
