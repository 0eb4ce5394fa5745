import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PipelineAccessCard } from '../../components/options/pipelines/PipelineAccessCard';
import type { PipelineAccessResponse } from '../../lib/contract/api/settings';
import type { MembersAnswer } from '../../lib/contract/api/identity';
import type { MessageEnvelope } from '../../lib/extension/messages';

const deals: PipelineAccessResponse = {
  objectType: '0-3',
  allUnrestricted: false,
  pipelines: [
    { id: 'default', label: 'Sales Pipeline', rule: { pipelineId: 'default', access: 'everyone', teamIds: [], userIds: [] } },
    { id: '811122', label: 'Enterprise deals', rule: null },
  ],
};
const tickets: PipelineAccessResponse = { objectType: '0-5', allUnrestricted: true, pipelines: [{ id: '0', label: 'Support Pipeline', rule: null }] };
const members: MembersAnswer = {
  portalId: '1001',
  directorySyncedAt: null,
  members: [],
  hubspotUsers: [
    { userId: '5006', ownerId: '7006', email: 'oscar@acme.example', name: 'Oscar Owned', superAdmin: false, teams: [{ id: '302', name: 'Sales East' }], linkedMemberId: null },
    { userId: '5002', ownerId: '7002', email: 'evan@acme.example', name: 'Evan', superAdmin: false, teams: [{ id: '301', name: 'Sales' }], linkedMemberId: null },
  ],
};

const lastSave = (sent: MessageEnvelope[]) => sent.filter((m) => m.action === 'pipelines.setAccess').at(-1);

function setup(opts: { access?: (type: string) => unknown } = {}) {
  const sent: MessageEnvelope[] = [];
  // What the backend holds: a save changes what the next load answers.
  const held: Record<string, PipelineAccessResponse> = { '0-3': deals, '0-5': tickets };
  const send = vi.fn(async (m: unknown) => {
    const msg = m as MessageEnvelope;
    sent.push(msg);
    if (msg.action === 'identity.members') return { ok: true, data: members };
    if (msg.action === 'pipelines.access') {
      const type = (msg.payload as { objectType: string }).objectType;
      return opts.access?.(type) ?? { ok: true, data: held[type] };
    }
    if (msg.action === 'pipelines.setAccess') {
      const { objectType, access } = msg.payload as { objectType: '0-3'; access: { allUnrestricted: boolean; rules: PipelineAccessResponse['pipelines'][number]['rule'][] } };
      const rules = new Map(access.rules.map((r) => [r!.pipelineId, r]));
      held[objectType] = { objectType, allUnrestricted: access.allUnrestricted, pipelines: deals.pipelines.map((p) => ({ ...p, rule: rules.get(p.id) ?? null })) };
      return { ok: true, data: held[objectType] };
    }
    return { ok: false, error: { code: 'invalid_message', message: 'no' } };
  });
  render(<PipelineAccessCard send={send} />);
  return sent;
}

describe('PipelineAccessCard', () => {
  it('first offers "restricts no pipelines", then a row per pipeline with its rule, and says how many have none', async () => {
    setup();
    const unrestricted = await screen.findByTestId('pipelines-unrestricted');
    expect(unrestricted.closest('label')).toHaveTextContent('This portal restricts no deal pipelines');
    expect(unrestricted).not.toBeChecked();
    expect(screen.getByTestId('pipeline-default')).toHaveAttribute('data-mode', 'everyone');
    expect(screen.getByTestId('pipeline-811122')).toHaveAttribute('data-mode', 'unset');
    expect(screen.getByTestId('pipelines-unset')).toHaveTextContent('1 pipeline has no rule');
  });

  it('restricts a pipeline to a team and a user and saves exactly those rules', async () => {
    const sent = setup();
    const row = await screen.findByTestId('pipeline-811122');
    await userEvent.selectOptions(within(row).getByRole('combobox'), 'restricted');
    await userEvent.selectOptions(screen.getByRole('listbox', { name: 'Teams that may see Enterprise deals' }), ['301']);
    await userEvent.selectOptions(screen.getByRole('listbox', { name: 'Users who may see Enterprise deals' }), ['5006']);
    await userEvent.click(screen.getByTestId('pipelines-save'));
    expect(lastSave(sent)).toEqual(
      expect.objectContaining({
        payload: {
          objectType: '0-3',
          access: {
            allUnrestricted: false,
            rules: [
              { pipelineId: 'default', access: 'everyone', teamIds: [], userIds: [] },
              { pipelineId: '811122', access: 'restricted', teamIds: ['301'], userIds: ['5006'] },
            ],
          },
        },
      }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent('Saved.');
    expect(screen.queryByTestId('pipelines-unset')).not.toBeInTheDocument();
  });

  it('"restricts no pipelines" hides the rows and saves the flag; tickets are a separate list', async () => {
    const sent = setup();
    await userEvent.click(await screen.findByTestId('pipelines-unrestricted'));
    expect(screen.queryByTestId('pipeline-default')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('pipelines-save'));
    expect(lastSave(sent)!.payload).toMatchObject({ objectType: '0-3', access: { allUnrestricted: true } });
    await userEvent.selectOptions(screen.getByLabelText('Object'), '0-5');
    expect(await screen.findByText('This portal restricts no ticket pipelines')).toBeInTheDocument();
    expect(sent.some((m) => m.action === 'pipelines.access' && (m.payload as { objectType: string }).objectType === '0-5')).toBe(true);
  });

  it('says how to add an object HubSpot did not grant, and that HubSpot must be connected first', async () => {
    setup({ access: () => ({ ok: false, error: { code: 'object_not_available', message: "Tickets aren't connected: HubSpot didn't grant tickets." } }) });
    expect(await screen.findByRole('alert')).toHaveTextContent("Tickets aren't connected");
    expect(screen.queryByTestId('pipelines-save')).not.toBeInTheDocument();
  });

  it('shows "connect HubSpot first" as a state, not an error', async () => {
    setup({ access: () => ({ ok: false, error: { code: 'portal_not_connected', message: 'No HubSpot portal.' } }) });
    expect(await screen.findByTestId('card-not-connected')).toHaveTextContent('Connect HubSpot above');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
