import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CreateWorkspaceForm } from '../../components/options/account/CreateWorkspaceForm';
import { AccountCard } from '../../components/options/account/AccountCard';
import type { MessageEnvelope } from '../../lib/extension/messages';
import type { MeResponse as Me } from '../../lib/contract/api/accounts';

const me: Me = {
  member: { id: 'm1', email: 'rep@acme.example', emailVerified: false, displayName: 'Rep', role: 'member', status: 'active', createdAt: '2026-01-01T00:00:00.000Z', lastSignInAt: null },
  workspace: { id: 'w1', name: 'Acme', createdAt: '2026-01-01T00:00:00.000Z' },
  session: { expiresAt: '2026-01-02T00:00:00.000Z', idleTimeoutSeconds: 3600, staySignedIn: false },
};
const sent = (to: string) => ({ ok: true, data: { sentTo: to, expiresInSeconds: 900, message: `We sent a code to ${to}.` } });
const linkedUser = (evidence: string) => ({
  userId: '5002', ownerId: '7002', email: 'evan@acme.example', name: 'Evan', superAdmin: false, evidence, linkEvidence: evidence,
  active: true, teams: [], linkedAt: '2026-01-01T00:00:00.000Z', linkedBy: 'a1', syncedAt: null,
});
const identityMe = (evidence: string) => ({ ok: true, data: { memberId: 'm1', portalId: '1001', status: 'linked', hubspotUser: linkedUser(evidence), levels: null } });

describe('CreateWorkspaceForm', () => {
  it('asks for a code first (no password sent), then creates the workspace with the code and the password', async () => {
    const calls: MessageEnvelope[] = [];
    const send = vi.fn(async (m: unknown) => {
      const msg = m as MessageEnvelope;
      calls.push(msg);
      if (msg.action === 'session.createWorkspace') return sent('ada@acme.example');
      if (msg.action === 'session.verifyWorkspace') return { ok: true, data: { ...me, member: { ...me.member, emailVerified: true, role: 'admin' } } };
      return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    });
    const onSignedIn = vi.fn();
    render(<CreateWorkspaceForm send={send} onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Team or company name'), 'Acme');
    await userEvent.type(screen.getByLabelText(/Work email/), 'ada@acme.example');
    await userEvent.type(screen.getByLabelText('Password'), 'a long passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Email me a code' }));
    expect(await screen.findByTestId('create-workspace-code-sent')).toHaveTextContent('We sent a code to ada@acme.example');
    expect(calls[0]!.payload).toEqual({ workspaceName: 'Acme', email: 'ada@acme.example' });
    await userEvent.type(screen.getByLabelText('Code from the email'), '1234 5678');
    await userEvent.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(calls[1]).toMatchObject({ action: 'session.verifyWorkspace', payload: { email: 'ada@acme.example', code: '12345678', password: 'a long passphrase', staySignedIn: false } });
    expect(onSignedIn).toHaveBeenCalledOnce();
  });

  it('shows a wrong code as the server says it', async () => {
    const send = vi.fn(async (m: unknown) => {
      const msg = m as MessageEnvelope;
      if (msg.action === 'session.createWorkspace') return sent('ada@acme.example');
      return { ok: false, error: { code: 'code_invalid', message: 'That code is not right, has expired or was already used. Ask for a new one.' } };
    });
    render(<CreateWorkspaceForm send={send} onSignedIn={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Team or company name'), 'Acme');
    await userEvent.type(screen.getByLabelText(/Work email/), 'ada@acme.example');
    await userEvent.type(screen.getByLabelText('Password'), 'a long passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Email me a code' }));
    await userEvent.type(await screen.findByLabelText('Code from the email'), '00000000');
    await userEvent.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not right');
  });
});

describe('AccountCard', () => {
  it('verifies the email with a mailed code', async () => {
    const send = vi.fn(async (m: unknown) => {
      const msg = m as MessageEnvelope;
      if (msg.action === 'session.requestEmailCode') return sent('rep@acme.example');
      if (msg.action === 'session.verifyEmail') return { ok: true, data: { ...me, member: { ...me.member, emailVerified: true } } };
      if (msg.action === 'identity.me') return identityMe('verified_email');
      return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    });
    render(<AccountCard send={send} me={me} onSignedOut={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Verify your email' }));
    await userEvent.type(await screen.findByLabelText('Code from the email'), '12345678');
    await userEvent.click(screen.getByRole('button', { name: 'Verify email' }));
    expect(await screen.findByTestId('email-verified')).toBeInTheDocument();
  });

  it('marks an unverified HubSpot link and proves it with a code sent to the HubSpot user', async () => {
    let evidence = 'unverified';
    const send = vi.fn(async (m: unknown) => {
      const msg = m as MessageEnvelope;
      if (msg.action === 'identity.me') return identityMe(evidence);
      if (msg.action === 'identity.requestLinkProof') return sent('evan@acme.example');
      if (msg.action === 'identity.verifyLinkProof') {
        evidence = 'code_proof';
        return identityMe(evidence);
      }
      return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    });
    render(<AccountCard send={send} me={{ ...me, member: { ...me.member, emailVerified: true } }} onSignedOut={vi.fn()} />);
    expect(await screen.findByTestId('link-unverified')).toHaveTextContent('Unverified link — not proven by email');
    await userEvent.click(screen.getByTestId('prove-link-start'));
    expect(await screen.findByTestId('prove-link-code-sent')).toHaveTextContent('evan@acme.example');
    await userEvent.type(screen.getByLabelText('Code from the email'), '12345678');
    await userEvent.click(screen.getByRole('button', { name: 'Verify my HubSpot link' }));
    expect(await screen.findByTestId('link-verified')).toHaveTextContent('Verified by a code sent to the HubSpot user');
    expect(screen.queryByTestId('link-unverified')).not.toBeInTheDocument();
  });
});
