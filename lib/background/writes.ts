import { TaskOptionsResponse, WriteList, WriteResponse, type CreateWriteBody } from '../api/writes';
import { ContactPropertiesResponse, EditablePropertiesResponse } from '../api/settings';
import type { BackendClient } from '../backend-client';
import { ok, type Result } from '../errors';
import type { RecordRef } from '../messages';
import type { WriteView } from '../api/writes';

/**
 * The background's write calls. Paths are built only from ids the router has already validated
 * against the protocol's patterns, so no message can steer a request to another path.
 */
const recordPath = (r: RecordRef) => `/api/v1/portals/${r.portalId}/contacts/${r.recordId}`;

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

export async function getWrite(c: BackendClient, writeId: string) {
  return unwrap(await c.request(`/api/v1/writes/${writeId}`, { schema: WriteResponse }));
}

export async function retryWrite(c: BackendClient, writeId: string) {
  return unwrap(await c.request(`/api/v1/writes/${writeId}/retry`, { method: 'POST', body: {}, schema: WriteResponse }));
}

export function listWrites(c: BackendClient, record: RecordRef) {
  return c.request(`${recordPath(record)}/writes?limit=20`, { schema: WriteList });
}

export function editableProperties(c: BackendClient) {
  return c.request('/api/v1/settings/editable-properties', { schema: EditablePropertiesResponse });
}

export function taskOptions(c: BackendClient) {
  return c.request('/api/v1/settings/task-options', { schema: TaskOptionsResponse });
}

export function contactPropertyDefinitions(c: BackendClient) {
  return c.request('/api/v1/settings/contact-properties', { schema: ContactPropertiesResponse });
}

export function setEditableProperties(c: BackendClient, properties: string[]) {
  return c.request('/api/v1/settings/editable-properties', { method: 'PUT', body: { properties }, schema: EditablePropertiesResponse });
}
