import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import { askBackground as ask } from '../../../lib/extension/content/ask-background';
import type { HubSpotRecordRef } from '../../../lib/extension/hubspot-url';
import type { ActionRequest } from '../../../lib/extension/messages';
import type { CreateWriteBody, WriteFieldIssue } from '../../../lib/contract/api/writes';
import type { SubmitOutcome } from '../../../lib/extension/stores/writes-store';

/** The idempotency key rides in the draft, so a resubmission after a lost answer is the same write. */
const KEY_FIELD = '__idempotencyKey';

/** What a draft is for, as the drafts protocol names it (lib/extension/background/drafts.ts owns its schema). */
type DraftKind = ActionRequest<'drafts.get'>['key']['kind'];

export interface DraftForm {
  fields: Record<string, string>;
  setField(name: string, value: string): void;
  submitting: boolean;
  error: { message: string; fields: WriteFieldIssue[] } | null;
  /** The write the backend accepted from this form, until the rep types again. */
  acceptedWriteId: string | null;
  submit(body: CreateWriteBody): Promise<void>;
}

/**
 * A panel form whose text is saved as a draft in extension storage on every change and removed
 * only once the backend has accepted the write.
 */
export function useDraftForm(
  send: SendMessage,
  record: HubSpotRecordRef,
  kind: DraftKind,
  submitWrite: (body: CreateWriteBody, key: string) => Promise<SubmitOutcome>,
): DraftForm {
  const key = useMemo(() => ({ portalId: record.portalId, objectType: record.objectTypeId, recordId: record.recordId, kind }), [record.portalId, record.objectTypeId, record.recordId, kind]);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<DraftForm['error']>(null);
  const [acceptedWriteId, setAcceptedWriteId] = useState<string | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(fields);
  latest.current = fields;

  useEffect(() => {
    let live = true;
    setFields({});
    void ask(send, 'drafts.get', { key }).then((r) => {
      if (live && r.ok && r.data.fields) setFields(r.data.fields);
    });
    return () => {
      live = false;
    };
  }, [send, key]);

  const persist = useCallback((next: Record<string, string>) => ask(send, 'drafts.put', { key, fields: next }), [send, key]);

  const setField = (name: string, value: string) => {
    const next = { ...latest.current, [name]: value };
    setFields(next);
    setAcceptedWriteId(null);
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => void persist(next), 250);
  };

  const submit = async (body: CreateWriteBody) => {
    const idempotencyKey = latest.current[KEY_FIELD] ?? crypto.randomUUID();
    const withKey = { ...latest.current, [KEY_FIELD]: idempotencyKey };
    setFields(withKey);
    setSubmitting(true);
    setError(null);
    if (saveTimer.current) clearTimeout(saveTimer.current);
    await persist(withKey);
    const outcome = await submitWrite(body, idempotencyKey);
    setSubmitting(false);
    if (outcome.ok) {
      await ask(send, 'drafts.delete', { key });
      setFields({});
      setAcceptedWriteId(outcome.write.id);
      return;
    }
    // A rejected body will never be accepted under this key; a new attempt gets a new one.
    const keepKey = outcome.code === 'backend_unreachable' || outcome.code === 'session_expired' || outcome.code === 'unauthenticated';
    const kept = keepKey ? withKey : Object.fromEntries(Object.entries(withKey).filter(([k]) => k !== KEY_FIELD));
    setFields(kept);
    await persist(kept);
    const suffix = keepKey ? ' Your text is kept here; nothing is lost.' : '';
    setError({ message: `${outcome.message}${suffix}`, fields: outcome.fields });
  };

  return { fields, setField, submitting, error, acceptedWriteId, submit };
}
