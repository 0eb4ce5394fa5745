import { randomUUID } from 'node:crypto';
import type { CreateWriteBody, WriteView } from '../../../lib/contract/api/writes';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { CRM_OBJECTS } from '../../../lib/contract/crm-objects';
import { writeAudit } from '../../audit/write';
import { recordDenial } from '../audit/record-denial';
import { isUniqueViolation } from '../../db/errors';
import { loadAllowlist } from '../settings/editable-properties';
import type { WriteIdentity, WritesDeps } from './deps';
import type { Caller } from '../caller';
import { markerFor, MAX_HTML_BODY } from '../write-kinds/engagement-payload';
import { auditActionOf, engagementOf } from '../write-kinds/registry';
import { findByKey, insertWrite, pendingChecksOf } from './outbox-store';
import { kindRefused, objectNotWritable, targetRequestHash, type WriteTarget } from './target';
import type { OutboxRow } from '../../db/schema';
import { validateProperties } from './validate-properties';
import { toView } from './view';

/**
 * Accepting a rep's write: the same idempotency key answers the stored write (or refuses a
 * different body), the portal and the rep's HubSpot identity are checked, the values are
 * validated, the rep's edit right on the record is checked fresh, and the write goes into the
 * outbox together with its audit row. The answer is immediate: delivery is the worker's job.
 * A check that cannot be made now never refuses the write: it is accepted pending its check.
 */

/**
 * A member's writes accepted pending their check, at most: each costs the portal a share of a
 * batched check at delivery (1/100 of a contact read, 1/20 of a permitted-users call), so one
 * member (or a stolen session) flooding made-up ids cannot queue unbounded unchecked work — 200
 * of them cost the portal about a dozen calls. Well above a rep's burst (the bench's reps save
 * 20-25 writes at once).
 */
export const MAX_PENDING_CHECKS_PER_MEMBER = 200;

export interface Accepted {
  write: WriteView;
  replayed: boolean;
}

function replay(existing: OutboxRow, hash: string): Result<Accepted> {
  if (existing.request_hash !== hash) {
    return fail('conflict', 'This idempotency key was already used for a different write. Make a new key for a new write.');
  }
  return ok({ write: toView(existing), replayed: true });
}

async function payloadFor(deps: WritesDeps, caller: Caller<'role'>, target: WriteTarget, body: CreateWriteBody, who: WriteIdentity, writeId: string, now: number): Promise<Result<{ payload: Record<string, string>; marker: string | null }>> {
  if (body.kind === 'properties') {
    // The object's own allowlist: a deal's editable properties are not a contact's.
    const allowlist = await loadAllowlist(deps.db, caller.workspaceId, target.objectType);
    const checked = validateProperties(allowlist.properties, body.properties);
    if (!checked.ok) return fail('bad_request', `Some values are not valid: ${checked.issues.map((i) => i.field).join(', ')}.`, { fields: checked.issues });
    return ok({ payload: checked.values, marker: null });
  }
  const spec = engagementOf(body.kind);
  const checked = spec.check ? await spec.check(deps, caller.workspaceId, body) : ok(null);
  if (!checked.ok) return checked;
  // Engagements are owned by the rep's HubSpot owner, so HubSpot shows who made them.
  if (!who.ownerId) return fail('not_linked', 'Your HubSpot user is not an owner in this portal, so notes, tasks and calls cannot be attributed to you. Ask an admin.');
  const marker = markerFor(writeId);
  const payload = spec.payload(body, { ownerId: who.ownerId, marker, acceptedAt: new Date(now) });
  const html = payload[spec.object.bodyProperty] ?? '';
  if (html.length > MAX_HTML_BODY) return fail('bad_request', 'The text is too long for HubSpot once formatted.', { fields: [{ field: 'body', message: 'Too long.' }] });
  return ok({ payload, marker });
}

