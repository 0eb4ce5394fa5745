/**
 * A portal's call outcomes (HubSpot calls them dispositions). Every portal has HubSpot's six
 * defaults, with the GUIDs its calls guide documents; an admin may add custom ones (Settings ›
 * Calling › Call outcomes), which get a fresh GUID. `hs_call_disposition` accepts exactly these.
 */

export interface CallOutcome {
  id: string;
  label: string;
}

export const DEFAULT_CALL_OUTCOMES: readonly CallOutcome[] = [
  { id: '9d9162e7-6cf3-4944-bf63-4dff82258764', label: 'Busy' },
  { id: 'f240bbac-87c9-4f6e-bf70-924b57d47db7', label: 'Connected' },
  { id: 'a4c4c377-d246-4b32-a13b-75a56a4cd0ff', label: 'Left live message' },
  { id: 'b2cf5968-551e-4856-9783-52b3da59a7d0', label: 'Left voicemail' },
  { id: '73a0d17f-1163-4015-bdd5-ec830791da20', label: 'No answer' },
  { id: '17b47fee-58de-441e-a44c-c6300d46f273', label: 'Wrong number' },
];
