import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import { unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * The portal's call outcomes, `GET /calling/v1/dispositions` (HubSpot's engagements reference):
 * a bare array of `{id, label}`, the ids being what `hs_call_disposition` takes. HubSpot may mark
 * an outcome an admin removed as `deleted`; those are not offered. The reference names no scope
 * of its own: calls are engagements, read with the contacts scopes Portside already holds.
 */
const Disposition = z.object({ id: z.string().min(1), label: z.string(), deleted: z.boolean().optional() });
const Answer = z.array(Disposition);

export interface CallDisposition {
  id: string;
  label: string;
}

export async function listCallDispositions(send: PortalSend): Promise<SendResult<CallDisposition[]>> {
  const res = await send({ method: 'GET', path: '/calling/v1/dispositions', operation: 'calling.dispositions' });
  if (!res.ok) return res;
  const parsed = Answer.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer('the call outcomes');
  return ok(parsed.data.filter((d) => !d.deleted).map((d) => ({ id: d.id, label: d.label || d.id })));
}
