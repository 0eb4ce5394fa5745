import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditablePropertiesCard } from '../../components/options/properties/EditablePropertiesCard';
import type { ContactPropertyDefinition } from '../../lib/contract/api/settings';
import type { MessageEnvelope } from '../../lib/extension/messages';

const def = (name: string, label: string, over: Partial<ContactPropertyDefinition> = {}): ContactPropertyDefinition => ({
  name, label, type: 'string', fieldType: 'text', options: [], groupName: 'info', description: '', readOnly: false, calculated: false, allowable: true, notAllowableReason: null, allowed: false, ...over,
});

const DEFS: Record<string, ContactPropertyDefinition[]> = {
  '0-1': [def('city', 'City', { allowed: true })],
  '0-3': [def('amount', 'Amount', { type: 'number' }), def('dealstage', 'Deal stage', { allowable: false, notAllowableReason: 'pipeline' })],
};

describe('EditablePropertiesCard: an allowlist per object', () => {
  it('starts on contacts, switches to deals, refuses the stage with its reason, and saves the deal allowlist only', async () => {
    const sent: MessageEnvelope[] = [];
    const send = vi.fn(async (m: unknown) => {
      const msg = m as MessageEnvelope;
      sent.push(msg);
      if (msg.action === 'properties.objectDefinitions') return { ok: true, data: { properties: DEFS[(msg.payload as { objectType: string }).objectType] ?? [] } };
      if (msg.action === 'properties.setObjectEditable') return { ok: true, data: { properties: [], updatedAt: null } };
      return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    });
    render(<EditablePropertiesCard send={send} />);
    expect(await screen.findByTestId('allow-city')).toBeChecked();
    await userEvent.selectOptions(screen.getByTestId('properties-object'), '0-3');
    expect(await screen.findByTestId('allow-amount')).not.toBeChecked();
    expect(screen.getByTestId('allow-dealstage')).toBeDisabled();
    expect(screen.getByRole('list', { name: 'Deal properties' })).toHaveTextContent('moving between pipelines is done in HubSpot');
    await userEvent.click(screen.getByTestId('allow-amount'));
    await userEvent.click(screen.getByTestId('properties-save'));
    expect(sent.filter((m) => m.action === 'properties.setObjectEditable')).toEqual([expect.objectContaining({ payload: { objectType: '0-3', properties: ['amount'] } })]);
    expect(await screen.findByRole('status')).toHaveTextContent('the next time they open a deal');
  });
});
