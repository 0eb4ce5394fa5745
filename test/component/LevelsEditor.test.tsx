import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IdentityRow } from '../../components/options/identity/IdentityRow';
import type { MemberEntry, PermissionLevels } from '../../lib/contract/api/identity';
import type { MessageEnvelope } from '../../lib/extension/messages';

const contacts: PermissionLevels = { view: 'everything', edit: 'team', viewUnassigned: true, editUnassigned: false };

const entry = (over: Partial<MemberEntry> = {}): MemberEntry => ({
  memberId: 'm1',
  email: 'evan@acme.example',
  emailVerified: true,
  role: 'member',
  link: { userId: '5002', ownerId: '7002', email: 'evan@acme.example', name: 'Evan', superAdmin: false, evidence: 'verified_email', active: true, teams: [], linkedAt: '2026-01-01T00:00:00.000Z', linkedBy: 'a1', syncedAt: null },
  levels: contacts,
  objectLevels: { '0-2': null, '0-3': { access: 'levels', view: 'owned', edit: 'owned', viewUnassigned: false, editUnassigned: false }, '0-5': { access: 'none' } },
  proposal: null,
  ...over,
});

function setup(e: MemberEntry) {
  const sent: MessageEnvelope[] = [];
  const send = vi.fn(async (m: unknown) => {
    sent.push(m as MessageEnvelope);
    return { ok: true, data: e };
  });
  render(
    <table>
      <tbody>
        <IdentityRow send={send} entry={e} users={[]} onChanged={vi.fn()} />
      </tbody>
    </table>,
  );
  return sent;
}

describe('per-object levels in the People table', () => {
  it('shows a row per object with its state: not set, levels, no access', () => {
    setup(entry());
    expect(screen.getByTestId('object-levels-0-2')).toHaveAttribute('data-mode', 'not_set');
    expect(screen.getByTestId('object-levels-0-3')).toHaveAttribute('data-mode', 'levels');
    expect(screen.getByTestId('object-levels-0-5')).toHaveAttribute('data-mode', 'none');
    expect(screen.getByRole('combobox', { name: 'Deals permissions of evan@acme.example' })).toHaveValue('levels');
    // Only the row with levels shows the level pickers.
    expect(within(screen.getByTestId('object-levels-0-3')).getByRole('group', { name: 'Deals permissions of evan@acme.example' })).toBeInTheDocument();
    expect(within(screen.getByTestId('object-levels-0-5')).queryByRole('group')).not.toBeInTheDocument();
  });

  it('"No access", "Not set" and a level change each send the right action for that object only', async () => {
    const sent = setup(entry());
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Companies permissions of evan@acme.example' }), 'none');
    expect(sent.at(-1)).toMatchObject({ action: 'identity.setObjectLevels', payload: { memberId: 'm1', objectType: '0-2', levels: { access: 'none' } } });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Tickets permissions of evan@acme.example' }), 'not_set');
    expect(sent.at(-1)).toMatchObject({ action: 'identity.clearObjectLevels', payload: { memberId: 'm1', objectType: '0-5' } });
    const deals = screen.getByTestId('object-levels-0-3');
    await userEvent.selectOptions(within(deals).getByLabelText('Edit'), 'none');
    expect(sent.at(-1)).toMatchObject({
      action: 'identity.setObjectLevels',
      payload: { objectType: '0-3', levels: { access: 'levels', view: 'owned', edit: 'none', viewUnassigned: false, editUnassigned: false } },
    });
  });

  it('"Levels" starts from the contact levels; "Copy contacts levels" copies them exactly', async () => {
    const sent = setup(entry());
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Companies permissions of evan@acme.example' }), 'levels');
    expect(sent.at(-1)!.payload).toEqual({ memberId: 'm1', objectType: '0-2', levels: { access: 'levels', ...contacts } });
    await userEvent.click(within(screen.getByTestId('object-levels-0-5')).getByRole('button', { name: 'Copy contacts levels' }));
    expect(sent.at(-1)).toMatchObject({ action: 'identity.setObjectLevels', payload: { objectType: '0-5', levels: { access: 'levels', ...contacts } } });
  });

  it('cannot copy contact levels that are not set', () => {
    setup(entry({ levels: null }));
    for (const b of screen.getAllByRole('button', { name: 'Copy contacts levels' })) expect(b).toBeDisabled();
  });

  it('an entry without objectLevels (an older backend) reads as "not set" everywhere', () => {
    const { objectLevels: _drop, ...old } = entry();
    setup(old);
    for (const t of ['0-2', '0-3', '0-5']) expect(screen.getByTestId(`object-levels-${t}`)).toHaveAttribute('data-mode', 'not_set');
  });

  it('shows no object rows for an unlinked member', () => {
    setup(entry({ link: null }));
    expect(screen.queryByTestId('object-levels')).not.toBeInTheDocument();
  });
});
