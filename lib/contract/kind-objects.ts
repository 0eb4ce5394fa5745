import type { CrmObjectTypeId } from './crm-objects';
import type { WriteKind } from './api/writes';

/**
 * The objects each write kind can be written on. Calls stay on contacts: the sandbox knows no call
 * association to companies, deals or tickets, so Portside cannot check it delivers them right.
 * Free of zod (types only from the contract) so the panel can pick its tabs from it; the contract
 * re-exports it (lib/contract/api/writes.ts).
 */
export const KIND_OBJECTS: Record<WriteKind, readonly CrmObjectTypeId[]> = {
  properties: ['0-1', '0-2', '0-3', '0-5'],
  note: ['0-1', '0-2', '0-3', '0-5'],
  task: ['0-1', '0-2', '0-3', '0-5'],
  call: ['0-1'],
};
