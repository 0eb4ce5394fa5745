import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import { fail, type Failure } from '../../../lib/contract/errors';
import { objectUnavailable } from '../access/object-availability';
import type { RecordRef } from '../delivery/ports';
import { kindAllowedOn, kindRefusal } from '../write-kinds/registry';
import { requestHash } from './request-hash';

/**
 * The record a write is aimed at, and what acceptance refuses about it before anything else:
 * a kind not offered on the object, an object whose write scope the install was not granted.
 */
export type WriteTarget = RecordRef;

/** The legacy contact routes' params as a target. */
export const contactTarget = (p: { portalId: string; contactId: string }): WriteTarget => ({ portalId: p.portalId, objectType: '0-1', recordId: p.contactId });

/**
 * The idempotency fingerprint of a request. A contact's keeps the shape it had before writes
 * reached other objects, so a key in flight across the upgrade still replays; any other object's
 * names the object, so the same key sent for deal 5 after contact 5 is a different request.
 */
export function targetRequestHash(t: WriteTarget, body: CreateWriteBody): string {
  return t.objectType === '0-1'
    ? requestHash({ portalId: t.portalId, contactId: t.recordId, body })
    : requestHash({ portalId: t.portalId, objectType: t.objectType, recordId: t.recordId, body });
}

/** A kind this object does not take ("Calls can be logged on contacts only…"): the request is wrong, not the rep's rights. */
export function kindRefused(t: WriteTarget, body: CreateWriteBody): Failure | null {
  if (kindAllowedOn(body.kind, t.objectType)) return null;
  return fail('bad_request', kindRefusal(body.kind, t.objectType), { fields: [{ field: 'kind', message: kindRefusal(body.kind, t.objectType) }] });
}

/**
 * Writing needs the object's write scope (companies, deals and tickets are optional scopes: a
 * portal may have granted read only, or none): the install's state, which an admin's reconnect
 * fixes, never a HubSpot call that would answer MISSING_SCOPES later.
 */
export function objectNotWritable(t: WriteTarget, grantedScopes: readonly string[]): Failure | null {
  return objectUnavailable(grantedScopes, t.objectType, 'write');
}
