import { describe, expect, it } from 'vitest';
import { ObjectRecordParams, ObjectRecordView, RecordSummary, RecordView, RecordViewParams } from '../../lib/contract/api/records';
import { KIND_OBJECTS, WRITE_KINDS, WriteView } from '../../lib/contract/api/writes';
import { EditablePropertiesQuery, NotAllowableReason, PipelineAccessBody, PipelineAccessParams } from '../../lib/contract/api/settings';
import { MemberObjectParams, ObjectLevels } from '../../lib/contract/api/identity';
import { ApiErrorBody, ObjectNotAvailableDetails } from '../../lib/contract/errors';

/** The issue-20 contract: a record view and summary per object, and the legacy contact view unchanged. */
const owner = { id: '7002', name: 'Evan Reyes' };
const contact = { id: '101', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: null, company: 'Acme', lifecycleStage: 'lead', owner, updatedAt: '2026-12-01T10:00:00Z' };
const viewer = { memberId: 'm1', email: 'evan@example.com', role: 'member' as const, hubspotUser: null };
const access = {
  canView: { allowed: true, code: 'owner' as const, message: 'You own this deal' },
  canEdit: { allowed: true, code: 'owner' as const, message: 'You own this deal' },
  source: 'permissions_api' as const,
};

describe('RecordSummary', () => {
  it('parses each object\'s summary', () => {
    const summaries = [
      { object: 'contact', ...contact },
      { object: 'company', id: '21002', name: 'Ember Health', domain: 'ember.example', industry: { id: 'HOSPITAL_HEALTH_CARE', label: 'Hospital & Health Care' }, owner, associatedContacts: 3, updatedAt: null },
      { object: 'deal', id: '22002', name: 'Ember renewal', pipeline: { id: 'default', label: 'Sales Pipeline' }, stage: { id: 'appointmentscheduled', label: null }, amount: { value: '48000.50', currency: 'EUR' }, closeDate: '2026-12-31', owner, updatedAt: '2026-12-01T10:00:00Z' },
      { object: 'ticket', id: '23001', subject: 'Login fails', pipeline: { id: '0', label: 'Support Pipeline' }, stage: { id: '1', label: 'New' }, priority: { id: 'URGENT', label: 'Urgent' }, owner: null, updatedAt: null },
    ];
    for (const s of summaries) expect(RecordSummary.parse(s)).toEqual(s);
  });

  it('refuses a summary whose fields belong to another object, and an unknown object', () => {
    expect(RecordSummary.safeParse({ object: 'deal', ...contact }).success).toBe(false);
    expect(RecordSummary.safeParse({ object: 'lead', id: '1' }).success).toBe(false);
    expect(RecordSummary.safeParse({ object: 'company', id: '1', name: null, domain: null, industry: null, owner: null, associatedContacts: 1.5, updatedAt: null }).success).toBe(false);
  });
});

describe('record view params and answers', () => {
  it('object routes take the four object type ids only', () => {
    expect(ObjectRecordParams.parse({ portalId: '12345', objectType: '0-3', recordId: '22002' })).toEqual({ portalId: '12345', objectType: '0-3', recordId: '22002' });
    for (const objectType of ['0-4', '0-7', 'deals', '2-1']) expect(ObjectRecordParams.safeParse({ portalId: '12345', objectType, recordId: '1' }).success, objectType).toBe(false);
    expect(ObjectRecordParams.safeParse({ portalId: '12345', objectType: '0-3', recordId: '0' }).success).toBe(false);
  });

  it('an object record view carries its object type and a summary (null when not viewable)', () => {
    const deal = { object: 'deal', id: '22002', name: 'Ember renewal', pipeline: null, stage: null, amount: null, closeDate: null, owner: null, updatedAt: null };
    const view = { portalId: '12345', objectType: '0-3', recordId: '22002', viewer, access, summary: deal, editableValues: { amount: '1' } };
    expect(ObjectRecordView.parse(view)).toEqual(view);
    expect(ObjectRecordView.parse({ ...view, summary: null, editableValues: undefined }).summary).toBeNull();
    expect(ObjectRecordView.safeParse({ ...view, objectType: '0-4' }).success).toBe(false);
  });

  it('the legacy contact view keeps its shape: `contact`, no object type', () => {
    expect(Object.keys(RecordView.shape)).toEqual(['portalId', 'contactId', 'viewer', 'access', 'contact', 'editableValues']);
    expect(Object.keys(RecordViewParams.shape)).toEqual(['portalId', 'contactId']);
    const legacy = { portalId: '12345', contactId: '101', viewer, access, contact };
    expect(RecordView.parse(legacy)).toEqual(legacy);
  });
});

