import type { PropertyValue, WriteFieldIssue } from '../../../lib/contract/api/writes';
import type { EditableProperty } from '../../../lib/contract/api/settings';

/**
 * Checks a rep's property edits against the admin's allowlist and each property's HubSpot
 * definition, and normalises the values to the strings HubSpot expects. Every issue is
 * reported at once so the panel can mark each field.
 */

export type PropertyCheck = { ok: true; values: Record<string, string> } | { ok: false; issues: WriteFieldIssue[] };

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 65_536;

type One = { value: string } | { issue: string };

function asText(v: Exclude<PropertyValue, null>): string {
  return typeof v === 'string' ? v.trim() : String(v);
}

function validDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkOne(def: EditableProperty, raw: Exclude<PropertyValue, null>): One {
  const v = asText(raw);
  switch (def.type) {
    case 'string':
      if (v.length > MAX_TEXT) return { issue: `${def.label} is too long (at most ${MAX_TEXT} characters).` };
      if (def.name === 'email' && !EMAIL.test(v)) return { issue: `${def.label} must be an email address.` };
      return { value: v };
    case 'number':
      if (typeof raw === 'boolean' || !NUMBER.test(v)) return { issue: `${def.label} must be a number.` };
      return { value: v };
    case 'bool':
      if (v !== 'true' && v !== 'false') return { issue: `${def.label} must be yes or no.` };
      return { value: v };
    case 'date':
      if (!validDate(v)) return { issue: `${def.label} must be a date (YYYY-MM-DD).` };
      return { value: v };
    case 'datetime': {
      const t = ISO_DATETIME.test(v) ? Date.parse(v) : NaN;
      if (Number.isNaN(t)) return { issue: `${def.label} must be a date and time with a time zone (ISO 8601).` };
      return { value: new Date(t).toISOString() };
    }
    case 'enumeration': {
      const allowed = new Map(def.options.map((o) => [o.value, o.label]));
      const parts = def.fieldType === 'checkbox' ? [...new Set(v.split(';').map((p) => p.trim()).filter(Boolean))] : [v];
      const bad = parts.find((p) => !allowed.has(p));
      if (bad !== undefined) {
        const labels = [...allowed.values()].slice(0, 20).join(', ');
        return { issue: `"${bad}" is not an option of ${def.label}. Allowed: ${labels}${allowed.size > 20 ? ', …' : ''}.` };
      }
      return { value: parts.join(';') };
    }
  }
}

export function validateProperties(allowlist: readonly EditableProperty[], input: Record<string, PropertyValue>): PropertyCheck {
  const defs = new Map(allowlist.map((d) => [d.name, d]));
  const issues: WriteFieldIssue[] = [];
  const values: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input)) {
    const def = defs.get(name);
    if (!def) {
      issues.push({ field: name, message: `"${name}" is not editable from Portside. An admin chooses the editable properties in Options.` });
      continue;
    }
    // Empty means "clear the property", which HubSpot accepts for every type.
    if (raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      values[name] = '';
      continue;
    }
    const checked = checkOne(def, raw);
    if ('value' in checked) values[name] = checked.value;
    else issues.push({ field: name, message: checked.issue });
  }
  return issues.length ? { ok: false, issues } : { ok: true, values };
}
