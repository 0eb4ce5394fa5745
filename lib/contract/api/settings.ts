import { z } from 'zod';
import { IdParam, ObjectTypeParam } from './records';

/**
 * Workspace write settings: which contact properties reps may edit from the panel.
 *
 * `GET /api/v1/settings/editable-properties` → EditablePropertiesResponse (any member: the panel
 *    renders its form from it; each entry carries the definition needed to pick an input).
 * `PUT /api/v1/settings/editable-properties` (admin) body SetEditablePropertiesBody →
 *    EditablePropertiesResponse; 400 bad_request with details.properties = [{name, reason}] when
 *    a name is unknown, read-only or calculated (nothing is saved then).
 * `GET /api/v1/settings/contact-properties` (admin) → ContactPropertiesResponse: the portal's
 *    contact property definitions, fresh from HubSpot, for the picker, each marked allowable or not.
 * Errors: 401, 403 forbidden (not an admin), 404 portal_not_connected, 503 needs_reconnect, 502 hubspot_error.
 */

export const PropertyType = z.enum(['string', 'number', 'date', 'datetime', 'enumeration', 'bool']);
export type PropertyType = z.infer<typeof PropertyType>;

export const PropertyOption = z.object({ value: z.string(), label: z.string() });
export type PropertyOption = z.infer<typeof PropertyOption>;

/** What the panel needs to render one input: `fieldType` distinguishes select/radio/checkbox/textarea/phonenumber. */
export const EditableProperty = z.object({
  name: z.string(),
  label: z.string(),
  type: PropertyType,
  fieldType: z.string(),
  /** For enumerations (checkbox = several values joined with ";"). */
  options: z.array(PropertyOption),
});
export type EditableProperty = z.infer<typeof EditableProperty>;

export const EditablePropertiesResponse = z.object({
  properties: z.array(EditableProperty),
  updatedAt: z.string().nullable(),
});
export type EditablePropertiesResponse = z.infer<typeof EditablePropertiesResponse>;

export const SetEditablePropertiesBody = z
  .object({ properties: z.array(z.string().min(1).max(100)).max(100) })
  .strict();
export type SetEditablePropertiesBody = z.infer<typeof SetEditablePropertiesBody>;

/** Why a property cannot be allowed; absent when it can. */
// `pipeline`: a deal's or ticket's pipeline and stage; moving a record between pipelines changes
// who may see it, which the panel does not check.
export const NotAllowableReason = z.enum(['read_only', 'calculated', 'unsupported_type', 'unknown_property', 'ownership', 'pipeline']);
export type NotAllowableReason = z.infer<typeof NotAllowableReason>;

export const ContactPropertyDefinition = EditableProperty.extend({
  groupName: z.string(),
  description: z.string(),
  readOnly: z.boolean(),
  calculated: z.boolean(),
  allowable: z.boolean(),
  notAllowableReason: NotAllowableReason.nullable(),
  /** Currently on the workspace's allowlist. */
  allowed: z.boolean(),
});
export type ContactPropertyDefinition = z.infer<typeof ContactPropertyDefinition>;

/** `GET /api/v1/settings/object-properties/:objectType` (and the legacy contact-properties route). */
export const ObjectPropertiesResponse = z.object({ properties: z.array(ContactPropertyDefinition) });
export type ObjectPropertiesResponse = z.infer<typeof ObjectPropertiesResponse>;
export const ContactPropertiesResponse = ObjectPropertiesResponse;
export type ContactPropertiesResponse = ObjectPropertiesResponse;

/** `?objectType=` of the editable-properties routes; absent = contacts (what older panels ask for). */
export const EditablePropertiesQuery = z.object({ objectType: ObjectTypeParam.optional() }).strict();
export type EditablePropertiesQuery = z.infer<typeof EditablePropertiesQuery>;
export const ObjectPropertiesParams = z.object({ objectType: ObjectTypeParam }).strict();

export const PropertyRefusal = z.object({ name: z.string(), reason: NotAllowableReason });
export type PropertyRefusal = z.infer<typeof PropertyRefusal>;

/**
 * Pipeline access, mirrored by an admin from HubSpot's pipeline permissions (which HubSpot does
 * not share with apps). Used only when the record permission API is not available.
 * `GET/PUT /api/v1/settings/pipeline-access/:objectType` (admin; deals `0-3` and tickets `0-5`).
 * `restricted`: only the listed users and members of the listed teams (exact membership).
 */
export const PipelineObjectParam = z.enum(['0-3', '0-5']);
export const PipelineAccessParams = z.object({ objectType: PipelineObjectParam }).strict();
/** HubSpot pipeline ids are numbers or words (`default`); `*` is storage's "no pipeline restricted" row, never a rule. */
const PipelineId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a pipeline id');
export const PipelineRule = z
  .object({
    pipelineId: PipelineId,
    access: z.enum(['everyone', 'restricted']),
    teamIds: z.array(IdParam).max(500),
    userIds: z.array(IdParam).max(2000),
  })
  .strict();
export type PipelineRule = z.infer<typeof PipelineRule>;
export const PipelineAccessResponse = z.object({
  objectType: PipelineObjectParam,
  /** The admin said this portal restricts no pipeline of this object. */
  allUnrestricted: z.boolean(),
  pipelines: z.array(z.object({ id: z.string(), label: z.string(), rule: PipelineRule.nullable() })),
});
export type PipelineAccessResponse = z.infer<typeof PipelineAccessResponse>;
export const PipelineAccessBody = z.object({ allUnrestricted: z.boolean(), rules: z.array(PipelineRule).max(500) }).strict();
export type PipelineAccessBody = z.infer<typeof PipelineAccessBody>;
