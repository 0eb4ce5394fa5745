import { z } from 'zod';
import { TASK_ENUM_PROPERTIES, type TaskEnumField } from './task-options';
import { IdParam, ObjectRecordParams, ObjectTypeParam } from './records';

/**
 * The write contract between the panel and the backend. A rep's write is accepted at once
 * ("pending") into a durable outbox and delivered to HubSpot by a worker; the panel polls the
 * write until it is `done` or `failed`.
 *
 * `POST /api/v1/portals/:portalId/contacts/:contactId/writes`   header `Idempotency-Key` (required)
 *    body CreateWriteBody → 202 WriteResponse (new) | 200 WriteResponse (same key, same body: the
 *    stored write, header `Idempotent-Replayed: true`, nothing sent twice)
 *    errors: 400 bad_request (details: WriteFieldIssue[] under `fields`), 409 conflict (same key,
 *    different body), 403 forbidden (details: the access verdict), 403 not_linked,
 *    404 portal_not_connected, 503 needs_reconnect, 401.
 * `GET  /api/v1/writes/:writeId` → WriteResponse (the author or a workspace admin)
 * `POST /api/v1/writes/:writeId/retry` → WriteResponse (a `failed` write back to `pending`;
 *    409 conflict when it is not failed)
 * `GET  /api/v1/portals/:portalId/contacts/:contactId/writes?limit=` → WriteList, newest first:
 *    an admin sees every member's writes on the record (its history), a rep only their own.
 */

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** 8–128 characters; a UUID is the usual choice. The key is scoped to the signed-in member. */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8–128 letters, digits or _ . : -');

export const WriteParams = z.object({ portalId: IdParam, contactId: IdParam }).strict();
/** `…/portals/:portalId/objects/:objectType/:recordId/writes`: the same writes on any CRM object. */
export const ObjectWriteParams = ObjectRecordParams;
export const WriteIdParams = z.object({ writeId: z.string().uuid() }).strict();
export const WriteListQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();

/** A property value as the panel's form sends it; `null` or "" clears the property. */
export const PropertyValue = z.union([z.string().max(65_536), z.number().finite(), z.boolean(), z.null()]);
export type PropertyValue = z.infer<typeof PropertyValue>;

export { TASK_ENUM_PROPERTIES };

/**
 * A task type, priority or status value. Which values exist is the portal's business (its
 * property definitions); the backend checks them there at acceptance. Here only the shape of
 * an option value is fixed, so nothing odd reaches a lookup or a log.
 */
export const TaskEnumValue = z.string().regex(/^[A-Za-z0-9_]{1,100}$/, 'must be an option value');

const TaskOption = z.object({ value: z.string(), label: z.string() });
/**
 * `GET /api/v1/settings/task-options` (any member) → the portal's options for the task form,
 * read from HubSpot's task property definitions and cached briefly. 503 hubspot_unavailable (or
 * needs_reconnect) when they cannot be read: the form then offers no choice and says so.
 */
export const TaskOptionsResponse = z.object({
  type: z.array(TaskOption),
  priority: z.array(TaskOption),
  status: z.array(TaskOption),
}) satisfies z.ZodType<Record<TaskEnumField, { value: string; label: string }[]>>;
export type TaskOptionsResponse = z.infer<typeof TaskOptionsResponse>;

/**
 * The portal's call outcomes (HubSpot's call dispositions), for the panel's call form: `id` is
 * what a call's `outcome` takes. Read from the portal, so custom outcomes are included.
 */
export const CallOutcome = z.object({ id: z.string(), label: z.string() });
export const CallOutcomesResponse = z.object({ outcomes: z.array(CallOutcome) });
export type CallOutcomesResponse = z.infer<typeof CallOutcomesResponse>;

/** Contact property edits: only names on the admin's allowlist, values checked against their type. */
export const PropertiesWriteBody = z
  .object({
    kind: z.literal('properties'),
    properties: z.record(z.string().min(1).max(100), PropertyValue).refine((p) => {
      const n = Object.keys(p).length;
      return n >= 1 && n <= 50;
    }, 'between 1 and 50 properties'),
  })
  .strict();

/**
 * A note in plain text (newlines kept). HubSpot stores note bodies as HTML; the backend escapes
 * the text so nothing a rep types can become markup.
 */
export const NoteWriteBody = z
  .object({ kind: z.literal('note'), body: z.string().trim().min(1, 'the note is empty').max(20_000) })
  .strict();

export const TaskWriteBody = z
  .object({
    kind: z.literal('task'),
    subject: z.string().trim().min(1, 'the task needs a subject').max(500),
    body: z.string().max(20_000).optional(),
    /** When the task is due (ISO 8601 with offset); absent = now. */
    dueAt: z.iso.datetime({ offset: true }).optional(),
    /** Each one absent = not set on the task (HubSpot has no "none" value to send). */
    priority: TaskEnumValue.optional(),
    type: TaskEnumValue.optional(),
    status: TaskEnumValue.optional(),
  })
  .strict();

/**
 * A call the rep logs on the contact (HubSpot's `calls` object). `outcome` is the id of one of the
 * portal's call outcomes (HubSpot's call dispositions, a GUID); absent = no outcome logged. The
 * notes are plain text, escaped like a note's.
 */
