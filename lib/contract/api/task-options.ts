/**
 * The task properties whose values come from the portal's own option lists. HubSpot documents
 * LOW/MEDIUM/HIGH, EMAIL/CALL/TODO and NOT_STARTED/COMPLETED, but a portal's definitions are the
 * authority, so the panel offers and the backend accepts what `GET /crm/v3/properties/tasks`
 * lists for the portal. Plain types, apart from the zod schemas in writes.ts, so the panel's
 * task form can use them without bundling zod into the content script.
 */
export const TASK_ENUM_PROPERTIES = { type: 'hs_task_type', priority: 'hs_task_priority', status: 'hs_task_status' } as const;
export type TaskEnumField = keyof typeof TASK_ENUM_PROPERTIES;

export interface TaskOption {
  value: string;
  label: string;
}

export type TaskOptions = Record<TaskEnumField, TaskOption[]>;

/** What a new task says when the rep picks nothing: HubSpot's own default for a new task. */
export const DEFAULT_TASK_STATUS = 'NOT_STARTED';
