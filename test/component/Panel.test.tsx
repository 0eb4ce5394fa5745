import { describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Panel } from '../../components/panel/Panel';
import { createPanelStore } from '../../lib/extension/stores/panel-store';
import { createWritesStore } from '../../lib/extension/stores/writes-store';
import type { PanelData } from '../../lib/extension/panel-data';
import type { ObjectRecordView } from '../../lib/contract/api/records';

const record = { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1' as const, recordId: '101' };

function deferredSend() {
  const calls: Array<{ message: { action: string; payload: unknown }; resolve: (v: unknown) => void }> = [];
  const send = vi.fn((message: unknown) => new Promise((resolve) => calls.push({ message: message as never, resolve })));
  return { send, calls };
}
const reply = (data: PanelData) => ({ ok: true, data });

export const view: ObjectRecordView = {
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

describe('Panel on companies, deals and tickets', () => {
  const deal = { ...record, objectTypeId: '0-3' as const, recordId: '22002' };
  const dealView: ObjectRecordView = {
    ...view,
    objectType: '0-3',
    recordId: '22002',
    access: { ...view.access, canView: { allowed: true, code: 'owner', message: 'You own this deal' }, canEdit: { allowed: true, code: 'owner', message: 'You own this deal' } },
    summary: { object: 'deal', id: '22002', name: 'Ember renewal', pipeline: { id: 'default', label: 'Sales pipeline' }, stage: { id: 's1', label: 'Qualified' }, amount: null, closeDate: null, owner: null, updatedAt: null },
  };
  // Answers every message at once: the panel's view per record, empty lists for the write forms.
  function answering(views: Record<string, ObjectRecordView>) {
    const sent: Array<{ action: string; payload: Record<string, unknown> }> = [];
    const send = vi.fn(async (message: unknown) => {
      const m = message as { action: string; payload: Record<string, unknown> };
      sent.push(m);
      if (m.action === 'panel.load') {
        const r = m.payload.record as typeof record;
        return reply({ state: 'ready', view: views[`${r.objectTypeId}:${r.recordId}`]! });
      }
      if (m.action === 'writes.list') return { ok: true, data: { writes: [] } };
      if (m.action === 'properties.editable') return { ok: true, data: { properties: [], updatedAt: null } };
      if (m.action === 'drafts.get') return { ok: true, data: { fields: null } };
      return { ok: false, error: { code: 'not_found', message: 'none' } };
    });
    return { send, sent };
  }

  it.each<[boolean, string, string | null]>([
    [true, 'Reconnect HubSpot from Portside\'s options to add deals', 'Reconnect in options'],
    [false, 'Ask your Portside admin to reconnect HubSpot with deals', null],
  ])('explains that deals are not connected (admin %s)', async (isAdmin, text, button) => {
    const { send, calls } = deferredSend();
    const store = createPanelStore(send, { timers: { set: vi.fn(() => 1), clear: vi.fn() } });
    act(() => store.getState().open(deal));
    render(<Panel store={store} writes={createWritesStore(send)} send={send} />);
    await act(async () =>
      calls[0]!.resolve(reply({ state: 'object_unavailable', objectType: '0-3', label: 'Deals', message: 'm', missingScopes: ['crm.objects.deals.read'], isAdmin, who: null })),
    );
    const state = screen.getByTestId('portside-state');
    expect(state).toHaveAttribute('data-state', 'object_unavailable');
    expect(state).toHaveTextContent("Deals aren't connected to Portside");
    expect(state).toHaveTextContent(text);
    if (button) {
      await userEvent.click(screen.getByRole('button', { name: button }));
      expect(calls.at(-1)!.message.action).toBe('options.open');
    } else {
      expect(screen.queryByRole('button', { name: /reconnect/i })).not.toBeInTheDocument();
    }
    expect(screen.getByTestId('portside-contact')).toHaveAttribute('data-object-type', '0-3');
    expect(screen.getByTestId('portside-portal').parentElement).toHaveTextContent('Deal 22002');
  });

  it('a deal shows the deal card, asks for the deal\'s editable properties, and offers no Call tab', async () => {
    const { send, sent } = answering({ '0-3:22002': dealView });
    const store = createPanelStore(send);
    act(() => store.getState().open(deal));
    render(<Panel store={store} writes={createWritesStore(send)} send={send} />);
    expect(await screen.findByRole('region', { name: 'Deal summary' })).toHaveTextContent('Ember renewal');
    expect(screen.getByRole('group', { name: 'Your access to this deal' })).toHaveTextContent('You own this deal');
    expect(screen.getByRole('region', { name: 'Update this deal' })).toBeInTheDocument();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Note', 'Task']);
    expect(sent.find((m) => m.action === 'properties.editable')!.payload).toEqual({ objectType: '0-3' });
    expect(sent.some((m) => m.action === 'calls.outcomes')).toBe(false);
  });

  it('moving from a contact on its Call tab to a deal with the same id shows the deal, with fresh forms', async () => {
    const contactView = { ...view, recordId: '22002', summary: { ...(view.summary as Extract<ObjectRecordView['summary'], { object: 'contact' }>), id: '22002' } };
    const { send } = answering({ '0-1:22002': contactView, '0-3:22002': dealView });
    const store = createPanelStore(send);
    act(() => store.getState().open({ ...record, recordId: '22002' }));
    render(<Panel store={store} writes={createWritesStore(send)} send={send} />);
    await userEvent.click(await screen.findByRole('tab', { name: 'Call' }));
    expect(screen.getByRole('tab', { name: 'Call' })).toHaveAttribute('aria-selected', 'true');
    act(() => store.getState().open(deal));
    expect(await screen.findByRole('region', { name: 'Deal summary' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Contact summary' })).not.toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Note' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.queryByRole('tab', { name: 'Call' })).not.toBeInTheDocument();
  });
});