export const CallWriteBody = z
  .object({
    kind: z.literal('call'),
    body: z.string().trim().min(1, 'say what the call was about').max(20_000),
    direction: z.enum(['OUTBOUND', 'INBOUND']),
    outcome: z.string().uuid('must be a call outcome id').optional(),
    title: z.string().trim().min(1).max(500).optional(),
    /** When the call took place (ISO 8601 with offset); absent = when it is accepted. */
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/**
 * Every write kind's body: the one list of kinds. The kind enums (WriteKind here, the drafts',
 * the outbox's, the metrics' labels) and the backend's per-kind registry
 * (backend/services/writes/kinds.ts) are derived from it, so a new kind is a new body here.
 */
export const CreateWriteBody = z.discriminatedUnion('kind', [PropertiesWriteBody, NoteWriteBody, TaskWriteBody, CallWriteBody]);
export type CreateWriteBody = z.infer<typeof CreateWriteBody>;
export type WriteKind = CreateWriteBody['kind'];
export type WriteBodyOf<K extends WriteKind> = Extract<CreateWriteBody, { kind: K }>;
/** Creates of a HubSpot object (a note, a task…) associated with the contact: every kind but property edits. */
export type EngagementWriteKind = Exclude<WriteKind, 'properties'>;
export const WRITE_KINDS = CreateWriteBody.options.map((o) => o.shape.kind.value) as readonly WriteKind[];
export const WriteKind = z.enum(WRITE_KINDS as [WriteKind, ...WriteKind[]]);

/** The objects each kind can be written on (calls: contacts only); zod-free for the panel. */
export { KIND_OBJECTS } from '../kind-objects';
export type PropertiesWriteBody = z.infer<typeof PropertiesWriteBody>;
export type NoteWriteBody = z.infer<typeof NoteWriteBody>;
export type TaskWriteBody = z.infer<typeof TaskWriteBody>;
export type CallWriteBody = z.infer<typeof CallWriteBody>;

/** One invalid field of a rejected write: which field, and what is allowed. */
export const WriteFieldIssue = z.object({ field: z.string(), message: z.string() });
export type WriteFieldIssue = z.infer<typeof WriteFieldIssue>;

/**
 * `pending_check`: accepted while the rep's access could not be checked at once (HubSpot's rate
 * budget was busy); the backend checks it before sending, and a denial fails it with the reason.
 */
export const WriteStatus = z.enum(['pending_check', 'pending', 'delivering', 'done', 'failed']);
export type WriteStatus = z.infer<typeof WriteStatus>;

/**
 * Why a write failed or waits. The UI picks guidance by code; `message` is already plain
 * language for the rep, and `adminAction` (when present) says what an admin must do.
 */
export const DeliveryErrorCode = z.enum([
  'access_denied',
  'not_linked',
  'validation_error',
  'missing_scopes',
  'user_permission',
  'tier',
  'needs_reconnect',
  'record_not_found',
  'conflict',
  'rate_limited',
  'hubspot_unavailable',
  'hubspot_error',
  // The write's author was disabled by an admin after it was accepted: it is never sent.
  'member_disabled',
]);
export type DeliveryErrorCode = z.infer<typeof DeliveryErrorCode>;

export const WriteError = z.object({
  code: DeliveryErrorCode,
  message: z.string(),
  adminAction: z.string().nullable(),
  /** Whether POST …/retry can help (after the cause is fixed). */
  retryable: z.boolean(),
  fields: z.array(WriteFieldIssue).optional(),
  correlationId: z.string().nullable(),
});
export type WriteError = z.infer<typeof WriteError>;

/** Shown while a write is pending: why it has not gone yet, and when it will be tried next. */
export const WriteWaiting = z.object({
  reason: z.enum(['queued', 'checking_access', 'retrying', 'rate_limited', 'hubspot_unavailable', 'needs_reconnect']),
  nextAttemptAt: z.string().nullable(),
  lastError: WriteError.nullable(),
});
export type WriteWaiting = z.infer<typeof WriteWaiting>;

export const WriteView = z.object({
  id: z.string(),
  kind: WriteKind,
  portalId: z.string(),
  /** The record's id whatever its object (the name stays for panels that know only contacts). */
  contactId: z.string(),
  /**
   * The record written to. Optional until the write services fill them in (issue 20, S5), so a
   * panel also reads answers from a backend that does not send them yet: absent = a contact.
   */
  objectType: ObjectTypeParam.optional(),
  recordId: z.string().optional(),
  status: WriteStatus,
  /** One line for lists: "Phone, City", "Note: first words…", "Task: subject". */
  summary: z.string(),
  /** For `properties`: the values as they will be / were written (normalised). */
  properties: z.record(z.string(), z.string()).nullable(),
  author: z.object({ memberId: z.string(), hubspotOwnerId: z.string().nullable() }),
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deliveredAt: z.string().nullable(),
  /** The note or task HubSpot created (for `done` creates). */
  hubspotObjectId: z.string().nullable(),
  waiting: WriteWaiting.nullable(),
  error: WriteError.nullable(),
});
export type WriteView = z.infer<typeof WriteView>;

export const WriteResponse = z.object({ write: WriteView });
export type WriteResponse = z.infer<typeof WriteResponse>;

export const WriteList = z.object({ writes: z.array(WriteView) });
export type WriteList = z.infer<typeof WriteList>;
