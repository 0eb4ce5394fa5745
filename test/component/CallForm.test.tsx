import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { CallForm } from '../../components/panel/writes/CallForm';
import type { DraftForm } from '../../components/panel/writes/useDraftForm';
import type { CallOutcomesResponse, CreateWriteBody } from '../../lib/contract/api/writes';

/**
 * The call form's outcome picker offers the portal's own outcomes (custom ones included) and
 * says what to do while they load, when there are none and when they cannot be read; the call
 * can be logged in every state.
 */

type Outcomes = CallOutcomesResponse['outcomes'] | { unavailable: string } | null;
const CUSTOM = { id: 'c0ffee00-5eed-4c0a-9a11-ac0e00000001', label: 'Booked a demo' };
const CONNECTED = { id: 'f240bbac-87c9-4f6e-bf70-924b57d47db7', label: 'Connected' };

function Harness({ outcomes, submit, retry = () => {}, initial = {} }: { outcomes: Outcomes; submit(b: CreateWriteBody): void; retry?(): void; initial?: Record<string, string> }) {
  const [fields, setFields] = useState<Record<string, string>>(initial);
  const form: DraftForm = {
    fields,
    setField: (n, v) => setFields((f) => ({ ...f, [n]: v })),
    submitting: false,
    error: null,
    acceptedWriteId: null,
    submit: async (b) => submit(b),
  };
  return <CallForm form={form} outcomes={outcomes} onRetryOutcomes={retry} />;
}

describe('CallForm outcomes', () => {
  it("offers the portal's outcomes, custom ones included, in a labelled native select, saved from the keyboard", async () => {
    const submit = vi.fn();
    render(<Harness outcomes={[CONNECTED, CUSTOM]} submit={submit} />);
    const select = screen.getByLabelText('Outcome');
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Not set', 'Connected', 'Booked a demo']);
    await userEvent.selectOptions(select, 'Booked a demo');
    expect(select).toHaveValue(CUSTOM.id);
    await userEvent.type(screen.getByLabelText('What was the call about?'), 'Demo booked{Tab}{Enter}');
    expect(submit).toHaveBeenCalledWith({ kind: 'call', body: 'Demo booked', direction: 'OUTBOUND', outcome: CUSTOM.id });
  });

  it('says it is loading, and logs the call without an outcome meanwhile', async () => {
    const submit = vi.fn();
    render(<Harness outcomes={null} submit={submit} initial={{ outcome: CUSTOM.id }} />);
    expect(screen.getByRole('status')).toHaveTextContent("Loading this HubSpot account's call outcomes");
    expect(screen.queryByLabelText('Outcome')).toBeNull();
    await userEvent.type(screen.getByLabelText('What was the call about?'), 'Quick call');
    await userEvent.click(screen.getByRole('button', { name: 'Log call' }));
    expect(submit).toHaveBeenCalledWith({ kind: 'call', body: 'Quick call', direction: 'OUTBOUND' });
  });

  it('says when the portal has no outcomes and who can add them', () => {
    render(<Harness outcomes={[]} submit={vi.fn()} />);
    expect(screen.getByTestId('portside-call-outcomes-empty')).toHaveTextContent('has no call outcomes, so the call is logged without one. An admin can add outcomes');
    expect(screen.queryByLabelText('Outcome')).toBeNull();
  });

  it('says why the outcomes cannot be read, offers to try again, and drops an outcome kept in an old draft', async () => {
    const submit = vi.fn();
    const retry = vi.fn();
    render(<Harness outcomes={{ unavailable: 'HubSpot is not answering properly right now.' }} submit={submit} retry={retry} initial={{ outcome: CUSTOM.id }} />);
    expect(screen.getByTestId('portside-call-outcomes-unavailable')).toHaveTextContent("couldn't be read (HubSpot is not answering properly right now.). Log the call without one, or try again.");
    await userEvent.click(screen.getByRole('button', { name: 'try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
    await userEvent.type(screen.getByLabelText('What was the call about?'), 'No luck');
    await userEvent.click(screen.getByRole('button', { name: 'Log call' }));
    expect(submit).toHaveBeenCalledWith({ kind: 'call', body: 'No luck', direction: 'OUTBOUND' });
  });
});