export async function acceptWrite(deps: WritesDeps, caller: Caller<'role'>, target: WriteTarget, key: string, body: CreateWriteBody, correlationId: string | null): Promise<Result<Accepted>> {
  const hash = targetRequestHash(target, body);
  const existing = await findByKey(deps.db, caller.workspaceId, caller.memberId, key);
  if (existing) return replay(existing, hash);
  const refused = kindRefused(target, body);
  if (refused) return refused;
  const action = auditActionOf(body.kind, target.objectType);
  const targetType = CRM_OBJECTS[target.objectType].singular;

  const portal = await deps.installedPortal(caller.workspaceId);
  if (!portal || portal.portalId !== target.portalId) {
    // A write aimed at a portal that is not this workspace's is a tenancy probe: keep a record
    // (one per portal tried per window, within the member's denial cap).
    await recordDenial(deps.db, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      actorHubspotUserId: null,
      action,
      targetType,
      targetId: target.recordId,
      result: 'denied',
      correlationId,
      at: deps.now(),
      details: { checkedAt: 'acceptance', reason: 'portal_not_connected', portalId: target.portalId, objectType: target.objectType },
    }, `${action}|portal_not_connected|${target.portalId}`);
    return fail('portal_not_connected', 'This HubSpot portal is not the one connected to your Portside workspace.');
  }
  if (portal.status === 'needs_reconnect') return fail('needs_reconnect', 'HubSpot needs to be reconnected by an admin before changes can be sent. Your text is kept.');
  const unwritable = objectNotWritable(target, portal.scopes);
  if (unwritable) return unwritable;
  const who = await deps.identityOf(caller.workspaceId, caller.memberId);
  if (!who) return fail('not_linked', 'Your Portside account is not linked to a HubSpot user yet. Ask an admin to link it.');

  const now = deps.now();
  const id = randomUUID();
  const built = await payloadFor(deps, caller, target, body, who, id, now);
  if (!built.ok) return built;

  // A property edit's check reads the edited properties too: their values are the audit's
  // "before" when this check also serves the delivery (services/delivery/access-reuse.ts).
  const edited = body.kind === 'properties' ? Object.keys(built.data.payload) : [];
  const verdict = await deps.access.canEditFresh(caller.workspaceId, caller.memberId, target, { properties: edited });
  if (!verdict.ok && verdict.error.code === 'needs_reconnect') return fail('needs_reconnect', `Your access to this ${targetType} could not be checked: ${verdict.error.message}`);
  const audit = {
    workspaceId: caller.workspaceId,
    actorMemberId: caller.memberId,
    actorHubspotUserId: who.hubspotUserId,
    targetType,
    targetId: target.recordId,
    correlationId,
    at: now,
  };
  if (verdict.ok && !verdict.allowed) {
    await recordDenial(
      deps.db,
      { ...audit, action, result: 'denied', details: { checkedAt: 'acceptance', objectType: target.objectType, access: { code: verdict.code, message: verdict.message } } },
      `${action}|${target.portalId}|${target.objectType}|${target.recordId}|${verdict.code}`,
    );
    return fail('forbidden', verdict.message, { access: { allowed: false, code: verdict.code, message: verdict.message } });
  }
  // Not checkable now (the portal's HubSpot budget is busy, HubSpot is slow, the member's share of
  // checks is in use): accepted as pending its check. The delivery worker checks it within the
  // budget before anything is sent, and a denial then fails it with the reason (deliver.ts).
  const checked = verdict.ok;
  if (!checked && (await pendingChecksOf(deps.db, caller)) >= MAX_PENDING_CHECKS_PER_MEMBER) {
    return fail('hubspot_unavailable', 'HubSpot is busy, and you already have many changes waiting for their access check. Try again in a moment.', { retryable: true, retryAfterSeconds: 10 });
  }
  const before = checked && body.kind === 'properties' ? JSON.stringify(Object.fromEntries(edited.map((k) => [k, verdict.values?.[k] ?? null]))) : null;

  const row: OutboxRow = {
    id,
    workspace_id: caller.workspaceId,
    portal_id: target.portalId,
    // `contact_id` holds the record's id whatever its object (db/tables/writes.ts).
    contact_id: target.recordId,
    object_type: target.objectType,
    member_id: caller.memberId,
    hubspot_user_id: who.hubspotUserId,
    owner_id: who.ownerId,
    kind: body.kind,
    idempotency_key: key,
    request_hash: hash,
    request: JSON.stringify(body),
    payload: JSON.stringify(built.data.payload),
    marker: built.data.marker,
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    lease_owner: null,
    lease_expires_at: null,
    maybe_sent: 0,
    wait_reason: checked ? 'queued' : 'pending_check',
    last_error: null,
    hubspot_object_id: null,
    correlation_id: null,
    created_at: now,
    updated_at: now,
    delivered_at: null,
    access_checked_at: checked ? now : null,
    checked_values: before,
  };
  try {
    await deps.db.transaction().execute(async (trx) => {
      await insertWrite(trx, row);
      const access = checked ? { access: 'checked' } : { access: 'pending_check', reason: verdict.error.code };
      const common = { writeId: id, kind: body.kind, objectType: target.objectType, ...access };
      const details = body.kind === 'properties' ? { ...common, after: built.data.payload } : common;
      await writeAudit(trx, { ...audit, action: 'crm.write.accept', result: 'ok', details });
    });
  } catch (err) {
    // The same key raced in from a second request: the first one's write is the answer.
    if (!isUniqueViolation(err)) throw err;
    const winner = await findByKey(deps.db, caller.workspaceId, caller.memberId, key);
    if (!winner) throw err;
    return replay(winner, hash);
  }
  deps.notifyWorker();
  return ok({ write: toView(row), replayed: false });
}