describe('writes, settings, identity and errors for other objects', () => {
  it('calls are for contacts only; every other kind for all four objects', () => {
    expect(Object.keys(KIND_OBJECTS).sort()).toEqual([...WRITE_KINDS].sort());
    expect(KIND_OBJECTS.call).toEqual(['0-1']);
    for (const k of ['properties', 'note', 'task'] as const) expect(KIND_OBJECTS[k]).toEqual(['0-1', '0-2', '0-3', '0-5']);
  });

  it('a write view may name its object; an old one without it still parses', () => {
    const base = {
      id: 'w1', kind: 'note', portalId: '12345', contactId: '22002', status: 'pending', summary: 'Note: hi', properties: null, author: { memberId: 'm1', hubspotOwnerId: null },
      attempts: 0, createdAt: '2026-12-01T10:00:00Z', updatedAt: '2026-12-01T10:00:00Z', deliveredAt: null, hubspotObjectId: null, waiting: null, error: null,
    };
    expect(WriteView.parse(base).objectType).toBeUndefined();
    expect(WriteView.parse({ ...base, objectType: '0-3', recordId: '22002' })).toMatchObject({ objectType: '0-3', recordId: '22002' });
    expect(WriteView.safeParse({ ...base, objectType: '0-4' }).success).toBe(false);
  });

  it('settings: editable properties per object (contacts when absent), pipeline rules for deals and tickets', () => {
    expect(EditablePropertiesQuery.parse({})).toEqual({});
    expect(EditablePropertiesQuery.parse({ objectType: '0-2' })).toEqual({ objectType: '0-2' });
    expect(EditablePropertiesQuery.safeParse({ objectType: '0-4' }).success).toBe(false);
    expect(NotAllowableReason.parse('pipeline')).toBe('pipeline');
    expect(PipelineAccessParams.safeParse({ objectType: '0-3' }).success).toBe(true);
    expect(PipelineAccessParams.safeParse({ objectType: '0-2' }).success).toBe(false);
    const body = { allUnrestricted: false, rules: [{ pipelineId: 'default', access: 'restricted', teamIds: ['7'], userIds: [] }] };
    expect(PipelineAccessBody.parse(body)).toEqual(body);
    // '*' is how storage says "no pipeline restricted"; through the API that is `allUnrestricted`.
    expect(PipelineAccessBody.safeParse({ allUnrestricted: false, rules: [{ pipelineId: '*', access: 'everyone', teamIds: [], userIds: [] }] }).success).toBe(false);
    expect(PipelineAccessBody.safeParse({ allUnrestricted: false, rules: [{ pipelineId: 'x', access: 'restricted', teamIds: ['abc'], userIds: [] }] }).success).toBe(false);
  });

  it('object levels: "none", or levels as for contacts; contacts keep their own route', () => {
    expect(ObjectLevels.parse({ access: 'none' })).toEqual({ access: 'none' });
    const levels = { access: 'levels', view: 'owned', edit: 'none', viewUnassigned: false, editUnassigned: false };
    expect(ObjectLevels.parse(levels)).toEqual(levels);
    expect(ObjectLevels.safeParse({ access: 'none', view: 'owned' }).success).toBe(false);
    expect(ObjectLevels.safeParse({ access: 'levels', view: 'owned' }).success).toBe(false);
    expect(MemberObjectParams.safeParse({ memberId: 'm1', objectType: '0-5' }).success).toBe(true);
    expect(MemberObjectParams.safeParse({ memberId: 'm1', objectType: '0-1' }).success).toBe(false);
  });

  it('object_not_available is an error code with the scopes a reconnect adds', () => {
    const body = { error: { code: 'object_not_available', message: 'Deals are not connected', details: { objectType: '0-3', missingScopes: ['crm.objects.deals.read'], reconnect: true } } };
    expect(ApiErrorBody.parse(body)).toEqual(body);
    expect(ObjectNotAvailableDetails.parse(body.error.details)).toEqual(body.error.details);
  });
});
