import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { WritePanel } from '../../components/panel/writes/WritePanel';
import { createWritesStore } from '../../lib/extension/stores/writes-store';
import type { MessageEnvelope } from '../../lib/extension/messages';
import type { WriteView } from '../../lib/contract/api/writes';

const record = { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1' as const, recordId: '101' };

function write(over: Partial<WriteView>): WriteView {
  return {
    id: '6f1c1e0e-8d7a-4b0b-9c55-1d2f3a4b5c6d',
    kind: 'note',
    portalId: '1001',
    contactId: '101',
    status: 'pending',
    summary: 'Note: Called',
    properties: null,
    author: { memberId: 'm1', hubspotOwnerId: '7006' },
    attempts: 0,
    createdAt: '2026-11-22T08:00:00.000Z',
    updatedAt: '2026-11-22T08:00:00.000Z',
    deliveredAt: null,
    hubspotObjectId: null,
    waiting: null,
    error: null,
    ...over,
  };
}

/** A background that keeps drafts in memory and answers writes as the backend would. */
function fakeBackground(onCreate: (payload: { idempotencyKey: string; body: unknown }) => unknown) {
  const drafts = new Map<string, unknown>();
  const log: MessageEnvelope[] = [];
  let current = write({});
  const send = vi.fn(async (m: unknown) => {
    const msg = m as MessageEnvelope;
    log.push(msg);
    const p = msg.payload as Record<string, unknown>;
    const dk = JSON.stringify(p.key);
    switch (msg.action) {
      case 'drafts.get':
        return { ok: true, data: { fields: drafts.get(dk) ?? null } };
      case 'drafts.put':
        drafts.set(dk, p.fields);
        return { ok: true, data: { saved: true } };
      case 'drafts.delete':
        drafts.delete(dk);
        return { ok: true, data: { deleted: true } };
      case 'writes.list':
        return { ok: true, data: { writes: [] } };
      case 'properties.editable':
        return { ok: true, data: { properties: [], updatedAt: null } };
      case 'calls.outcomes':
        return { ok: true, data: { outcomes: [{ id: 'b2cf5968-551e-4856-9783-52b3da59a7d0', label: 'Left voicemail' }, { id: 'c0ffee00-5eed-4c0a-9a11-ac0e00000001', label: 'Booked a demo' }] } };
      case 'writes.create': {
        const r = onCreate(p as never);
        if ((r as { ok: boolean }).ok) current = (r as { data: WriteView }).data;
        return r;
      }
      case 'writes.get':
        current = { ...current, status: 'done', deliveredAt: '2026-11-22T08:00:01.000Z' };
        return { ok: true, data: current };
      default:
        return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    }
  });
  return { send, drafts, log };
}

const viewer = { memberId: 'm-oscar', email: 'oscar@example.com' };

describe('WritePanel', () => {
  it('keeps the typed note as a draft, sends it once with an idempotency key, then shows it delivered', async () => {
    const bg = fakeBackground(() => ({ ok: true, data: write({}) }));
    render(<WritePanel send={bg.send} record={record} writes={createWritesStore(bg.send)} viewer={viewer} />);
    await userEvent.type(screen.getByLabelText('Write a note'), 'Called, wants a demo');
    await waitFor(() => expect([...bg.drafts.values()]).toContainEqual({ body: 'Called, wants a demo' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save note' }));
    const create = bg.log.find((m) => m.action === 'writes.create')!;
    expect(create.payload).toMatchObject({ viewer, body: { kind: 'note', body: 'Called, wants a demo' }, idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await screen.findByText('Note saved — sending to HubSpot.')).toBeInTheDocument();
    expect(screen.getByLabelText('Write a note')).toHaveValue('');
    expect(bg.drafts.size).toBe(0);
    await waitFor(() => expect(screen.getByTestId('portside-write')).toHaveAttribute('data-status', 'done'), { timeout: 3000 });
    expect(screen.getByTestId('portside-write')).toHaveTextContent('In HubSpot');
  });

  it('logs a call from the keyboard: direction, outcome and notes, labelled, kept as a draft, sent once', async () => {
    const bg = fakeBackground(() => ({ ok: true, data: write({ kind: 'call', summary: 'Call (inbound): Wants a quote' }) }));
    render(<WritePanel send={bg.send} record={record} writes={createWritesStore(bg.send)} viewer={viewer} />);
    screen.getByRole('tab', { name: 'Note' }).focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    const form = screen.getByRole('form', { name: 'Log a call' });
    const ui = within(form);
    expect(ui.getByRole('radio', { name: 'Outbound' })).toBeChecked();
    expect(ui.getByRole('button', { name: 'Log call' })).toBeDisabled();
    await userEvent.click(ui.getByRole('radio', { name: 'Inbound' }));
    await userEvent.selectOptions(await ui.findByLabelText('Outcome'), 'Left voicemail');
    await userEvent.type(ui.getByLabelText('What was the call about?'), 'Wants a quote');
    await waitFor(() => expect([...bg.drafts.values()]).toContainEqual({ direction: 'INBOUND', outcome: 'b2cf5968-551e-4856-9783-52b3da59a7d0', body: 'Wants a quote' }));
    await userEvent.keyboard('{Tab}{Enter}');
    await waitFor(() => expect(bg.log.filter((m) => m.action === 'writes.create')).toHaveLength(1));
    const create = bg.log.find((m) => m.action === 'writes.create')!;
    expect(create.payload).toMatchObject({ body: { kind: 'call', direction: 'INBOUND', outcome: 'b2cf5968-551e-4856-9783-52b3da59a7d0', body: 'Wants a quote' } });
    expect(await screen.findByText('Call saved — sending to HubSpot.')).toBeInTheDocument();
    expect(ui.getByLabelText('What was the call about?')).toHaveValue('');
    expect(bg.drafts.size).toBe(0);
    await waitFor(() => expect(screen.getByTestId('portside-write')).toHaveTextContent('Call (inbound): Wants a quote'));
  });

  it('shows a write accepted pending its access check as "checking access", and follows it until HubSpot has it', async () => {
    const checking = write({ status: 'pending_check', waiting: { reason: 'checking_access', nextAttemptAt: null, lastError: null } });
    const bg = fakeBackground(() => ({ ok: true, data: checking }));
    render(<WritePanel send={bg.send} record={record} writes={createWritesStore(bg.send)} viewer={viewer} />);
    await userEvent.type(screen.getByLabelText('Write a note'), 'Called while HubSpot was busy');
    await userEvent.click(screen.getByRole('button', { name: 'Save note' }));
    expect(await screen.findByText('Note saved — checking your access, then sending to HubSpot.')).toBeInTheDocument();
    const item = screen.getByTestId('portside-write');
    expect(item).toHaveAttribute('data-status', 'pending_check');
    expect(item).toHaveTextContent('Checking access');
    expect(item).toHaveTextContent('Portside is checking your access to this contact in HubSpot');
    // The store keeps polling a pending_check write like a pending one, until it is settled.
    await waitFor(() => expect(screen.getByTestId('portside-write')).toHaveAttribute('data-status', 'done'), { timeout: 3000 });
    expect(bg.log.some((m) => m.action === 'writes.get')).toBe(true);
  });

  it('loses nothing when the session has expired, and reuses the same key on the next try', async () => {
    let n = 0;
    const keys: string[] = [];
    const bg = fakeBackground((p) => {
      keys.push(p.idempotencyKey);
      return ++n === 1
        ? { ok: false, error: { code: 'session_expired', message: 'Your session has ended. Sign in again.' } }
        : { ok: true, data: write({}) };
    });
    render(<WritePanel send={bg.send} record={record} writes={createWritesStore(bg.send)} viewer={viewer} />);
    await userEvent.type(screen.getByLabelText('Write a note'), 'Important');
    await userEvent.click(screen.getByRole('button', { name: 'Save note' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your text is kept here; nothing is lost.');
    expect(screen.getByLabelText('Write a note')).toHaveValue('Important');
    expect([...bg.drafts.values()][0]).toMatchObject({ body: 'Important' });
    await userEvent.click(screen.getByRole('button', { name: 'Save note' }));
    await screen.findByText('Note saved — sending to HubSpot.');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  describe("task options from the portal", () => {
    const portalOptions = {
      type: [{ value: 'CALL', label: 'Call' }, { value: 'EMAIL', label: 'Email' }],
      priority: [{ value: 'LOW', label: 'Low' }, { value: 'HIGH', label: 'High' }],
      status: [{ value: 'NOT_STARTED', label: 'Not started' }, { value: 'COMPLETED', label: 'Completed' }],
    };
    const withOptions = (bg: ReturnType<typeof fakeBackground>, answer: unknown) => {
      const inner = bg.send.getMockImplementation()!;
      bg.send.mockImplementation(async (m: unknown) => ((m as MessageEnvelope).action === 'tasks.options' ? answer : inner(m)));
    };

    it("offers the portal's type and priority options, sends only what was chosen, and never a 'none' value", async () => {
      const bg = fakeBackground(() => ({ ok: true, data: write({ kind: 'task' }) }));
      withOptions(bg, { ok: true, data: portalOptions });
      render(<WritePanel send={bg.send} record={record} writes={createWritesStore(bg.send)} viewer={viewer} />);
      await userEvent.click(screen.getByRole('tab', { name: 'Task' }));
      const priority = await screen.findByLabelText('Priority');
      expect(within(priority).getAllByRole('option').map((o) => o.textContent)).toEqual(['Not set', 'Low', 'High']);
      expect(within(screen.getByLabelText('Type')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Not set', 'Call', 'Email']);
      await userEvent.type(screen.getByLabelText('Task title'), 'Call back');
      await userEvent.selectOptions(priority, 'HIGH');
      await userEvent.click(screen.getByRole('button', { name: 'Create task' }));
      await waitFor(() => expect(bg.log.some((m) => m.action === 'writes.create')).toBe(true));
      const body = (bg.log.find((m) => m.action === 'writes.create')!.payload as { body: Record<string, unknown> }).body;
      expect(body).toEqual({ kind: 'task', subject: 'Call back', status: 'NOT_STARTED', priority: 'HIGH' });
    });

    it('stays usable when the options cannot be read: says why and creates the task without them', async () => {
      const bg = fakeBackground(() => ({ ok: true, data: write({ kind: 'task' }) }));
      withOptions(bg, { ok: false, error: { code: 'hubspot_unavailable', message: 'HubSpot is not answering properly right now.' } });
      render(<WritePanel send={bg.send} record={record} writes={createWritesStore(bg.send)} viewer={viewer} />);
      await userEvent.click(screen.getByRole('tab', { name: 'Task' }));
      expect(await screen.findByTestId('portside-task-options-unavailable')).toHaveTextContent("couldn't be read from HubSpot (HubSpot is not answering properly right now.)");
      expect(screen.queryByLabelText('Priority')).toBeNull();
      await userEvent.type(screen.getByLabelText('Task title'), 'Call back');
      await userEvent.click(screen.getByRole('button', { name: 'Create task' }));
      await waitFor(() => expect(bg.log.some((m) => m.action === 'writes.create')).toBe(true));
      expect((bg.log.find((m) => m.action === 'writes.create')!.payload as { body: unknown }).body).toEqual({ kind: 'task', subject: 'Call back' });
    });
  });

  it('shows field problems the backend reported', async () => {
    const bg = fakeBackground(() => ({
      ok: false,
      error: { code: 'bad_request', message: 'Some fields are not valid.', details: { fields: [{ field: 'subject', message: 'the task needs a subject' }] } },
    }));
    render(<WritePanel send={bg.send} record={record} writes={createWritesStore(bg.send)} viewer={viewer} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Task' }));
    await userEvent.type(screen.getByLabelText('Task title'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Create task' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Some fields are not valid.');
    expect(alert).toHaveTextContent('subject: the task needs a subject');
  });

  it("follows the WAI-ARIA tabs pattern inside the panel's shadow root: arrows, Home and End move focus and select; only the selected tab is tabbable", async () => {
    const bg = fakeBackground(() => ({ ok: true, data: write({}) }));
    bg.send.mockImplementation(withEditable(bg.send.getMockImplementation()!));
    // The panel lives in a shadow root on HubSpot's page, where document.getElementById finds nothing.
    const host = document.createElement('div');
    document.body.append(host);
    const container = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'));
    const ui = within(container);
    render(<WritePanel send={bg.send} record={record} writes={createWritesStore(bg.send)} viewer={viewer} />, { container });
    await waitFor(() => expect(ui.getAllByRole('tab')).toHaveLength(4));
    const tab = (name: string) => ui.getByRole('tab', { name });
    const focused = () => host.shadowRoot!.activeElement;
    const expectSelected = (name: string) => {
      for (const t of ui.getAllByRole('tab')) {
        const on = t === tab(name);
        expect(t).toHaveAttribute('aria-selected', String(on));
        expect(t).toHaveAttribute('tabindex', on ? '0' : '-1');
      }
      expect(focused()).toBe(tab(name));
      const panel = ui.getByRole('tabpanel');
      expect(panel).toHaveAttribute('aria-labelledby', tab(name).id);
      expect(tab(name)).toHaveAttribute('aria-controls', panel.id);
      expect(panel).toHaveAccessibleName(name);
    };
    tab('Note').focus();
    await userEvent.keyboard('{ArrowRight}');
    expectSelected('Task');
    expect(ui.getByLabelText('Task title')).toBeInTheDocument();
    await userEvent.keyboard('{ArrowRight}');
    expectSelected('Call');
    expect(ui.getByLabelText('What was the call about?')).toBeInTheDocument();
    await userEvent.keyboard('{ArrowRight}');
    expectSelected('Edit');
    await userEvent.keyboard('{ArrowRight}');
    expectSelected('Note');
    await userEvent.keyboard('{ArrowLeft}');
    expectSelected('Edit');
    await userEvent.keyboard('{Home}');
    expectSelected('Note');
    await userEvent.keyboard('{End}');
    expectSelected('Edit');
    expect(ui.getByLabelText('Job Title')).toBeInTheDocument();
    host.remove();
  });
});

/** Wraps a fake background so the workspace allows editing two properties (the Edit tab appears). */
function withEditable(inner: (m: unknown) => Promise<unknown>) {
  return async (m: unknown) =>
    (m as MessageEnvelope).action === 'properties.editable'
      ? { ok: true, data: { properties: [{ name: 'jobtitle', label: 'Job Title', type: 'string', fieldType: 'text', options: [] }], updatedAt: null } }
      : inner(m);
}
