import { z } from 'zod';

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
export const NotAllowableReason = z.enum(['read_only', 'calculated', 'unsupported_type', 'unknown_property', 'ownership']);
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

export const ContactPropertiesResponse = z.object({ properties: z.array(ContactPropertyDefinition) });
export type ContactPropertiesResponse = z.infer<typeof ContactPropertiesResponse>;

export const PropertyRefusal = z.object({ name: z.string(), reason: NotAllowableReason });
export type PropertyRefusal = z.infer<typeof PropertyRefusal>;
