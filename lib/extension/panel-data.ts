import { z } from 'zod';
import { ObjectRecordView, ObjectTypeParam } from '../contract/api/records';

/** Who is signed in to Portside, shown with every signed-in state so the rep knows which account is used. */
export const SignedInAs = z.object({ email: z.string(), name: z.string().nullable(), workspace: z.string() });
export type SignedInAs = z.infer<typeof SignedInAs>;
const who = SignedInAs.nullable().optional();

/**
 * What the background tells the panel about the record in view. Each state is one thing the rep
 * can understand and act on; the panel never has to interpret raw error codes.
 */
export const PanelData = z.discriminatedUnion('state', [
  z.object({ state: z.literal('signed_out'), backendUrl: z.string(), reachable: z.boolean(), message: z.string().optional() }),
  z.object({ state: z.literal('session_expired'), backendUrl: z.string() }),
  z.object({ state: z.literal('unreachable'), backendUrl: z.string(), message: z.string() }),
  z.object({ state: z.literal('portal_not_connected'), portalId: z.string(), message: z.string(), who }),
  z.object({ state: z.literal('needs_reconnect'), portalId: z.string(), message: z.string(), who }),
  z.object({ state: z.literal('not_linked'), email: z.string().nullable(), message: z.string(), who }),
  z.object({ state: z.literal('error'), code: z.string(), message: z.string(), who }),
  // The install was not granted this object's scope (companies, deals and tickets are optional):
  // an admin can reconnect HubSpot from options; a rep can only ask an admin.
  z.object({
    state: z.literal('object_unavailable'),
    objectType: ObjectTypeParam,
    /** The object's plural, "Deals". */
    label: z.string(),
    message: z.string(),
    missingScopes: z.array(z.string()),
    isAdmin: z.boolean(),
    who,
  }),
  z.object({ state: z.literal('ready'), view: ObjectRecordView }),
]);
export type PanelData = z.infer<typeof PanelData>;
