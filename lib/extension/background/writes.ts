import { WriteResponse, type CreateWriteBody } from '../../contract/api/writes';
import type { BackendClient } from '../backend-client';
import { ok, type Result } from '../../contract/errors';
import { recordPath, type RecordRef } from '../messages';
import type { WriteView } from '../../contract/api/writes';

/**
 * The background's write calls. Paths are built only from ids the router has already validated
 * against the protocol's patterns, so no message can steer a request to another path.
 */
const unwrap = (r: Result<{ write: WriteView }>): Result<WriteView> => (r.ok ? ok(r.data.write) : r);

export async function createWrite(c: BackendClient, record: RecordRef, idempotencyKey: string, body: CreateWriteBody) {
  return unwrap(
    await c.request(`${recordPath(record)}/writes`, {
      method: 'POST',
      body,
      headers: { 'idempotency-key': idempotencyKey },
      schema: WriteResponse,
    }),
  );
}
