import { z } from 'zod';
import { HUBSPOT_APP_HOST, HUBSPOT_ID } from '../../contract/hubspot-ids';
import { PanelData } from '../panel-data';
import { DraftFields, DraftKey } from '../background/drafts';
import { CallOutcomesResponse, CreateWriteBody, IdempotencyKey, TaskOptionsResponse, WriteList, WriteResponse, WriteView } from '../../contract/api/writes';
import { EditablePropertiesResponse } from '../../contract/api/settings';
import { ObjectTypeParam } from '../../contract/api/records';
import { route, type ActionSpec } from './route';

const RecordRef = z.object({
  host: z.string().regex(HUBSPOT_APP_HOST),
  portalId: z.string().regex(HUBSPOT_ID),
  objectTypeId: ObjectTypeParam,
  recordId: z.string().regex(HUBSPOT_ID),
});
export type RecordRef = z.infer<typeof RecordRef>;

/** Who the panel showed as signed in when the rep saved (RecordView.viewer). */
const WriteViewer = z.object({ memberId: z.string().min(1).max(100), email: z.string().min(1).max(320) }).strict();

/** A record's backend path, whatever its object: `/api/v1/portals/{p}/objects/{type}/{id}`. */
export const recordPath = (r: RecordRef) => `/api/v1/portals/${r.portalId}/objects/${r.objectTypeId}/${r.recordId}`;

/** The actions the panel (content script) and the options page use on a record: its view, writes, drafts and the write forms' options. */
export const panelActions = {
  'panel.load': {
    from: ['content', 'page'],
    request: z.object({ record: RecordRef }).strict(),
    response: PanelData,
  },
  'options.open': {
    from: ['content', 'page'],
    request: z.object({}).strict(),
    response: z.object({ opened: z.boolean() }),
  },
  'writes.create': {
    from: ['content', 'page'],
    // `viewer`: the member the panel's view was drawn for; the background refuses the write when
    // the session now belongs to someone else. The email is only for saying so.
    request: z.object({ record: RecordRef, idempotencyKey: IdempotencyKey, body: CreateWriteBody, viewer: WriteViewer }).strict(),
    response: WriteView,
  },
  'writes.get': route({
    from: ['content', 'page'],
    request: z.object({ writeId: z.uuid() }).strict(),
    response: WriteView,
    http: { method: 'GET', path: ({ writeId }) => `/api/v1/writes/${writeId}`, answer: WriteResponse, pick: (a) => a.write },
  }),
  'writes.retry': route({
    from: ['content', 'page'],
    request: z.object({ writeId: z.uuid() }).strict(),
    response: WriteView,
    http: { method: 'POST', path: ({ writeId }) => `/api/v1/writes/${writeId}/retry`, body: () => ({}), answer: WriteResponse, pick: (a) => a.write },
  }),
  'writes.list': route({
    from: ['content', 'page'],
    request: z.object({ record: RecordRef }).strict(),
    response: WriteList,
    http: { method: 'GET', path: ({ record }) => `${recordPath(record)}/writes?limit=20` },
  }),
  'properties.editable': route({
    from: ['content', 'page'],
    // Absent: contacts (the options page's list until it picks an object).
    request: z.object({ objectType: ObjectTypeParam.optional() }).strict(),
    response: EditablePropertiesResponse,
    http: { method: 'GET', path: ({ objectType }) => `/api/v1/settings/editable-properties${objectType ? `?objectType=${objectType}` : ''}` },
  }),
  'tasks.options': route({
    from: ['content', 'page'],
    request: z.object({}).strict(),
    response: TaskOptionsResponse,
    http: { method: 'GET', path: () => '/api/v1/settings/task-options' },
  }),
  'calls.outcomes': route({
    from: ['content', 'page'],
    request: z.object({}).strict(),
    response: CallOutcomesResponse,
    http: { method: 'GET', path: () => '/api/v1/settings/call-outcomes' },
  }),
  'drafts.get': {
    from: ['content', 'page'],
    request: z.object({ key: DraftKey }).strict(),
    response: z.object({ fields: DraftFields.nullable() }),
  },
  'drafts.put': {
    from: ['content', 'page'],
    request: z.object({ key: DraftKey, fields: DraftFields }).strict(),
    response: z.object({ saved: z.boolean() }),
  },
  'drafts.delete': {
    from: ['content', 'page'],
    request: z.object({ key: DraftKey }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
} as const satisfies Record<string, ActionSpec>;
