import type { ObjectAvailability } from '../../../lib/contract/api/install';

/**
 * Which CRM objects the panel works on for this install, and how to add a missing one. A missing
 * object is a state of the install (the portal's subscription lacks the scope, or the install
 * predates it), not a fault: the words say what HubSpot did not grant and that a reconnect (the
 * same authorize URL, which asks again for every optional scope) adds it.
 */
export function ObjectsAvailable({ objects }: { objects: readonly ObjectAvailability[] }) {
  return (
    <div data-testid="objects-available">
      <h3>Objects available</h3>
      <ul className="ps-plain">
        {objects.map((o) => (
          <li key={o.objectType} data-testid={`object-${o.objectType}`} data-read={o.read} data-write={o.write}>
            <ObjectLine o={o} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function ObjectLine({ o }: { o: ObjectAvailability }) {
  const scope = o.missingScopes[0] ?? '';
  if (!o.read) {
    return (
      <>
        <strong>{o.label}</strong>: not available — HubSpot didn't grant <code>{scope}</code> (your portal's subscription may not include it, or it was added after you
        connected). Reconnect HubSpot from this card to add it.
      </>
    );
  }
  if (!o.write) {
    return (
      <>
        <strong>{o.label}</strong>: view only — HubSpot didn't grant <code>{scope}</code>, so notes, tasks and edits are off. Reconnect HubSpot from this card to add it.
      </>
    );
  }
  return (
    <>
      <strong>{o.label}</strong>: available.
    </>
  );
}
