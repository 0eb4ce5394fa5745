import { KIND_OBJECTS, type CallOutcomesResponse, type CreateWriteBody, type EngagementWriteKind, type TaskOptionsResponse, type WriteBodyOf, type WriteFieldIssue, type WriteKind } from '../../../lib/contract/api/writes';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { CRM_OBJECTS, type CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import type { EngagementObject } from '../../hubspot/crm-batch';
import { ENGAGEMENT_ASSOCIATIONS } from '../../hubspot/engagement-associations';
import { markerHtml, notePayload, taskPayload, textToHtml } from './engagement-payload';
import { checkCallOutcome } from './call-outcomes';
import { checkTaskValues } from './task-options';

/**
 * The write-kind registry: everything kind-specific about a write, in one place. Acceptance
 * (payload, extra checks, audit action), the outbox view (summary), delivery (HubSpot object,
 * body property, association, what the audit records once done) and the metrics read it here;
 * the kinds themselves are the contract's (CreateWriteBody in lib/contract/api/writes.ts), and the type
 * below makes a kind without an entry a compile error. It sits below services/writes and
 * services/delivery, which both read it (docs/architecture.md).
 */

/** What a kind's own check may read: the portal's task options and call outcomes (services/writes fills them in). */
export interface KindCheckDeps {
  taskOptions(workspaceId: string): Promise<Result<TaskOptionsResponse>>;
  callOutcomes(workspaceId: string): Promise<Result<CallOutcomesResponse>>;
}

export interface KindSpec<B> {
  /** The audit trail's action for this kind (accept, deliver, deny). */
  auditAction: string;
  /** One line for the panel's list of writes. */
  summary(body: B): string;
}

/** What a create needs besides the body: who owns it in HubSpot, its marker, when it was accepted. */
export interface PayloadContext {
  ownerId: string;
  marker: string;
  acceptedAt: Date;
}

export interface EngagementSpec<B> extends KindSpec<B> {
  object: EngagementObject;
  /** The HubSpot properties to create (the marker inside `object.bodyProperty`). */
  payload(body: B, ctx: PayloadContext): Record<string, string>;
  /** Checks against the portal's own definitions before the write is queued (optional). */
  check?(deps: KindCheckDeps, workspaceId: string, body: B): Promise<Result<null>>;
  /** What the audit row of a delivered create records besides the ids. */
  doneDetails(payload: Record<string, string>, request: string): Record<string, unknown>;
}

/** Property edits are audited per object: `crm.deal.update` says what changed without reading the details. */
export interface PropertiesSpec extends KindSpec<WriteBodyOf<'properties'>> {
  auditActions: Record<CrmObjectTypeId, string>;
}

type Registry = { properties: PropertiesSpec } & { [K in EngagementWriteKind]: EngagementSpec<WriteBodyOf<K>> };

const oneLine = (text: string, max = 60) => {
  const words = text.replace(/\s+/g, ' ').trim();
  return words.length > max ? `${words.slice(0, max - 3)}…` : words;
};

/**
 * A kind's check against the portal's own settings: unreadable settings are HubSpot's trouble
 * (reconnect or try again, with what the rep can do instead); values the portal does not have
 * are the rep's, named per field.
 */
async function checkAgainstPortal<T>(read: Promise<Result<T>>, unreadable: (reason: string) => string, issuesOf: (settings: T) => WriteFieldIssue[]): Promise<Result<null>> {
  const settings = await read;
  if (!settings.ok) return fail(settings.error.code === 'needs_reconnect' ? 'needs_reconnect' : 'hubspot_unavailable', unreadable(settings.error.message));
  const issues = issuesOf(settings.data);
  return issues.length ? fail('bad_request', `Some values are not valid: ${issues.map((i) => i.field).join(', ')}.`, { fields: issues }) : ok(null);
}

async function checkTaskOptions(deps: KindCheckDeps, workspaceId: string, body: WriteBodyOf<'task'>): Promise<Result<null>> {
  if (body.type === undefined && body.priority === undefined && body.status === undefined) return ok(null);
  return checkAgainstPortal(
    deps.taskOptions(workspaceId),
    (reason) => `The task's type, priority and status options could not be read from HubSpot, so they cannot be checked: ${reason} Try again, or create the task without them.`,
    (options) => checkTaskValues(options, body),
  );
}

async function checkCallOutcomes(deps: KindCheckDeps, workspaceId: string, body: WriteBodyOf<'call'>): Promise<Result<null>> {
  if (body.outcome === undefined) return ok(null);
  return checkAgainstPortal(
    deps.callOutcomes(workspaceId),
    (reason) => `The portal's call outcomes could not be read from HubSpot, so the outcome cannot be checked: ${reason} Try again, or log the call without an outcome.`,
    (outcomes) => {
      const issue = checkCallOutcome(outcomes, body);
      return issue ? [issue] : [];
    },
  );
}

export const WRITE_KIND_REGISTRY: Registry = {
  properties: {
    auditAction: 'crm.contact.update',
    auditActions: { '0-1': 'crm.contact.update', '0-2': 'crm.company.update', '0-3': 'crm.deal.update', '0-5': 'crm.ticket.update' },
    summary: (body) => Object.keys(body.properties).join(', '),
  },
  note: {
    auditAction: 'crm.note.create',
    summary: (body) => `Note: ${oneLine(body.body)}`,
    object: { type: 'notes', bodyProperty: 'hs_note_body', associationTypeIdTo: ENGAGEMENT_ASSOCIATIONS.notes },
    payload: (body, c) => notePayload(body, c.ownerId, c.marker, c.acceptedAt),
    doneDetails: (_payload, request) => ({ noteLength: request.length }),
  },
  task: {
    auditAction: 'crm.task.create',
    summary: (body) => `Task: ${body.subject}`,
    object: { type: 'tasks', bodyProperty: 'hs_task_body', associationTypeIdTo: ENGAGEMENT_ASSOCIATIONS.tasks },
    payload: (body, c) => taskPayload(body, c.ownerId, c.marker, c.acceptedAt),
    check: checkTaskOptions,
    doneDetails: (payload) => ({ taskSubject: payload.hs_task_subject, due: payload.hs_timestamp }),
  },
  call: {
    auditAction: 'crm.call.create',
    summary: (body) => `Call (${body.direction === 'INBOUND' ? 'inbound' : 'outbound'}): ${oneLine(body.body)}`,
    object: { type: 'calls', bodyProperty: 'hs_call_body', associationTypeIdTo: ENGAGEMENT_ASSOCIATIONS.calls },
    // hs_timestamp (when the call took place) is required by HubSpot's calls API; outcome and
    // title are sent only when given, as HubSpot's own form leaves them unset.
    payload: (body, c) => ({
      hs_call_body: textToHtml(body.body) + markerHtml(c.marker),
      hs_call_direction: body.direction,
      hs_timestamp: body.at ? new Date(body.at).toISOString() : c.acceptedAt.toISOString(),
      hubspot_owner_id: c.ownerId,
      ...(body.outcome ? { hs_call_disposition: body.outcome } : {}),
      ...(body.title ? { hs_call_title: body.title } : {}),
    }),
    check: checkCallOutcomes,
    doneDetails: (payload) => ({ direction: payload.hs_call_direction, outcome: payload.hs_call_disposition ?? null, at: payload.hs_timestamp }),
  },
};

export const ENGAGEMENT_KINDS = (Object.keys(WRITE_KIND_REGISTRY) as WriteKind[]).filter((k): k is EngagementWriteKind => k !== 'properties');

export const isEngagementKind = (kind: WriteKind): kind is EngagementWriteKind => kind !== 'properties';

/** Audit action per kind and object (accept.ts, delivery/outcome.ts): engagements keep theirs on every object. */
export const auditActionOf = (kind: WriteKind, objectType: CrmObjectTypeId = '0-1'): string =>
  kind === 'properties' ? WRITE_KIND_REGISTRY.properties.auditActions[objectType] : WRITE_KIND_REGISTRY[kind].auditAction;

/** Whether a kind may be written on records of this object (the contract's KIND_OBJECTS). */
export const kindAllowedOn = (kind: WriteKind, objectType: CrmObjectTypeId): boolean => KIND_OBJECTS[kind].includes(objectType);

/** Why a kind is refused on an object, in the rep's words: "Calls can be logged on contacts only." */
export function kindRefusal(kind: WriteKind, objectType: CrmObjectTypeId): string {
  const where = KIND_OBJECTS[kind].map((t) => CRM_OBJECTS[t].plural.toLowerCase());
  const what = kind === 'call' ? 'Calls can be logged' : kind === 'properties' ? 'Properties can be edited' : `${kind[0]!.toUpperCase()}${kind.slice(1)}s can be added`;
  return `${what} on ${where.join(', ')} only, not on ${CRM_OBJECTS[objectType].plural.toLowerCase()}.`;
}

/*
 * A body's own entry. TypeScript cannot follow that `body.kind` picks the entry typed for that
 * body, so each entry is wrapped once: the wrapper checks at run time that the body is of its
 * kind (a mismatch is a programming error and throws) and hands the entry its own body type.
 */
type AnySpec = EngagementSpec<CreateWriteBody>;

function bodyOf<K extends WriteKind>(kind: K, body: CreateWriteBody): WriteBodyOf<K> {
  if (body.kind !== kind) throw new Error(`A ${body.kind} body was given to the ${kind} kind.`);
  return body as WriteBodyOf<K>;
}

type EngagementRegistry = { [K in EngagementWriteKind]: EngagementSpec<WriteBodyOf<K>> };

function widen<K extends EngagementWriteKind>(kind: K): AnySpec {
  const registry: EngagementRegistry = WRITE_KIND_REGISTRY;
  const spec: EngagementRegistry[K] = registry[kind];
  const check = spec.check;
  return {
    ...spec,
    summary: (body) => spec.summary(bodyOf(kind, body)),
    payload: (body, c) => spec.payload(bodyOf(kind, body), c),
    ...(check ? { check: (deps: KindCheckDeps, workspaceId: string, body: CreateWriteBody) => check(deps, workspaceId, bodyOf(kind, body)) } : {}),
  };
}

const WIDENED = new Map<EngagementWriteKind, AnySpec>(ENGAGEMENT_KINDS.map((k) => [k, widen(k)]));

export const summaryOf = (body: CreateWriteBody): string =>
  body.kind === 'properties' ? WRITE_KIND_REGISTRY.properties.summary(body) : engagementOf(body.kind).summary(body);

export function engagementOf(kind: EngagementWriteKind): AnySpec {
  const spec = WIDENED.get(kind);
  if (!spec) throw new Error(`No write kind ${kind}.`);
  return spec;
}
