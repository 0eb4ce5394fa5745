import type { ObjectRecordView, RecordView } from '../../../lib/contract/api/records';
import { ok, type Result } from '../../../lib/contract/errors';
import type { Caller } from '../caller';
import type { RecordsDeps } from './create';
import { viewObjectRecord } from './view';

/**
 * The contacts view extensions already in the stores call (`GET …/contacts/:contactId/view`):
 * the object view of contact `contactId`, answered in the shape those extensions parse. Stores
 * take weeks to update every install, so this stays as long as such versions may be out there.
 */
export async function viewRecord(deps: RecordsDeps, caller: Caller<'role' | 'email'>, portalId: string, contactId: string, ctx: { correlationId: string | null }): Promise<Result<RecordView>> {
  const view = await viewObjectRecord(deps, caller, { portalId, objectType: '0-1', recordId: contactId }, ctx);
  return view.ok ? ok(toLegacyView(view.data)) : view;
}

export function toLegacyView(v: ObjectRecordView): RecordView {
  let contact: RecordView['contact'] = null;
  if (v.summary?.object === 'contact') {
    const { object: _object, ...summary } = v.summary;
    contact = summary;
  }
  return {
    portalId: v.portalId,
    contactId: v.recordId,
    viewer: v.viewer,
    access: v.access,
    contact,
    ...(v.editableValues ? { editableValues: v.editableValues } : {}),
  };
}
