import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { AccessBadge } from '../../components/panel/AccessBadge';
import { IdentityRow } from '../../components/options/identity/IdentityRow';
import type { MemberEntry } from '../../lib/contract/api/identity';
import type { RecordAccess } from '../../lib/contract/api/records';

const access: RecordAccess = {
  canView: { allowed: true, code: 'owner', message: 'You own this contact.' },
  canEdit: { allowed: true, code: 'owner', message: 'You own this contact.' },
  source: 'ownership',
};

const entry = (evidence: 'verified_email' | 'code_proof' | 'unverified'): MemberEntry => ({
  memberId: 'm1',
  email: 'rep@acme.example',
  emailVerified: evidence === 'verified_email',
  role: 'member',
  link: { userId: '5002', ownerId: '7002', email: 'evan@acme.example', name: 'Evan', superAdmin: false, evidence, active: true, teams: [], linkedAt: '2026-01-01T00:00:00.000Z', linkedBy: 'a1', syncedAt: null },
  levels: null,
  proposal: null,
});

describe('unverified links are visibly marked', () => {
  it('in the rep panel verdict area', () => {
    const { rerender } = render(<AccessBadge access={access} unverifiedLink />);
    expect(screen.getByTestId('portside-link-unverified')).toHaveTextContent('Unverified link — not proven by email');
    rerender(<AccessBadge access={access} />);
    expect(screen.queryByTestId('portside-link-unverified')).not.toBeInTheDocument();
  });

  it("in the admin's People table, and proven links say how", () => {
    const row = (e: MemberEntry) => (
      <table>
        <tbody>
          <IdentityRow send={vi.fn()} entry={e} users={[]} onChanged={vi.fn()} />
        </tbody>
      </table>
    );
    const { rerender } = render(row(entry('unverified')));
    expect(screen.getByTestId('link-unverified')).toHaveTextContent('Unverified link — not proven by email');
    rerender(row(entry('verified_email')));
    expect(screen.getByTestId('link-verified')).toHaveTextContent('Verified by email');
    expect(screen.queryByTestId('link-unverified')).not.toBeInTheDocument();
  });
});
