import { WriteError, type CreateWriteBody, type WriteView, type WriteWaiting } from '../../../lib/contract/api/writes';
import { summaryOf } from '../write-kinds/registry';
import type { OutboxRow } from '../../db/schema';

/** Outbox row → the API's WriteView (what the panel shows). */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function parseError(text: string | null): WriteError | null {
  if (!text) return null;
  const parsed = WriteError.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

const WAIT_REASONS = new Set<WriteWaiting['reason']>(['queued', 'retrying', 'rate_limited', 'hubspot_unavailable', 'needs_reconnect']);

/** A write no access check has allowed yet, waiting or being checked by the worker: "checking access". */
const pendingCheck = (row: OutboxRow) => row.access_checked_at === null && (row.status === 'pending' || row.status === 'delivering');

export function toView(row: OutboxRow): WriteView {
  const body = JSON.parse(row.request) as CreateWriteBody;
  const error = parseError(row.last_error);
  const reason = (row.wait_reason ?? 'queued') as WriteWaiting['reason'];
  const checking = pendingCheck(row);
  const waiting: WriteWaiting | null = checking
    ? { reason: 'checking_access', nextAttemptAt: iso(row.next_attempt_at), lastError: error }
    : row.status === 'pending'
      ? { reason: WAIT_REASONS.has(reason) ? reason : 'retrying', nextAttemptAt: iso(row.next_attempt_at), lastError: error }
      : null;
  return {
    id: row.id,
    kind: row.kind,
    portalId: row.portal_id,
    contactId: row.contact_id,
    objectType: row.object_type,
    recordId: row.contact_id,
    status: checking ? 'pending_check' : row.status,
    summary: summaryOf(body),
    properties: row.kind === 'properties' ? (JSON.parse(row.payload) as Record<string, string>) : null,
    author: { memberId: row.member_id, hubspotOwnerId: row.owner_id },
    attempts: row.attempts,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    deliveredAt: iso(row.delivered_at),
    hubspotObjectId: row.hubspot_object_id,
    waiting,
    error: row.status === 'failed' ? error : null,
  };
}
