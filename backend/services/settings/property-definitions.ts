import { z } from 'zod';
import { PropertyType, type ContactPropertyDefinition, type EditableProperty, type NotAllowableReason } from '../../../lib/contract/api/settings';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { OBJECT_API } from '../../hubspot/objects';

/**
 * A property definition as HubSpot's `GET /crm/v3/properties/{object}` returns it, read
 * with zod so an unexpected answer fails here, not in a rep's form. Unknown extra fields pass.
 */
export const HubSpotPropertyDefinition = z.object({
  name: z.string().min(1),
  label: z.string().default(''),
  type: z.string(),
  fieldType: z.string().default('text'),
  groupName: z.string().default(''),
  description: z.string().nullish().transform((d) => d ?? ''),
  options: z.array(z.object({ value: z.string(), label: z.string().default(''), hidden: z.boolean().optional() })).default([]),
  calculated: z.boolean().default(false),
  hidden: z.boolean().optional(),
  modificationMetadata: z.object({ readOnlyValue: z.boolean().default(false) }).partial().optional(),
});
export type HubSpotPropertyDefinition = z.infer<typeof HubSpotPropertyDefinition>;

/**
 * Properties that decide who may see or edit the record. The install token may write them for
 * anyone, so letting reps change them through Portside could hand out access HubSpot's own
 * permission settings would not; they are never allowable.
 */
const ACCESS_PROPERTIES = new Set(['hubspot_owner_id', 'hubspot_team_id', 'hs_shared_user_ids', 'hs_shared_team_ids']);

/**
 * A deal's or ticket's pipeline and stage: moving a record to another pipeline changes who may
 * see it (pipeline permissions), which a panel edit does not check, so they are never allowable.
 */
const isPipelineProperty = (name: string, objectType: CrmObjectTypeId) => name === OBJECT_API[objectType].pipelineProperty || name === OBJECT_API[objectType].stageProperty;

export function notAllowableReason(def: HubSpotPropertyDefinition, objectType: CrmObjectTypeId = '0-1'): NotAllowableReason | null {
  if (def.calculated) return 'calculated';
  if (def.modificationMetadata?.readOnlyValue) return 'read_only';
  if (ACCESS_PROPERTIES.has(def.name) || def.name.startsWith('hs_all_')) return 'ownership';
  if (isPipelineProperty(def.name, objectType)) return 'pipeline';
  if (!PropertyType.safeParse(def.type).success) return 'unsupported_type';
  return null;
}

/** The slice of a definition the panel renders and the acceptance check validates against. */
export function toEditable(def: HubSpotPropertyDefinition): EditableProperty {
  return {
    name: def.name,
    label: def.label || def.name,
    type: PropertyType.parse(def.type),
    fieldType: def.fieldType,
    options: def.options.filter((o) => !o.hidden).map((o) => ({ value: o.value, label: o.label || o.value })),
  };
}

export function toPickerEntry(def: HubSpotPropertyDefinition, allowed: boolean, objectType: CrmObjectTypeId = '0-1'): ContactPropertyDefinition {
  const reason = notAllowableReason(def, objectType);
  const type = PropertyType.safeParse(def.type);
  return {
    name: def.name,
    label: def.label || def.name,
    // Unsupported types are shown as text in the picker, marked not allowable.
    type: type.success ? type.data : 'string',
    fieldType: def.fieldType,
    options: def.options.filter((o) => !o.hidden).map((o) => ({ value: o.value, label: o.label || o.value })),
    groupName: def.groupName,
    description: def.description,
    readOnly: def.modificationMetadata?.readOnlyValue ?? false,
    calculated: def.calculated,
    allowable: reason === null,
    notAllowableReason: reason,
    allowed: allowed && reason === null,
  };
}
