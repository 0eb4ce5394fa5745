import type { WriteView } from '../../../lib/contract/api/writes';

/**
 * One line for a write. The backend's summary names property edits by HubSpot's internal names
 * (`jobtitle`); the panel knows the labels HubSpot shows (`Job title`) from the editable list, so
 * it uses those, and the internal name only for a property no longer on that list.
 */
export function writeSummary(w: WriteView, labels: Record<string, string>): string {
  if (w.kind !== 'properties' || !w.properties) return w.summary;
  return Object.keys(w.properties).map((name) => labels[name] ?? name).join(', ');
}
