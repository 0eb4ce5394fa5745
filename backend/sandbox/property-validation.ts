import { hubspotError, type HubSpotError } from './errors.js';
import { PROPERTY_DEFS, type ObjectKind, type OptionDef, type PropertyDef } from './property-defs.js';
import { hubspotInstant, type PortalState } from './state.js';

/**
 * Validates property writes the way HubSpot's CRM v3 does: every invalid property of the
 * request is reported at once in a 400 VALIDATION_ERROR whose message embeds a JSON list of
 * `{isValid, message, error, name, localizedErrorMessage, portalId}` and whose `errors[]`
 * repeats each as `{message, code, context: {propertyName: [...]}}`.
 */

export interface PropertyIssue {
  name: string;
  error: string;
  message: string;
  propertyValue?: string;
}

export type WriteValue = string | number | boolean | null;
export type ValidationResult = { ok: true; values: Record<string, string> } | { ok: false; issues: PropertyIssue[] };

export function optionsFor(portal: PortalState, def: PropertyDef): OptionDef[] {
  switch (def.dynamicOptions) {
    case 'owners':
      return [...portal.owners.values()].map((o) => ({ value: String(o.ownerId), label: `${o.firstName} ${o.lastName} (${o.email})` }));
    case 'users':
      return [...portal.users.values()].map((u) => ({ value: String(u.userId), label: `${u.firstName} ${u.lastName}` }));
    case 'teams':
      return [...portal.teams.values()].map((t) => ({ value: String(t.id), label: t.name }));
    case 'currencies':
      return [portal.companyCurrency, ...portal.exchangeRates.map((r) => r.fromCurrencyCode)].map((c) => ({ value: c, label: c }));
    case 'deals-pipelines':
    case 'tickets-pipelines':
      return portal.pipelines[def.dynamicOptions === 'deals-pipelines' ? 'deals' : 'tickets'].map((p) => ({ value: p.id, label: p.label }));
    case 'deals-stages':
    case 'tickets-stages':
      // Every stage of every pipeline, as HubSpot's property definition lists them; the stage's
      // fit with the record's pipeline is checked by the write (pipeline-rules.ts).
      return portal.pipelines[def.dynamicOptions === 'deals-stages' ? 'deals' : 'tickets'].flatMap((p) => p.stages.map((st) => ({ value: st.id, label: `${st.label} (${p.label})` })));
    case 'call-outcomes':
      return portal.callOutcomes.map((o) => ({ value: o.id, label: o.label }));
    default:
      return def.options ?? [];
  }
}

function describeOptions(options: OptionDef[]): string {
  return `[${options
    .map((o, i) => `label: "${o.label}"\nvalue: "${o.value}"\ndisplay_order: ${i}\nhidden: false\nread_only: false\n`)
    .join(', ')}]`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const EPOCH_MS = /^-?\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseInstant(v: string): number | null {
  if (EPOCH_MS.test(v)) return Number(v);
  // Only full ISO 8601 datetimes (with a time part) or plain dates are accepted.
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

function checkValue(portal: PortalState, def: PropertyDef, v: string): { value: string } | PropertyIssue {
  const name = def.name;
  switch (def.type) {
    case 'enumeration': {
      if (name === 'hubspot_owner_id') {
        if (!/^\d+$/.test(v)) return { name, error: 'INVALID_INTEGER', message: `${v} was not a valid integer (for owner ID).`, propertyValue: v };
        if (!portal.owners.has(Number(v))) return { name, error: 'INVALID_OWNER_ID', message: `${v} is not a valid owner id`, propertyValue: v };
        return { value: v };
      }
      const options = optionsFor(portal, def);
      const allowed = new Set(options.map((o) => o.value));
      const parts = def.fieldType === 'checkbox' ? v.split(';') : [v];
      const bad = parts.find((p) => !allowed.has(p));
      if (bad !== undefined) {
        return { name, error: 'INVALID_OPTION', message: `${bad} was not one of the allowed options: ${describeOptions(options)}`, propertyValue: v };
      }
      return { value: v };
    }
    case 'number':
      if (!NUMBER.test(v)) return { name, error: 'INVALID_DECIMAL', message: `${v} was not a valid number.`, propertyValue: v };
      return { value: v };
    case 'bool':
      if (v !== 'true' && v !== 'false') return { name, error: 'INVALID_BOOLEAN', message: `${v} was not a valid boolean.`, propertyValue: v };
      return { value: v };
    case 'date': {
      const t = ISO_DATE.test(v) ? Date.parse(`${v}T00:00:00Z`) : EPOCH_MS.test(v) ? Number(v) : NaN;
      if (Number.isNaN(t)) return { name, error: 'INVALID_DATE', message: `${v} was not a valid date.`, propertyValue: v };
      if (t % 86_400_000 !== 0) {
        const time = new Date(t).toISOString().slice(11, 23);
        return { name, error: 'INVALID_DATE', message: `${v} is at ${time} UTC, not midnight!`, propertyValue: v };
      }
      return { value: new Date(t).toISOString().slice(0, 10) };
    }
    case 'datetime': {
      const t = parseInstant(v);
      if (t === null) return { name, error: 'INVALID_LONG', message: `${v} was not a valid long.`, propertyValue: v };
      return { value: hubspotInstant(t) };
    }
    case 'string':
      if (name === 'email' && !EMAIL.test(v)) return { name, error: 'INVALID_EMAIL', message: `Email address ${v} is invalid`, propertyValue: v };
      return { value: v };
  }
}

export function validateWrite(portal: PortalState, kind: ObjectKind, input: Record<string, WriteValue>): ValidationResult {
  const defs = PROPERTY_DEFS[kind];
  const issues: PropertyIssue[] = [];
  const values: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input)) {
    const def = defs.get(name);
    if (!def) {
      issues.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (def.readOnly) {
      const what = def.calculated ? 'a calculated property' : 'a read only property';
      issues.push({ name, error: 'READ_ONLY_VALUE', message: `"${name}" is ${what}; its value cannot be set.` });
      continue;
    }
    const v = raw === null ? '' : String(raw);
    // An empty string clears the property, whatever its type.
    if (v === '') {
      values[name] = '';
      continue;
    }
    const checked = checkValue(portal, def, v);
    if ('value' in checked) values[name] = checked.value;
    else issues.push(checked);
  }
  return issues.length ? { ok: false, issues } : { ok: true, values };
}

export function validationErrorBody(portalId: number, issues: PropertyIssue[]): HubSpotError {
  const list = issues.map((i) => ({
    isValid: false,
    message: i.message,
    error: i.error,
    name: i.name,
    localizedErrorMessage: i.message,
    ...(i.propertyValue !== undefined ? { propertyValue: i.propertyValue } : {}),
    portalId,
  }));
  return hubspotError(`Property values were not valid: ${JSON.stringify(list)}`, 'VALIDATION_ERROR', {
    errors: issues.map((i) => ({ message: i.message, code: i.error, context: { propertyName: [i.name] } })),
  });
}
