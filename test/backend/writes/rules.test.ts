import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../backend/services/delivery/backoff';
import { gate, onFailure, onSuccess } from '../../../backend/services/delivery/breaker';
import { grant } from '../../../backend/services/delivery/rate-window';
import { notAllowableReason } from '../../../backend/services/settings/property-definitions';
import { markerFor, textToHtml } from '../../../backend/services/write-kinds/engagement-payload';
import { requestHash } from '../../../backend/services/writes/request-hash';
import { validateProperties } from '../../../backend/services/writes/validate-properties';
import type { EditableProperty } from '../../../lib/contract/api/settings';

/** The pure rules of the write path. */

const defs: EditableProperty[] = [
  { name: 'city', label: 'City', type: 'string', fieldType: 'text', options: [] },
  { name: 'seats', label: 'Seats', type: 'number', fieldType: 'number', options: [] },
  { name: 'renewal', label: 'Renewal', type: 'date', fieldType: 'date', options: [] },
  { name: 'met_at', label: 'Met at', type: 'datetime', fieldType: 'date', options: [] },
  { name: 'vip', label: 'VIP', type: 'bool', fieldType: 'booleancheckbox', options: [] },
  { name: 'stage', label: 'Stage', type: 'enumeration', fieldType: 'radio', options: [{ value: 'lead', label: 'Lead' }, { value: 'customer', label: 'Customer' }] },
  { name: 'tags', label: 'Tags', type: 'enumeration', fieldType: 'checkbox', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
];

describe('validateProperties', () => {
  it('normalises valid values of every type', () => {
    const r = validateProperties(defs, { city: ' Oslo ', seats: 3, renewal: '2031-02-28', met_at: '2031-02-28T10:00:00+02:00', vip: true, stage: 'lead', tags: 'b;a;b', });
    expect(r).toEqual({ ok: true, values: { city: 'Oslo', seats: '3', renewal: '2031-02-28', met_at: '2031-02-28T08:00:00.000Z', vip: 'true', stage: 'lead', tags: 'b;a' } });
  });
  it('clears with null or empty', () => {
    expect(validateProperties(defs, { seats: null, city: '' })).toEqual({ ok: true, values: { seats: '', city: '' } });
  });
  it('reports every bad field and unlisted names', () => {
    const r = validateProperties(defs, { seats: 'x', renewal: '2031-02-30', met_at: '2031-02-28T10:00', vip: 'yes', stage: 'boss', tags: 'a;z', phone: '1' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field).sort()).toEqual(['met_at', 'phone', 'renewal', 'seats', 'stage', 'tags', 'vip']);
  });
});

describe('note bodies', () => {
  it('escape everything the rep typed and keep line breaks', () => {
    expect(textToHtml('a <b>&"\'\nline\n\npara')).toBe('<p>a &lt;b&gt;&amp;&quot;&#39;<br>line</p><p>para</p>');
  });
  it('marker is derived from the write id', () => {
    expect(markerFor('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('portside-0f8fad5bd9cb469fa16570867728950e');
  });
});

describe('request hash', () => {
  it('ignores key order, not values', () => {
    expect(requestHash({ a: 1, b: { c: 2, d: 3 } })).toBe(requestHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });
});

describe('property allowability', () => {
  const base = { label: '', fieldType: 'text', groupName: '', description: '', options: [], calculated: false };
  it('refuses read-only, calculated, ownership and unsupported types', () => {
    expect(notAllowableReason({ ...base, name: 'x', type: 'string', modificationMetadata: { readOnlyValue: true } })).toBe('read_only');
    expect(notAllowableReason({ ...base, name: 'x', type: 'number', calculated: true })).toBe('calculated');
    expect(notAllowableReason({ ...base, name: 'hubspot_owner_id', type: 'enumeration' })).toBe('ownership');
    expect(notAllowableReason({ ...base, name: 'x', type: 'object_coordinates' })).toBe('unsupported_type');
    expect(notAllowableReason({ ...base, name: 'city', type: 'string' })).toBeNull();
  });
});

describe('rate window', () => {
  const w = { limit: 3, intervalMs: 1_000, marginMs: 100 };
  it('grants until the limit, then says when the oldest leaves', () => {
    expect(grant([100, 200], 1, 500, w)).toEqual({ granted: 1, retryAt: 500 });
    expect(grant([100, 200, 300], 1, 500, w)).toEqual({ granted: 0, retryAt: 100 + 1_100 + 1 });
    expect(grant([100, 200, 300], 1, 1_250, w).granted).toBe(1);
  });
});

describe('backoff and breaker', () => {
  it('full jitter under an exponential cap, Retry-After as a floor', () => {
    expect(backoffDelay(1, { baseMs: 100, capMs: 1_000 }, () => 0.999)).toBe(99);
    expect(backoffDelay(10, { baseMs: 100, capMs: 1_000 }, () => 0.999)).toBe(999);
    expect(backoffDelay(1, { baseMs: 100, capMs: 1_000 }, () => 0, 5_000)).toBe(5_000);
    expect(parseRetryAfter('3')).toBe(3_000);
  });
  it('opens after the threshold, probes once, doubles on a failed probe, closes on success', () => {
    const p = { threshold: 2, openMs: 100, maxOpenMs: 1_000, probeMs: 50 };
    let s = onSuccess();
    s = onFailure(s, 0, p);
    expect(gate(s, 0, p).kind).toBe('closed');
    s = onFailure(s, 0, p);
    expect(gate(s, 50, p)).toEqual({ kind: 'open', until: 100 });
    const probe = gate(s, 100, p);
    expect(probe.kind).toBe('probe');
    s = onFailure(probe.kind === 'probe' ? probe.state : s, 120, p);
    expect(s.openUntil).toBe(120 + 200);
    expect(gate(onSuccess(), 0, p).kind).toBe('closed');
  });
});
