import { describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Panel } from '../../components/panel/Panel';
import { createPanelStore } from '../../lib/extension/stores/panel-store';
import { createWritesStore } from '../../lib/extension/stores/writes-store';
import type { PanelData } from '../../lib/extension/panel-data';
import type { RecordView } from '../../lib/contract/api/records';

const record = { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1' as const, recordId: '101' };

function deferredSend() {
  const calls: Array<{ message: { action: string; payload: unknown }; resolve: (v: unknown) => void }> = [];
  const send = vi.fn((message: unknown) => new Promise((resolve) => calls.push({ message: message as never, resolve })));
  return { send, calls };
}
const reply = (data: PanelData) => ({ ok: true, data });

export const view: RecordView = {
  portalId: '1001',
  contactId: '101',
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
  contact: {
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

function setup() {
  const { send, calls } = deferredSend();
  const timers = { set: vi.fn(() => 1), clear: vi.fn() };
  const store = createPanelStore(send, { timers });
  act(() => store.getState().open(record));
  render(<Panel store={store} writes={createWritesStore(send)} send={send} />);
  return { store, send, calls, timers };
}

describe('Panel', () => {
  it('shows a loading state, then the verdict and the contact summary', async () => {
    const { calls } = setup();
    expect(screen.getByRole('complementary', { name: 'Portside' })).toBeInTheDocument();
    expect(screen.getByTestId('portside-portal')).toHaveTextContent('1001');
    expect(screen.getByTestId('portside-contact')).toHaveTextContent('101');
    expect(screen.getByRole('status')).toHaveTextContent('Checking your access');
    await act(async () => calls[0]!.resolve(reply({ state: 'ready', view })));
    expect(screen.getByTestId('portside-viewer')).toHaveTextContent('Signed in as Olivia Owned');
    expect(screen.getByTestId('portside-access')).toHaveTextContent('You can edit');
    expect(screen.getByTestId('portside-access-reason')).toHaveTextContent('You own this contact');
    // Contact values are text, never markup.
    expect(screen.getByTestId('portside-contact-name')).toHaveTextContent('Ada <b>Lovelace</b>');
    expect(screen.getByText('Sales qualified lead')).toBeInTheDocument();
  });

  it('shows "view only" with the reason when the rep cannot edit', async () => {
    const { calls } = setup();
    const viewOnly = { ...view, access: { ...view.access, canEdit: { allowed: false, code: 'other_team' as const, message: 'Owned by another team — view only' } } };
    await act(async () => calls[0]!.resolve(reply({ state: 'ready', view: viewOnly })));
    expect(screen.getByTestId('portside-access')).toHaveAttribute('data-state', 'view');
    expect(screen.getByTestId('portside-access')).toHaveTextContent('View only');
    expect(screen.getByTestId('portside-access')).toHaveTextContent('Owned by another team — view only');
  });

  it.each<[PanelData, string, string]>([
    [{ state: 'signed_out', backendUrl: 'x', reachable: true }, 'Sign in to Portside', 'Sign in'],
    [{ state: 'session_expired', backendUrl: 'x' }, 'nothing you typed here is lost', 'Sign in again'],
    [{ state: 'portal_not_connected', portalId: '1001', message: 'm' }, 'HubSpot portal 1001 isn\'t connected', ''],
    [{ state: 'needs_reconnect', portalId: '1001', message: 'Ask your admin to reconnect HubSpot.' }, 'reconnect', ''],
    [{ state: 'not_linked', email: null, message: 'Not linked to a HubSpot user' }, 'Not linked', ''],
    [{ state: 'unreachable', backendUrl: 'http://localhost:8787', message: 'm' }, "Can't reach Portside's server", 'Try again now'],
  ])('explains %j', async (data, text, button) => {
    const { calls } = setup();
    await act(async () => calls[0]!.resolve(reply(data)));
    expect(screen.getByTestId('portside-state')).toHaveTextContent(text);
    if (button) expect(screen.getByRole('button', { name: button })).toBeInTheDocument();
  });

  it('keeps the last known state when the server drops, and retries by itself', async () => {
    const { store, calls, timers } = setup();
    await act(async () => calls[0]!.resolve(reply({ state: 'ready', view })));
    act(() => store.getState().refresh());
    const loads = calls.filter((c) => c.message.action === 'panel.load');
    await act(async () => loads[1]!.resolve(reply({ state: 'unreachable', backendUrl: 'x', message: 'm' })));
    expect(screen.getByTestId('portside-offline')).toHaveTextContent('showing the last known state');
    expect(screen.getByTestId('portside-access')).toHaveTextContent('You can edit');
    expect(timers.set).toHaveBeenCalledTimes(1);
  });

  it.each(['hubspot_unavailable', 'service_unavailable', 'rate_limited'])('a passing %s failure says so, shows no verdict, and retries by itself', async (code) => {
    const { store, calls, timers } = setup();
    await act(async () => calls[0]!.resolve({ ok: false, error: { code, message: 'HubSpot is not answering right now.' } }));
    expect(screen.getByTestId('portside-state')).toHaveAttribute('data-state', 'error');
    expect(screen.getByTestId('portside-state')).toHaveTextContent('HubSpot is not answering right now. Trying again automatically…');
    // Passing, and handled: a status in the normal tone, not an alert in error red.
    expect(screen.getByTestId('portside-state')).toHaveAttribute('role', 'status');
    expect(screen.getByTestId('portside-state')).toHaveClass('ps-notice-info');
    expect(screen.queryByTestId('portside-access')).not.toBeInTheDocument();
    expect(timers.set).toHaveBeenCalledTimes(1);
    // The retry succeeds: the verdict replaces the notice.
    act(() => (timers.set.mock.calls[0] as unknown as [() => void])[0]());
    await act(async () => calls[1]!.resolve(reply({ state: 'ready', view })));
    expect(screen.getByTestId('portside-access')).toHaveTextContent('You can edit');
    expect(store.getState().retrying).toBe(false);
  });

  it('a lasting failure offers a retry but does not retry by itself', async () => {
    const { calls, timers } = setup();
    await act(async () => calls[0]!.resolve({ ok: false, error: { code: 'missing_scopes', message: 'Ask your admin to reconnect.' } }));
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(timers.set).not.toHaveBeenCalled();
  });

  it('asks the background to open the options page to sign in', async () => {
    const { calls } = setup();
    await act(async () => calls[0]!.resolve(reply({ state: 'signed_out', backendUrl: 'x', reachable: true })));
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(calls[1]!.message.action).toBe('options.open');
  });

  it('shows only HubSpot\'s own "no access" when HubSpot denies the record', async () => {
    const { store, calls } = setup();
    await act(async () => calls[0]!.resolve(reply({ state: 'ready', view })));
    act(() => store.getState().setHubSpotDenied(true));
    expect(screen.getByTestId('portside-state')).toHaveAttribute('data-state', 'hubspot_denied');
    expect(screen.queryByTestId('portside-summary')).not.toBeInTheDocument();
  });

  it('never shows the previous record under a new id', async () => {
    const { store, calls } = setup();
    act(() => store.getState().open({ ...record, recordId: '102' }));
    // The answer for 101 arrives late: it must be ignored.
    await act(async () => calls[0]!.resolve(reply({ state: 'ready', view })));
    expect(screen.getByTestId('portside-contact')).toHaveTextContent('102');
    expect(screen.queryByTestId('portside-summary')).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Checking your access');
  });

  it('collapses and expands from the keyboard', async () => {
    setup();
    const toggle = screen.getByRole('button', { name: 'Collapse Portside panel' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: 'Expand Portside panel' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByTestId('portside-contact')).not.toBeInTheDocument();
  });

  it('renders nothing without a record', () => {
    const { send } = deferredSend();
    const store = createPanelStore(send);
    const { container } = render(<Panel store={store} writes={createWritesStore(send)} send={send} />);
    expect(container).toBeEmptyDOMElement();
  });
});
