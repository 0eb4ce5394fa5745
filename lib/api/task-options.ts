/**
 * HubSpot's task enumerations. Plain constants, apart from the zod schemas in writes.ts, so the
 * panel's task form can list them without bundling zod into the content script.
 */
export const TASK_PRIORITIES = ['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const;
export const TASK_TYPES = ['TODO', 'CALL', 'EMAIL', 'LINKED_IN', 'MEETING'] as const;
export const TASK_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'] as const;
