import { describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { Panel } from '../../components/panel/Panel';
import { createPanelStore } from '../../lib/extension/stores/panel-store';
import { createWritesStore } from '../../lib/extension/stores/writes-store';
import { followSession } from '../../lib/extension/content/session-follow';
import { SESSION_MARKER_KEY } from '../../lib/extension/background/session-marker';
import type { StorageEvents } from '../../lib/extension/content/session-watch';
import type { ObjectRecordView } from '../../lib/contract/api/records';

const record = { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1' as const, recordId: '101' };

function fakeStorage() {
  const listeners = new Set<(changes: Record<string, unknown>, area: string) => void>();
  const storage: StorageEvents = { onChanged: { addListener: (cb) => void listeners.add(cb), removeListener: (cb) => void listeners.delete(cb) } };
  const emit = (changes: Record<string, unknown>, area: string) => listeners.forEach((cb) => cb(changes, area));
  return { storage, emit, listeners };
}

// Oscar-like member who owns the contact (the same view Panel.test.tsx uses).
const view: ObjectRecordView = {
  portalId: '1001',
  objectType: '0-1',
  recordId: '101',
  viewer: {
    memberId: 'm1',
    email: 'olivia@acme.example',
    role: 'member',
    hubspotUser: { userId: '5006', ownerId: '7006', email: 'olivia@acme.example', name: 'Olivia Owned', superAdmin: false },
  },
  access: {
    canView: { allowed: true, code: 'owner', message: 'You own this contact' },
    canEdit: { allowed: true, code: 'owner', message: 'You own this contact' },
    source: 'permissions_api',
  },
  summary: {
    object: 'contact',
    id: '101',
    firstName: 'Ada',
    lastName: '<b>Lovelace</b>',
    email: 'ada@example.com',
    phone: null,
    company: 'Analytical Engines',
    lifecycleStage: 'salesqualifiedlead',
    owner: { id: '7006', name: 'Olivia Owned' },
    updatedAt: null,
  },
};

/** A background that answers panel.load with whoever is signed in now. */
function fakeBackground() {
  let data: unknown = { state: 'ready', view };
  const actions: string[] = [];
  const send = vi.fn(async (m: unknown) => {
    const { action } = m as { action: string };
    actions.push(action);
    if (action === 'panel.load') return { ok: true, data };
    if (action === 'writes.list') return { ok: true, data: { writes: [] } };
    if (action === 'properties.editable') return { ok: true, data: { properties: [], updatedAt: null } };
    if (action === 'drafts.get') return { ok: true, data: { fields: null } };
    return { ok: false, error: { code: 'invalid_message', message: 'no' } };
  });
  return { send, actions, signIn: (next: unknown) => void (data = next) };
}

describe('an open panel follows the session', () => {
  it('loads again when the session marker changes: signed out, then another member', async () => {
    const bg = fakeBackground();
    const s = fakeStorage();
    const store = createPanelStore(bg.send, { timers: { set: vi.fn(() => 1), clear: vi.fn() } });
    const writes = createWritesStore(bg.send);
    const stop = followSession(s.storage, store, writes);
    act(() => store.getState().open(record));
    render(<Panel store={store} writes={writes} send={bg.send} />);
    expect(await screen.findByTestId('portside-viewer')).toHaveTextContent('Olivia Owned');
    const loads = () => bg.actions.filter((a) => a === 'panel.load').length;
    expect(loads()).toBe(1);

    // Unrelated keys and other areas do not reload.
    await act(async () => s.emit({ 'drafts.x': { newValue: 1 } }, 'local'));
    await act(async () => s.emit({ [SESSION_MARKER_KEY]: { newValue: 'a' } }, 'session'));
    expect(loads()).toBe(1);

    bg.signIn({ state: 'signed_out', backendUrl: 'https://portside.example.com', reachable: true });
    await act(async () => s.emit({ [SESSION_MARKER_KEY]: { newValue: 'b' } }, 'local'));
    expect(loads()).toBe(2);
    expect(await screen.findByRole('button', { name: /sign in/i })).toBeInTheDocument();

    const tina = { ...view, viewer: { ...view.viewer, memberId: 'm-tina', email: 'tina@acme.example', hubspotUser: { ...view.viewer.hubspotUser!, name: 'Tina Team' } } };
    bg.signIn({ state: 'ready', view: tina });
    const listsBefore = bg.actions.filter((a) => a === 'writes.list').length;
    await act(async () => s.emit({ [SESSION_MARKER_KEY]: { newValue: 'c' } }, 'local'));
    expect(loads()).toBe(3);
    expect(await screen.findByText('Tina Team')).toBeInTheDocument();
    // The write list is the new member's, fetched again for the same record.
    expect(bg.actions.filter((a) => a === 'writes.list').length).toBeGreaterThan(listsBefore);
    stop();
    expect(s.listeners.size).toBe(0);
  });
});
