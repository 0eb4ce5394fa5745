import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Panel } from '../../components/panel/Panel';
import { createPanelStore } from '../../lib/extension/stores/panel-store';
import { createWritesStore } from '../../lib/extension/stores/writes-store';
import type { MessageEnvelope } from '../../lib/extension/messages';
import type { WriteView } from '../../lib/contract/api/writes';
import type { ObjectRecordView } from '../../lib/contract/api/records';

const record = { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1' as const, recordId: '101' };

const summary = { object: 'contact' as const, id: '101', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: null, company: null, lifecycleStage: null, owner: { id: '7006', name: 'Olivia Owned' }, updatedAt: null };
const view: ObjectRecordView = {
  portalId: '1001',
  objectType: '0-1',
  recordId: '101',
  viewer: { memberId: 'm1', email: 'olivia@acme.example', role: 'member', hubspotUser: { userId: '5006', ownerId: '7006', email: 'olivia@acme.example', name: 'Olivia Owned', superAdmin: false } },
  access: {
    canView: { allowed: true, code: 'owner', message: 'You own this contact' },
    canEdit: { allowed: true, code: 'owner', message: 'You own this contact' },
    source: 'permissions_api',
  },
  summary,
};

/**
 * A background and backend in one: HubSpot holds the phone number; a write is pending until the
 * test delivers it; the backend's view serves its cached snapshot until the test expires it.
 */
function world() {
  let hubspotPhone: string | null = '555-0100';
  let servedPhone: string | null = hubspotPhone;
  let write: WriteView | null = null;
  const loads: number[] = [];
  const send = vi.fn(async (m: unknown) => {
    const msg = m as MessageEnvelope;
    const p = msg.payload as Record<string, unknown>;
    switch (msg.action) {
      case 'panel.load':
        loads.push(Date.now());
        return { ok: true, data: { state: 'ready', view: { ...view, summary: { ...summary, phone: servedPhone }, editableValues: { phone: servedPhone } } } };
      case 'drafts.get':
        return { ok: true, data: { fields: null } };
      case 'drafts.put':
        return { ok: true, data: { saved: true } };
      case 'drafts.delete':
        return { ok: true, data: { deleted: true } };
      case 'writes.list':
        return { ok: true, data: { writes: [] } };
      case 'properties.editable':
        return { ok: true, data: { properties: [{ name: 'phone', label: 'Phone number', type: 'string', fieldType: 'phonenumber', options: [] }], updatedAt: null } };
      case 'writes.create': {
        const body = p.body as { properties: Record<string, string> };
        write = {
          id: '6f1c1e0e-8d7a-4b0b-9c55-1d2f3a4b5c6d', kind: 'properties', portalId: '1001', contactId: '101', status: 'pending', summary: 'phone',
          properties: body.properties, author: { memberId: 'm1', hubspotOwnerId: '7006' }, attempts: 0, createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(), deliveredAt: null, hubspotObjectId: null, waiting: null, error: null,
        };
        return { ok: true, data: write };
      }
      case 'writes.get':
        return { ok: true, data: write };
      default:
        return { ok: false, error: { code: 'invalid_message', message: `unexpected ${msg.action}` } };
    }
  });
  return {
    send,
    loads,
    deliver() {
      hubspotPhone = write!.properties!.phone!;
      write = { ...write!, status: 'done', deliveredAt: new Date().toISOString() };
    },
    fail() {
      write = { ...write!, status: 'failed', error: { code: 'validation_error', message: 'HubSpot refused the phone number.', adminAction: null, retryable: false, correlationId: null } };
    },
    expireSnapshot() {
      servedPhone = hubspotPhone;
    },
  };
}

describe('Panel after a save (issue 15.3)', () => {
  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
  afterEach(() => vi.useRealTimers());

  it('shows the saved value honestly while pending, HubSpot’s value once delivered, and the form follows', async () => {
    const w = world();
    const store = createPanelStore(w.send);
    const writes = createWritesStore(w.send);
    act(() => store.getState().open(record));
    render(<Panel store={store} writes={writes} send={w.send} />);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    expect(await screen.findByTestId('portside-summary-phone')).toHaveTextContent('555-0100');

    await user.click(await screen.findByTestId('portside-tab-properties'));
    const input = await screen.findByLabelText('Phone number');
    await user.clear(input);
    await user.type(input, '555-0199');
    await user.click(screen.getByTestId('portside-properties-save'));

    // Accepted, not delivered: the new value everywhere, said to be not yet in HubSpot.
    expect(await screen.findByTestId('portside-accepted')).toHaveTextContent('Change to Phone number saved — sending to HubSpot.');
    expect(screen.getByTestId('portside-summary-phone')).toHaveTextContent('555-0199 · saved, not yet in HubSpot');
    expect(screen.getByLabelText('Phone number')).toHaveValue('555-0199');
    expect(screen.getByTestId('portside-pending-phone')).toHaveTextContent('Saved, not yet in HubSpot');
    // Recent changes name the property as HubSpot labels it, not by its internal name.
    expect(screen.getByTestId('portside-write')).toHaveTextContent('Phone number');
    expect(screen.getByTestId('portside-write')).not.toHaveTextContent('phone');

    // Delivered; the backend's snapshot is still the old one for a while.
    w.deliver();
    await act(() => vi.advanceTimersByTimeAsync(1_100));
    expect(screen.getByTestId('portside-accepted')).toHaveTextContent('Change to Phone number is in HubSpot.');
    expect(screen.getByTestId('portside-summary-phone')).toHaveTextContent(/^555-0199$/);
    expect(screen.queryByTestId('portside-pending-phone')).toBeNull();
    expect(screen.getByLabelText('Phone number')).toHaveValue('555-0199');

    // The view is reloaded once the snapshot has expired, and then it is HubSpot's own value.
    const loadsBefore = w.loads.length;
    w.expireSnapshot();
    await act(() => vi.advanceTimersByTimeAsync(5_500));
    expect(w.loads.length).toBe(loadsBefore + 1);
    expect(within(screen.getByTestId('portside-summary')).getByTestId('portside-summary-phone')).toHaveTextContent(/^555-0199$/);
    expect(screen.getByLabelText('Phone number')).toHaveValue('555-0199');
    expect(screen.getByTestId('portside-properties-save')).toBeDisabled();
  });

  it('the accepted line says "not sent" when the write fails, and the summary keeps HubSpot’s value', async () => {
    const w = world();
    const store = createPanelStore(w.send);
    const writes = createWritesStore(w.send);
    act(() => store.getState().open(record));
    render(<Panel store={store} writes={writes} send={w.send} />);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await screen.findByTestId('portside-tab-properties'));
    const input = await screen.findByLabelText('Phone number');
    await user.clear(input);
    await user.type(input, '555-0199');
    await user.click(screen.getByTestId('portside-properties-save'));
    await screen.findByTestId('portside-accepted');
    // The backend reports a permanent failure.
    w.fail();
    await act(() => vi.advanceTimersByTimeAsync(1_100));
    expect(screen.getByTestId('portside-accepted')).toHaveTextContent('was not sent to HubSpot');
    expect(screen.getByTestId('portside-summary-phone')).toHaveTextContent(/^555-0100$/);
  });
});
