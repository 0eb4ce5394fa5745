import { describe, expect, it } from 'vitest';
import { buildDirectory, DirectoryIndex } from '../../../backend/services/identity/directory';
import { proposalFor } from '../../../backend/services/identity/proposals';

/** The directory join (users × owners) and link proposals, pure. */

const users = [
  { id: '5006', email: 'Oscar.Owned@acme.example', firstName: 'Oscar', lastName: 'Owned', superAdmin: false, primaryTeamId: '302', secondaryTeamIds: ['303'] },
  { id: '5001', email: 'alice.admin@acme.example', firstName: 'Alice', lastName: 'Admin', superAdmin: true },
];
const owners = [
  { id: '7006', userId: '5006', email: 'oscar.owned@acme.example', firstName: 'Oscar', lastName: 'Owned', teams: [{ id: '302', name: 'Sales East', primary: true }] },
  { id: '7001', userId: '5001', email: 'alice@old-domain.example', firstName: 'Alice', lastName: 'Admin', teams: [] },
  { id: '7009', userId: null, email: 'gone@acme.example', firstName: 'Gone', lastName: 'Person', archived: true },
];

describe('directory', () => {
  it('joins users with their owner ids, teams and names', () => {
    const dir = new DirectoryIndex(buildDirectory(users, owners), 0);
    expect(dir.usersById.get('5006')).toEqual({ userId: '5006', ownerId: '7006', email: 'oscar.owned@acme.example', name: 'Oscar Owned', superAdmin: false, teamIds: ['302', '303'] });
    expect(dir.usersById.get('5001')).toMatchObject({ ownerId: '7001', superAdmin: true, teamIds: [] });
    expect(dir.teamNames.get('302')).toBe('Sales East');
    expect(dir.ownersById.get('7009')?.name).toBe('Gone Person');
  });

  it('without the users scope, active owners stand in and nobody is a super admin', () => {
    const dir = new DirectoryIndex(buildDirectory(null, owners), 0);
    expect([...dir.usersById.keys()].sort()).toEqual(['5001', '5006']);
    expect(dir.usersById.get('5001')).toMatchObject({ superAdmin: false, ownerId: '7001' });
    expect(dir.usersById.get('5006')?.teamIds).toEqual(['302']);
  });
});

describe('link proposals', () => {
  const dir = new DirectoryIndex(buildDirectory(users, owners), 0);

  it('match the verified email against users, case-insensitively', () => {
    expect(proposalFor({ email: 'OSCAR.owned@acme.example', emailVerified: true }, dir, new Set())).toEqual({
      userId: '5006',
      ownerId: '7006',
      email: 'oscar.owned@acme.example',
      name: 'Oscar Owned',
      matchedBy: 'users',
      evidence: 'verified_email',
    });
  });

  it('fall back to owners whose user is in the portal', () => {
    expect(proposalFor({ email: 'alice@old-domain.example', emailVerified: true }, dir, new Set())).toMatchObject({ userId: '5001', matchedBy: 'owners' });
  });

  it('from an unverified email say that confirming proves nothing; never from an archived owner or a user already linked', () => {
    expect(proposalFor({ email: 'oscar.owned@acme.example', emailVerified: false }, dir, new Set())).toMatchObject({ userId: '5006', evidence: 'unverified' });
    expect(proposalFor({ email: 'gone@acme.example', emailVerified: true }, dir, new Set())).toBeNull();
    expect(proposalFor({ email: 'oscar.owned@acme.example', emailVerified: true }, dir, new Set(['5006']))).toBeNull();
    expect(proposalFor({ email: 'oscar.owned@acme.example', emailVerified: true }, null, new Set())).toBeNull();
  });
});
